"""A user's email or username changed straight in LiteLLM, adopted by auth when it can be."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from litemaas_auth.app.external import AdoptionRefused, adopt_external_change, adopt_team_change
from litemaas_auth.domain.users import User
from litemaas_contracts.identity import (
    TeamMemberAdded,
    TeamMemberRemoved,
    TeamUpdated,
    UserUpdated,
)
from litemaas_contracts.sync import ExternalChangeDetected
from services.auth.tests.unit.fakes import FakeUsers
from services.auth.tests.unit.test_team_ownership import FakeTeams

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


def _store() -> FakeUsers:
    store = FakeUsers()
    for uid, name in (("u-1", "alice"), ("u-2", "bob")):
        store.users[uid] = User(uid, name, f"{name}@example.com", None, (), True, NOW, NOW)
    return store


def _found(
    field: str, value: object, user: str = "u-1", kind: str = "user"
) -> ExternalChangeDetected:
    return ExternalChangeDetected(
        conflict_id="c1",
        entity_type=kind,  # type: ignore[arg-type]
        entity_id=user,
        field=field,
        value=json.dumps(value),
        previous=json.dumps(None),
        changed_at=NOW,
    )


async def test_an_email_and_a_username_set_in_litellm_become_the_users() -> None:
    store = _store()
    await adopt_external_change(store, _found("email", "Alice@Corp.Example"))
    await adopt_external_change(store, _found("alias", "alice.smith"))
    user = store.users["u-1"]
    assert (user.email, user.username) == ("alice@corp.example", "alice.smith")
    assert [type(e) for e in store.events] == [UserUpdated, UserUpdated]
    assert store.locked == ["u-1", "u-1"], "read FOR UPDATE"
    await adopt_external_change(store, _found("alias", "alice.smith"))
    assert len(store.events) == 2, "a value the user has changes nothing"


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("email", "not-an-email", "not an email"),
        ("alias", "Alice Smith", "username must be"),
        ("alias", "bob", "belongs to another user"),
        ("email", None, "empty"),
    ],
)
async def test_a_value_auth_cannot_accept_is_refused_with_the_reason(
    field: str, value: object, why: str
) -> None:
    store = _store()
    with pytest.raises(AdoptionRefused, match=why):
        await adopt_external_change(store, _found(field, value))
    assert store.users["u-1"].username == "alice" and store.events == []


async def test_other_fields_entities_and_unknown_users_are_left_alone() -> None:
    store = _store()
    await adopt_external_change(store, _found("max_budget", 5))
    await adopt_external_change(store, _found("alias", "carol", kind="team"))
    await adopt_external_change(store, _found("alias", "carol", user="u-404"))
    assert store.events == []


async def test_a_team_name_set_in_litellm_becomes_the_teams_unless_it_cannot() -> None:
    teams = FakeTeams()
    await adopt_team_change(teams, _found("alias", "research & development", "t1", "team"))
    assert teams.the_team.name == "research & development"
    [updated] = teams.events
    assert isinstance(updated, TeamUpdated) and updated.name == "research & development"
    await adopt_team_change(teams, _found("alias", "research & development", "t1", "team"))
    assert len(teams.events) == 1, "the name it has changes nothing"
    for bad in ("", "x" * 101, "bad\x00name"):
        with pytest.raises(AdoptionRefused):
            await adopt_team_change(teams, _found("alias", bad, "t1", "team"))
    teams.name_taken = _always_taken  # type: ignore[method-assign]
    with pytest.raises(AdoptionRefused, match="exists"):
        await adopt_team_change(teams, _found("alias", "platform", "t1", "team"))


async def _always_taken(name: str, *, other_than: str = "") -> bool:
    return True


async def test_members_added_or_removed_in_litellm_join_or_leave_by_the_team_rules() -> None:
    teams = FakeTeams()
    await adopt_team_change(teams, _found("member:newcomer", True, "t1", "team"))
    await adopt_team_change(teams, _found("member:newcomer", True, "t1", "team"))  # again
    await adopt_team_change(teams, _found("member:member", False, "t1", "team"))
    await adopt_team_change(teams, _found("member:member", False, "t1", "team"))  # again
    added, removed = teams.events
    assert isinstance(added, TeamMemberAdded) and (added.user_id, added.role) == (
        "newcomer",
        "member",
    )
    assert added.added_by == "litellm"
    assert isinstance(removed, TeamMemberRemoved) and removed.user_id == "member"
    assert set(teams.rows) == {"owner", "team-admin", "newcomer"}
    with pytest.raises(AdoptionRefused, match="at least one owner"):
        await adopt_team_change(teams, _found("member:owner", False, "t1", "team"))
    teams.user_exists = _nobody  # type: ignore[method-assign]
    with pytest.raises(AdoptionRefused, match="not an active LiteMaaS user"):
        await adopt_team_change(teams, _found("member:stranger", True, "t1", "team"))


async def _nobody(user_id: str) -> bool:
    return False
