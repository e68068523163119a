"""Ownership: only owners (and platform admins) change it; a team's rule for leavers' keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from litemaas_auth.app import teams as uc
from litemaas_auth.domain.teams import Limits, Member, Team
from litemaas_contracts import Event
from litemaas_contracts.identity import TeamMemberAdded, TeamMemberRemoved
from litemaas_servicekit.errors import Conflict, Forbidden, NotFound
from litemaas_servicekit.security import Principal

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


def _who(user_id: str, *roles: str) -> Principal:
    return Principal(user_id, user_id, frozenset({"user", *roles}))


OWNER, TEAM_ADMIN, MEMBER = _who("owner"), _who("team-admin"), _who("member")
PLATFORM_ADMIN = _who("root", "admin")


class FakeTeams:
    def __init__(self) -> None:
        self.the_team = Team("t1", "research", "", Limits(), False, "owner", NOW, NOW)
        self.rows = {
            "owner": Member("t1", "owner", "owner"),
            "team-admin": Member("t1", "team-admin", "admin"),
            "member": Member("t1", "member", "member"),
        }
        self.events: list[Event] = []

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeTeams]:
        yield self

    async def record(self, event: Event) -> None:
        self.events.append(event)

    async def team(self, team_id: str, *, lock: bool = False) -> Team | None:
        return self.the_team if team_id == "t1" else None

    async def name_taken(self, name: str, *, other_than: str = "") -> bool:
        return False

    async def user_exists(self, user_id: str) -> bool:
        return True

    async def user_named(self, username: str) -> str | None:
        return {"nina": "u-nina"}.get(username)

    async def teams_of(self, user_id: str | None) -> list[Team]:
        return [self.the_team]

    async def members(self, team_id: str) -> dict[str, Member]:
        return dict(self.rows)

    async def add_team(self, team: Team) -> None: ...
    async def save_team(self, team: Team) -> None:
        self.the_team = team

    async def add_member(self, member: Member, at: datetime) -> None:
        self.rows[member.user_id] = member

    async def set_role(self, member: Member) -> None:
        self.rows[member.user_id] = member

    async def remove_member(self, team_id: str, user_id: str) -> None:
        del self.rows[user_id]


async def test_a_team_admin_cannot_add_an_owner_but_an_owner_and_a_platform_admin_can() -> None:
    store = FakeTeams()
    with pytest.raises(Forbidden, match="owners"):
        await uc.add_member(store, TEAM_ADMIN, "t1", "newcomer", "owner")
    await uc.add_member(store, TEAM_ADMIN, "t1", "newcomer", "member")
    await uc.add_member(store, OWNER, "t1", "second-owner", "owner")
    await uc.add_member(store, PLATFORM_ADMIN, "t1", "third-owner", "owner")


async def test_a_team_admin_cannot_remove_an_owner() -> None:
    store = FakeTeams()
    await uc.add_member(store, OWNER, "t1", "second-owner", "owner")
    with pytest.raises(Forbidden, match="owners"):
        await uc.remove_member(store, TEAM_ADMIN, "t1", "second-owner")
    await uc.remove_member(store, OWNER, "t1", "second-owner")


async def test_the_leavers_keys_follow_the_teams_setting_set_by_owners_only() -> None:
    store = FakeTeams()
    with pytest.raises(Forbidden):
        await uc.change_team(store, TEAM_ADMIN, "t1", member_keys_on_leave="revoke")
    await uc.change_team(store, OWNER, "t1", member_keys_on_leave="revoke")
    await uc.remove_member(store, TEAM_ADMIN, "t1", "member")
    removed = store.events[-1]
    assert isinstance(removed, TeamMemberRemoved) and removed.member_keys == "revoke"


async def test_by_default_a_leavers_keys_keep_working_for_the_team() -> None:
    store = FakeTeams()
    await uc.remove_member(store, MEMBER, "t1", "member")  # leaving needs no manager
    removed = store.events[-1]
    assert isinstance(removed, TeamMemberRemoved) and removed.member_keys == "keep"
    assert replace(store.the_team).member_keys_on_leave == "keep"


async def test_a_role_change_keeps_the_member_and_announces_the_new_role() -> None:
    store = FakeTeams()
    view = await uc.change_role(store, TEAM_ADMIN, "t1", "member", "admin")
    assert view.members["member"].role == store.rows["member"].role == "admin"
    changed = store.events[-1]
    assert isinstance(changed, TeamMemberAdded)
    assert (changed.user_id, changed.role, changed.added_by) == ("member", "admin", "team-admin")
    # the same role again changes nothing and announces nothing
    await uc.change_role(store, TEAM_ADMIN, "t1", "member", "admin")
    assert len(store.events) == 1


async def test_only_owners_make_or_unmake_owners_and_one_owner_stays() -> None:
    store = FakeTeams()
    with pytest.raises(Forbidden, match="owners"):
        await uc.change_role(store, TEAM_ADMIN, "t1", "member", "owner")
    with pytest.raises(Forbidden, match="owners"):
        await uc.change_role(store, TEAM_ADMIN, "t1", "owner", "member")
    with pytest.raises(Forbidden, match="owners and admins"):
        await uc.change_role(store, MEMBER, "t1", "member", "admin")
    with pytest.raises(Conflict, match="at least one owner"):
        await uc.change_role(store, OWNER, "t1", "owner", "admin")
    await uc.change_role(store, PLATFORM_ADMIN, "t1", "member", "owner")
    await uc.change_role(store, OWNER, "t1", "owner", "member")
    assert store.rows["owner"].role == "member" and store.rows["member"].role == "owner"


async def test_a_role_change_needs_a_member() -> None:
    with pytest.raises(Conflict, match="not a member"):
        await uc.change_role(FakeTeams(), OWNER, "t1", "stranger", "admin")


async def test_a_member_is_added_by_username_or_refused_when_no_one_has_it() -> None:
    store = FakeTeams()
    view = await uc.add_member(store, OWNER, "t1", None, "member", username="nina")
    assert view.members["u-nina"].username == "nina"
    with pytest.raises(NotFound):
        await uc.add_member(store, OWNER, "t1", None, "member", username="nobody")
