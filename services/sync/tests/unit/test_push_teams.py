"""Pushing teams to LiteLLM, against a fake LiteLLM: look first, limits from LiteMaaS, members."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from litemaas_contracts.identity import TeamCreated, TeamMemberAdded, TeamMemberRemoved, TeamUpdated
from litemaas_sync.app.push_teams import TeamNotYetInLiteLLM, ensure_membership, ensure_team
from litemaas_sync.domain.teams import LiteLLMTeam
from services.sync.tests.unit.fakes import Audit, FakeTeams
from services.sync.tests.unit.fakes import env as _env

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


CREATED = TeamCreated(
    team_id="t1",
    name="research",
    max_budget=Decimal("50"),
    tpm_limit=1000,
    rpm_limit=10,
    created_by="u1",
    created_at=NOW,
)


async def test_a_new_team_is_created_with_its_budget_and_limits_once() -> None:
    teams, audit = FakeTeams(), Audit()
    await ensure_team(CREATED, _env(CREATED), teams, audit)
    await ensure_team(CREATED, _env(CREATED), teams, audit)
    assert teams.teams["t1"] == LiteLLMTeam("t1", "research", Decimal("50"), None, 1000, 10)
    assert teams.calls == ["create"]
    assert [a.action for a in audit] == ["created", "already_present"]


async def test_archiving_a_team_blocks_it_in_litellm() -> None:
    teams, audit = FakeTeams(), Audit()
    await ensure_team(CREATED, _env(CREATED), teams, audit)
    archived = TeamUpdated(
        **{
            **CREATED.model_dump(exclude={"created_by", "created_at"}),
            "archived": True,
            "updated_by": "admin",
            "updated_at": NOW,
        }
    )
    await ensure_team(archived, _env(archived), teams, audit)
    assert teams.teams["t1"] == replace(teams.teams["t1"], blocked=True)
    assert audit[-1].action == "updated"


async def test_members_are_added_once_and_removed() -> None:
    teams, audit = FakeTeams(), Audit()
    await ensure_team(CREATED, _env(CREATED), teams, audit)
    added = TeamMemberAdded(team_id="t1", user_id="u2", role="admin", added_by="u1", added_at=NOW)
    await ensure_membership(added, _env(added), teams, teams, audit)
    await ensure_membership(added, _env(added), teams, teams, audit)
    assert teams.members["t1"] == {"u2"}
    assert teams.calls.count("add:user") == 1, "LiteLLM team admins need a licence: 'user'"
    removed = TeamMemberRemoved(team_id="t1", user_id="u2", removed_by="u1", removed_at=NOW)
    await ensure_membership(removed, _env(removed), teams, teams, audit)
    assert teams.members["t1"] == set()
    assert [a.action for a in audit][-3:] == ["created", "already_present", "deleted"]


async def test_a_membership_for_an_unknown_team_is_an_error_not_a_silent_skip() -> None:
    added = TeamMemberAdded(team_id="nope", user_id="u2", added_by="u1", added_at=NOW)
    teams = FakeTeams()
    with pytest.raises(TeamNotYetInLiteLLM):
        await ensure_membership(added, _env(added), teams, teams, Audit())
