"""Push teams to LiteLLM: each LiteMaaS team exists there with its budget, limits and members."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal, Protocol

from litemaas_contracts import Envelope
from litemaas_contracts.identity import (
    TeamCreated,
    TeamMemberAdded,
    TeamMemberRemoved,
    TeamUpdated,
)
from litemaas_contracts.sync import Action
from litemaas_servicekit.ordering import NotYet
from litemaas_sync.app.audit import applied
from litemaas_sync.app.desired import Tracking, confirm, superseded
from litemaas_sync.app.ports import Audit
from litemaas_sync.domain.budgets import Budget
from litemaas_sync.domain.drift import MEMBER, money
from litemaas_sync.domain.teams import LiteLLMTeam, MemberKey, plan

#: LiteLLM's team admins need an enterprise licence: every member is a plain "user" there,
#: and LiteMaaS keeps the real team roles itself
LITELLM_MEMBER_ROLE = "user"


class LiteLLMTeamsPort(Protocol):
    async def get_team(self, team_id: str) -> tuple[LiteLLMTeam, set[str]] | None: ...
    async def create_team(self, team: LiteLLMTeam) -> None: ...
    async def update_team(self, team: LiteLLMTeam) -> None: ...
    async def add_member(self, team_id: str, user_id: str, role: str) -> None: ...
    async def remove_member(self, team_id: str, user_id: str) -> None: ...


class TeamBudgets(Protocol):
    async def for_subject(self, scope: Literal["team"], subject: str) -> Budget | None: ...


class LiteLLMMemberKeysPort(Protocol):
    async def member_keys(self, team_id: str, user_id: str) -> list[MemberKey]: ...
    async def detach(self, key_hash: str) -> bool: ...


async def ensure_team(
    event: TeamCreated | TeamUpdated,
    envelope: Envelope,
    litellm: LiteLLMTeamsPort,
    audit: Audit,
    budgets: TeamBudgets | None = None,
    tracking: Tracking | None = None,
) -> None:
    """Idempotent: looks before it writes; an archived team is blocked in LiteLLM. A budget
    set on the team in billing wins over the team's own budget fields. With ``tracking`` the
    desired state keeps the team's own fields, and every write is read back."""
    if tracking and await tracking.desired.status("team", event.team_id) == "tombstoned":
        return await audit(applied(envelope, "team", event.team_id, "skipped", "tombstoned"))
    desired = LiteLLMTeam(
        event.team_id,
        event.name,
        event.max_budget,
        event.budget_duration,
        event.tpm_limit,
        event.rpm_limit,
        blocked=isinstance(event, TeamUpdated) and event.archived,
    )
    own = desired
    budget = await budgets.for_subject("team", event.team_id) if budgets else None
    if budget is not None:
        wanted = budget.in_litellm()
        desired = replace(
            desired, max_budget=wanted.max_budget, budget_duration=wanted.budget_duration
        )
    if tracking:
        await tracking.desired.record(
            "team", event.team_id, _values(own), event_id=envelope.id, at=envelope.time
        )
        if await superseded(tracking, "team", event.team_id, _values(own), envelope.time):
            detail = "superseded by a later event (the reconciler keeps LiteLLM in step)"
            return await audit(applied(envelope, "team", event.team_id, "skipped", detail))
    found = await litellm.get_team(event.team_id)
    action: Action
    match plan(desired, found[0] if found else None):
        case "create":
            await litellm.create_team(desired)
            action = "created"
        case "update":
            await litellm.update_team(desired)
            action = "updated"
        case _:
            action = "already_present"
    detail = ""
    if action != "already_present" and not await confirm(
        tracking, "team", event.team_id, _values(desired), lambda: litellm.update_team(desired)
    ):
        detail = "not confirmed by a read-back (conflict reported)"
    await audit(applied(envelope, "team", event.team_id, action, detail))


def _values(team: LiteLLMTeam) -> dict[str, object]:
    return {
        "alias": team.alias,
        "max_budget": money(team.max_budget),
        "budget_duration": team.budget_duration,
        "tpm_limit": team.tpm_limit,
        "rpm_limit": team.rpm_limit,
        "blocked": team.blocked,
    }


class TeamNotYetInLiteLLM(NotYet):
    """A membership arrived before its team reached LiteLLM: it waits for the team while it is
    young, then is retried and dead-lettered."""


async def ensure_membership(
    event: TeamMemberAdded | TeamMemberRemoved,
    envelope: Envelope,
    litellm: LiteLLMTeamsPort,
    keys: LiteLLMMemberKeysPort,
    audit: Audit,
    tracking: Tracking | None = None,
) -> None:
    """Idempotent: looks at LiteLLM's members first; a replay finds nothing left to do."""
    found = await litellm.get_team(event.team_id)
    if found is None:
        raise TeamNotYetInLiteLLM(f"team {event.team_id} is not in LiteLLM yet")
    member, entity = MEMBER + event.user_id, f"{event.team_id}/{event.user_id}"
    joined = isinstance(event, TeamMemberAdded)
    if tracking:
        await tracking.desired.record(
            "team", event.team_id, {member: joined}, event_id=envelope.id, at=envelope.time
        )
        if await superseded(tracking, "team", event.team_id, [member], envelope.time):
            detail = "superseded by a later membership event"
            return await audit(applied(envelope, "team_member", entity, "skipped", detail))
    members = found[1]
    if isinstance(event, TeamMemberAdded):
        if event.user_id in members:
            return await audit(applied(envelope, "team_member", entity, "already_present"))
        await litellm.add_member(event.team_id, event.user_id, LITELLM_MEMBER_ROLE)
        await confirm(
            tracking,
            "team",
            event.team_id,
            {member: True},
            lambda: litellm.add_member(event.team_id, event.user_id, LITELLM_MEMBER_ROLE),
        )
        return await audit(applied(envelope, "team_member", entity, "created"))
    if event.user_id not in members:
        return await audit(
            applied(envelope, "team_member", entity, "already_present", "not a member")
        )
    detached = await detach_member_keys(event, envelope, keys, audit)
    await litellm.remove_member(event.team_id, event.user_id)
    await confirm(
        tracking,
        "team",
        event.team_id,
        {member: False},
        lambda: litellm.remove_member(event.team_id, event.user_id),
    )
    await audit(
        applied(
            envelope,
            "team_member",
            entity,
            "deleted",
            f"member_keys={event.member_keys}; {detached} team key(s) detached from them first",
        )
    )


async def detach_member_keys(
    event: TeamMemberRemoved, envelope: Envelope, keys: LiteLLMMemberKeysPort, audit: Audit
) -> int:
    """LiteLLM's ``/team/member_delete`` deletes every key of that user in that team, but the
    team's keys outlive their maker in LiteMaaS: each one is detached from the leaver first
    (its user set to none), whatever the team's setting. With "keep" the team goes on using
    them; with "revoke" the keys service revokes them, and sync deletes them on ApiKeyRevoked,
    so LiteLLM never drops a key LiteMaaS still counts as live. Returns how many it detached."""
    detached = 0
    for key in await keys.member_keys(event.team_id, event.user_id):
        if not await keys.detach(key.key_hash):
            continue  # deleted meanwhile (revoked by its team): nothing left to keep
        detached += 1
        detail = (
            f"detached from {event.user_id}, who left team {event.team_id} "
            f"(member_keys={event.member_keys}): the key is the team's alone"
        )
        await audit(applied(envelope, "key", key.key_id or key.key_hash, "updated", detail))
    return detached
