"""Team use cases: each one transaction; every change leaves as an event through the outbox."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Protocol

from litemaas_auth.domain import teams as rules
from litemaas_auth.domain.teams import MANAGERS, Limits, Member, MemberKeys, Team, TeamRole
from litemaas_contracts import Event
from litemaas_servicekit.errors import Conflict, Forbidden, NotFound
from litemaas_servicekit.security import ADMIN, Principal


class TeamStore(Protocol):
    async def record(self, event: Event) -> None: ...
    async def team(self, team_id: str, *, lock: bool = False) -> Team | None: ...
    async def name_taken(self, name: str, *, other_than: str = "") -> bool: ...
    async def user_exists(self, user_id: str) -> bool: ...
    async def user_named(self, username: str) -> str | None:
        """The id of the active user with this username."""

    async def teams_of(self, user_id: str | None) -> list[Team]: ...
    async def members(self, team_id: str) -> dict[str, Member]: ...
    async def add_team(self, team: Team) -> None: ...
    async def save_team(self, team: Team) -> None: ...
    async def add_member(self, member: Member, at: datetime) -> None: ...
    async def set_role(self, member: Member) -> None: ...
    async def remove_member(self, team_id: str, user_id: str) -> None: ...


class TeamTransactions(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[TeamStore]: ...


@dataclass(frozen=True)
class TeamView:
    team: Team
    members: dict[str, Member]


async def _visible(
    store: TeamStore, caller: Principal, team_id: str, lock: bool = False
) -> TeamView:
    """Teams the caller is not in are 'not found' unless the caller may read everything."""
    team = await store.team(team_id, lock=lock)
    members = await store.members(team_id) if team else {}
    if team is None or (caller.user_id not in members and not caller.can_read_everything):
        raise NotFound(f"no team {team_id!r}")
    return TeamView(team, members)


def _require_manager(view: TeamView, caller: Principal) -> None:
    member = view.members.get(caller.user_id)
    if not caller.is_admin and (member is None or member.role not in MANAGERS):
        raise Forbidden("only the team's owners and admins (or a platform admin) may do this")


def _guard(exc: rules.TeamRuleBroken) -> Conflict:
    return Conflict(str(exc))


def _require_owner(view: TeamView, caller: Principal, what: str) -> None:
    member = view.members.get(caller.user_id)
    try:
        rules.check_owner_power(member.role if member else None, caller.is_admin, what)
    except rules.OwnersOnly as exc:
        raise Forbidden(str(exc)) from exc


async def create_team(
    tx: TeamTransactions, caller: Principal, name: str, description: str, limits: Limits
) -> TeamView:
    if limits != Limits() and not caller.is_admin:
        raise Forbidden("budgets and limits are set by platform admins")
    now = datetime.now(UTC)
    async with tx() as store:
        if await store.name_taken(name):
            raise Conflict(f"a team named {name!r} exists")
        team, owner, created, added = rules.create(name, description, limits, caller.user_id, now)
        owner = replace(owner, username=caller.username)
        await store.add_team(team)
        await store.add_member(owner, now)
        await store.record(created)
        await store.record(added)
    return TeamView(team, {owner.user_id: owner})


async def get_team(tx: TeamTransactions, caller: Principal, team_id: str) -> TeamView:
    async with tx() as store:
        return await _visible(store, caller, team_id)


async def list_teams(tx: TeamTransactions, caller: Principal, everyone: bool) -> list[Team]:
    async with tx() as store:
        return await store.teams_of(
            None if everyone and caller.can_read_everything else caller.user_id
        )


async def change_team(
    tx: TeamTransactions,
    caller: Principal,
    team_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    limits: Limits | None = None,
    archive: bool = False,
    member_keys_on_leave: MemberKeys | None = None,
) -> TeamView:
    if limits is not None:
        caller.require(ADMIN)
    async with tx() as store:
        view = await _visible(store, caller, team_id, lock=True)
        _require_manager(view, caller)
        if archive:
            _require_owner(view, caller, "archive the team")
        if member_keys_on_leave is not None:
            _require_owner(view, caller, "decide what happens to a leaving member's keys")
        if name and await store.name_taken(name, other_than=team_id):
            raise Conflict(f"a team named {name!r} exists")
        try:
            team, event = rules.change(
                view.team,
                name=name,
                description=description,
                limits=limits,
                archive=archive or view.team.archived,
                actor=caller.user_id,
                now=datetime.now(UTC),
                member_keys_on_leave=member_keys_on_leave,
            )
        except rules.TeamRuleBroken as exc:
            raise _guard(exc) from exc
        if event is not None:
            await store.save_team(team)
            await store.record(event)
        return TeamView(team, view.members)


async def add_member(
    tx: TeamTransactions,
    caller: Principal,
    team_id: str,
    user_id: str | None,
    role: TeamRole,
    username: str | None = None,
) -> TeamView:
    """By user id, or by username (what people know each other by)."""
    now = datetime.now(UTC)
    async with tx() as store:
        view = await _visible(store, caller, team_id, lock=True)
        _require_manager(view, caller)
        if role == "owner":
            _require_owner(view, caller, "add an owner")
        if username is not None:
            user_id = await store.user_named(username)
            if user_id is None:
                raise NotFound(f"no active user named {username!r}")
        if user_id is None or not await store.user_exists(user_id):
            raise NotFound(f"no active user {user_id!r}")
        try:
            member, event = rules.add_member(
                view.team, view.members, user_id, role, caller.user_id, now
            )
        except rules.TeamRuleBroken as exc:
            raise _guard(exc) from exc
        member = replace(member, username=username)
        await store.add_member(member, now)
        await store.record(event)
        return TeamView(view.team, {**view.members, user_id: member})


async def change_role(
    tx: TeamTransactions, caller: Principal, team_id: str, user_id: str, role: TeamRole
) -> TeamView:
    async with tx() as store:
        view = await _visible(store, caller, team_id, lock=True)
        _require_manager(view, caller)
        current = view.members.get(user_id)
        if role == "owner" or (current is not None and current.role == "owner"):
            _require_owner(view, caller, "make or unmake an owner")
        try:
            member, event = rules.change_role(
                view.team, view.members, user_id, role, caller.user_id, datetime.now(UTC)
            )
        except rules.TeamRuleBroken as exc:
            raise _guard(exc) from exc
        if event is not None:
            await store.set_role(member)
            await store.record(event)
        return TeamView(view.team, {**view.members, user_id: member})


async def remove_member(
    tx: TeamTransactions, caller: Principal, team_id: str, user_id: str
) -> TeamView:
    async with tx() as store:
        view = await _visible(store, caller, team_id, lock=True)
        if user_id != caller.user_id:  # leaving a team needs no manager
            _require_manager(view, caller)
            leaving = view.members.get(user_id)
            if leaving is not None and leaving.role == "owner":
                _require_owner(view, caller, "remove an owner")
        try:
            event = rules.remove_member(
                view.team, view.members, user_id, caller.user_id, datetime.now(UTC)
            )
        except rules.TeamRuleBroken as exc:
            raise _guard(exc) from exc
        await store.remove_member(team_id, user_id)
        await store.record(event)
        return TeamView(view.team, {k: v for k, v in view.members.items() if k != user_id})
