"""Push users to LiteLLM: each LiteMaaS user exists there with the same email and alias."""

from __future__ import annotations

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated, UserDeactivated, UserUpdated
from litemaas_contracts.sync import Action
from litemaas_sync.app.audit import applied
from litemaas_sync.app.ports import Audit, LiteLLMUsers
from litemaas_sync.domain.users import LiteLLMUser, plan


async def ensure_user(
    event: UserCreated | UserUpdated, envelope: Envelope, litellm: LiteLLMUsers, audit: Audit
) -> None:
    """Idempotent: looks before it writes, and 'already exists' counts as success."""
    desired = LiteLLMUser(event.user_id, event.email, event.username)
    actual = await litellm.get_user(event.user_id)
    action: Action
    match plan(desired, actual):
        case "create":
            created = await litellm.create_user(desired)
            action, detail = (
                ("created", "") if created else ("already_present", "409 from /user/new")
            )
        case "update":
            await litellm.update_user(desired)
            action, detail = "updated", "email or alias differed"
        case _:
            action, detail = "already_present", ""
    await audit(applied(envelope, "user", event.user_id, action, detail))


async def note_deactivation(event: UserDeactivated, envelope: Envelope, audit: Audit) -> None:
    """LiteLLM has no user-level switch; the user's keys are blocked by the keys flow."""
    await audit(
        applied(
            envelope,
            "user",
            event.user_id,
            "skipped",
            "LiteLLM users cannot be disabled; keys are blocked when revoked",
        )
    )
