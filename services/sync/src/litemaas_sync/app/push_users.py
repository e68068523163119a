"""Push users to LiteLLM: each LiteMaaS user exists there with the same email and alias."""

from __future__ import annotations

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated, UserDeactivated, UserUpdated
from litemaas_contracts.sync import Action
from litemaas_sync.app.audit import applied
from litemaas_sync.app.desired import Tracking, confirm
from litemaas_sync.app.ports import Audit, LiteLLMUsers
from litemaas_sync.domain.users import LiteLLMUser, plan


async def _desired(
    event: UserCreated | UserUpdated, envelope: Envelope, tracking: Tracking
) -> LiteLLMUser:
    """The user as the desired state has it after this event: a later change (an event, or a
    LiteLLM change adopted by newest_wins) is not undone by a replayed older event."""
    values = {"email": event.email, "alias": event.username}
    await tracking.desired.record(
        "user", event.user_id, values, event_id=envelope.id, at=envelope.time
    )
    known = await tracking.desired.get("user", event.user_id)
    fields = known.fields if known else {}
    email, alias = (fields[n].value if n in fields else values[n] for n in ("email", "alias"))
    return LiteLLMUser(event.user_id, email, alias)


async def ensure_user(
    event: UserCreated | UserUpdated,
    envelope: Envelope,
    litellm: LiteLLMUsers,
    audit: Audit,
    tracking: Tracking | None = None,
) -> None:
    """Idempotent: looks before it writes, and 'already exists' counts as success. With
    ``tracking`` the desired state keeps the user, and every write is read back."""
    if tracking and await tracking.desired.status("user", event.user_id) == "tombstoned":
        return await audit(applied(envelope, "user", event.user_id, "skipped", "tombstoned"))
    desired = LiteLLMUser(event.user_id, event.email, event.username)
    if tracking:
        desired = await _desired(event, envelope, tracking)
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
    if action != "already_present" or detail:
        expected = {"email": desired.email, "alias": desired.alias}
        if not await confirm(
            tracking, "user", event.user_id, expected, lambda: litellm.update_user(desired)
        ):
            detail = f"{detail}; not confirmed by a read-back (conflict reported)".lstrip("; ")
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
