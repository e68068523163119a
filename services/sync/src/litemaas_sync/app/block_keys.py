"""Block and unblock keys in LiteLLM (their owner was deactivated, or reactivated)."""

from __future__ import annotations

from litemaas_contracts import Envelope
from litemaas_contracts.keys import ApiKeyBlocked, ApiKeyUnblocked
from litemaas_sync.app.audit import applied
from litemaas_sync.app.desired import Tracking, confirm, superseded
from litemaas_sync.app.ports import Audit
from litemaas_sync.app.push_keys import LiteLLMKeysPort


async def set_blocked(
    event: ApiKeyBlocked | ApiKeyUnblocked,
    envelope: Envelope,
    litellm: LiteLLMKeysPort,
    audit: Audit,
    tracking: Tracking | None = None,
) -> None:
    """Idempotent: looks first, writes only what differs; the key is found by its hash. With
    ``tracking`` the desired state keeps the key's block, and the write is read back."""
    blocked = isinstance(event, ApiKeyBlocked)
    if tracking:
        await tracking.desired.record(
            "key", event.key_hash, {"blocked": blocked}, event_id=envelope.id, at=envelope.time
        )
        if await superseded(tracking, "key", event.key_hash, ["blocked"], envelope.time):
            detail = f"not {'blocked' if blocked else 'unblocked'}: superseded by a later event"
            return await audit(applied(envelope, "key", event.key_id, "skipped", detail))
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
    if not await confirm(
        tracking,
        "key",
        event.key_hash,
        {"blocked": blocked},
        lambda: litellm.set_blocked(event.key_hash, blocked),
    ):
        why += "; not confirmed by a read-back (conflict reported)"
    await audit(applied(envelope, "key", event.key_id, "updated", f"{wanted}{why}"))
