"""Block and unblock keys in LiteLLM (their owner was deactivated, or reactivated)."""

from __future__ import annotations

from litemaas_contracts import Envelope
from litemaas_contracts.keys import ApiKeyBlocked, ApiKeyUnblocked
from litemaas_sync.app.audit import applied
from litemaas_sync.app.ports import Audit
from litemaas_sync.app.push_keys import LiteLLMKeysPort


async def set_blocked(
    event: ApiKeyBlocked | ApiKeyUnblocked,
    envelope: Envelope,
    litellm: LiteLLMKeysPort,
    audit: Audit,
) -> None:
    """Idempotent: looks first, writes only what differs; the key is found by its hash."""
    blocked = isinstance(event, ApiKeyBlocked)
    wanted = "blocked" if blocked else "unblocked"
    why = f" ({event.reason})" if event.reason else ""
    state = await litellm.state(event.key_hash)
    if state == "absent":
        return await audit(
            applied(
                envelope,
                "key",
                event.key_id,
                "skipped",
                f"not {wanted}: not in LiteLLM (never provisioned, or already deleted)",
            )
        )
    if (state == "blocked") == blocked:
        return await audit(
            applied(envelope, "key", event.key_id, "already_present", f"already {wanted}{why}")
        )
    await litellm.set_blocked(event.key_hash, blocked)
    await audit(applied(envelope, "key", event.key_id, "updated", f"{wanted}{why}"))
