"""Teams: who may change what, and which events a change produces. No I/O.

Any user may create a team and becomes its owner. Owners and team admins manage its name and
members; ownership (adding an owner, removing one) and what happens to a leaving member's keys
are for owners and platform admins only; budgets and limits are governance, set by platform
admins only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal

from litemaas_contracts.identity import TeamCreated, TeamMemberAdded, TeamMemberRemoved, TeamUpdated

TeamRole = Literal["owner", "admin", "member"]
#: a leaving member's keys: they keep working for the team, or they are revoked
MemberKeys = Literal["keep", "revoke"]
MANAGERS: frozenset[str] = frozenset({"owner", "admin"})


class TeamRuleBroken(Exception):
    """A change the team's rules do not allow (409)."""


class OwnersOnly(Exception):
    """Only the team's owners (or a platform admin) may do this (403)."""


def check_owner_power(actor_role: str | None, platform_admin: bool, what: str) -> None:
    """Ownership changes hands only by an owner's (or a platform admin's) decision."""
    if not platform_admin and actor_role != "owner":
        raise OwnersOnly(f"only the team's owners (or a platform admin) may {what}")


@dataclass(frozen=True)
class Limits:
    max_budget: Decimal | None = None
    budget_duration: str | None = None
    tpm_limit: int | None = None
    rpm_limit: int | None = None


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    description: str
    limits: Limits
    archived: bool
    created_by: str
    created_at: datetime
    updated_at: datetime
    member_keys_on_leave: MemberKeys = "keep"


@dataclass(frozen=True)
class Member:
    team_id: str
    user_id: str
    role: TeamRole
    #: for people to read; not part of the membership (None when not looked up)
    username: str | None = field(default=None, compare=False)


def create(
    name: str, description: str, limits: Limits, creator: str, now: datetime
) -> tuple[Team, Member, TeamCreated, TeamMemberAdded]:
    team = Team(str(uuid.uuid4()), name, description, limits, False, creator, now, now)
    owner = Member(team.id, creator, "owner")
    created = TeamCreated(
        team_id=team.id,
        name=name,
        description=description,
        max_budget=limits.max_budget,
        budget_duration=limits.budget_duration,
        tpm_limit=limits.tpm_limit,
        rpm_limit=limits.rpm_limit,
        created_by=creator,
        created_at=now,
    )
    added = TeamMemberAdded(
        team_id=team.id, user_id=creator, role="owner", added_by=creator, added_at=now
    )
    return team, owner, created, added


def updated(team: Team, actor: str, now: datetime) -> TeamUpdated:
    return TeamUpdated(
        team_id=team.id,
        name=team.name,
        description=team.description,
        max_budget=team.limits.max_budget,
        budget_duration=team.limits.budget_duration,
        tpm_limit=team.limits.tpm_limit,
        rpm_limit=team.limits.rpm_limit,
        archived=team.archived,
        updated_by=actor,
        updated_at=now,
    )


def change(
    team: Team,
    *,
    name: str | None,
    description: str | None,
    limits: Limits | None,
    archive: bool,
    actor: str,
    now: datetime,
    member_keys_on_leave: MemberKeys | None = None,
) -> tuple[Team, TeamUpdated | None]:
    if team.archived:
        raise TeamRuleBroken(f"team {team.name!r} is archived")
    new = replace(
        team,
        name=name or team.name,
        description=team.description if description is None else description,
        limits=limits or team.limits,
        archived=archive,
        member_keys_on_leave=member_keys_on_leave or team.member_keys_on_leave,
    )
    if new == team:
        return team, None
    new = replace(new, updated_at=now)
    return new, updated(new, actor, now)


def add_member(
    team: Team, members: dict[str, Member], user_id: str, role: TeamRole, actor: str, now: datetime
) -> tuple[Member, TeamMemberAdded]:
    if team.archived:
        raise TeamRuleBroken(f"team {team.name!r} is archived")
    if user_id in members:
        raise TeamRuleBroken("the user is already a member")
    return Member(team.id, user_id, role), TeamMemberAdded(
        team_id=team.id, user_id=user_id, role=role, added_by=actor, added_at=now
    )


def change_role(
    team: Team, members: dict[str, Member], user_id: str, role: TeamRole, actor: str, now: datetime
) -> tuple[Member, TeamMemberAdded | None]:
    """A member's new role, announced as TeamMemberAdded with that role: every consumer keeps a
    member's role by (team, user) and sets it again from that event (nothing is removed, so a
    member's custody of team keys survives). The same role again announces nothing."""
    if team.archived:
        raise TeamRuleBroken(f"team {team.name!r} is archived")
    current = members.get(user_id)
    if current is None:
        raise TeamRuleBroken("the user is not a member")
    if current.role == role:
        return current, None
    owners = [m for m in members.values() if m.role == "owner"]
    if current.role == "owner" and len(owners) == 1:
        raise TeamRuleBroken("a team keeps at least one owner")
    return Member(team.id, user_id, role), TeamMemberAdded(
        team_id=team.id, user_id=user_id, role=role, added_by=actor, added_at=now
    )


def remove_member(
    team: Team, members: dict[str, Member], user_id: str, actor: str, now: datetime
) -> TeamMemberRemoved:
    if user_id not in members:
        raise TeamRuleBroken("the user is not a member")
    owners = [m for m in members.values() if m.role == "owner"]
    if members[user_id].role == "owner" and len(owners) == 1:
        raise TeamRuleBroken("a team keeps at least one owner")
    return TeamMemberRemoved(
        team_id=team.id,
        user_id=user_id,
        member_keys=team.member_keys_on_leave,
        removed_by=actor,
        removed_at=now,
    )
