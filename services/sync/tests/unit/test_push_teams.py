"""Pushing teams to LiteLLM, against a fake LiteLLM: look first, limits from LiteMaaS, members."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from litemaas_contracts import Envelope
from litemaas_contracts.identity import TeamCreated, TeamMemberAdded, TeamMemberRemoved, TeamUpdated
from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_sync.app.push_teams import TeamNotYetInLiteLLM, ensure_membership, ensure_team
from litemaas_sync.domain.teams import LiteLLMTeam

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


class FakeTeams:
    def __init__(self) -> None:
        self.teams: dict[str, LiteLLMTeam] = {}
        self.members: dict[str, set[str]] = {}
        self.calls: list[str] = []

    async def get_team(self, team_id: str) -> tuple[LiteLLMTeam, set[str]] | None:
        team = self.teams.get(team_id)
        return (team, self.members.setdefault(team_id, set())) if team else None

    async def create_team(self, team: LiteLLMTeam) -> None:
        self.calls.append("create")
        self.teams[team.team_id] = team

    async def update_team(self, team: LiteLLMTeam) -> None:
        self.calls.append("update")
        self.teams[team.team_id] = team

    async def add_member(self, team_id: str, user_id: str, role: str) -> None:
        self.calls.append(f"add:{role}")
        self.members[team_id].add(user_id)

    async def remove_member(self, team_id: str, user_id: str) -> None:
        self.calls.append("remove")
        self.members[team_id].discard(user_id)


class Audit(list[LiteLLMChangeApplied]):
    async def __call__(self, change: LiteLLMChangeApplied) -> None:
        self.append(change)


def _env(event: object) -> Envelope:
    return Envelope.new(type=type(event).event_type, source="/t", subject="t1")  # type: ignore[attr-defined]


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
    await ensure_membership(added, _env(added), teams, audit)
    await ensure_membership(added, _env(added), teams, audit)
    assert teams.members["t1"] == {"u2"}
    assert teams.calls.count("add:user") == 1, "LiteLLM team admins need a licence: 'user'"
    removed = TeamMemberRemoved(team_id="t1", user_id="u2", removed_by="u1", removed_at=NOW)
    await ensure_membership(removed, _env(removed), teams, audit)
    assert teams.members["t1"] == set()
    assert [a.action for a in audit][-3:] == ["created", "already_present", "deleted"]


async def test_a_membership_for_an_unknown_team_is_an_error_not_a_silent_skip() -> None:
    added = TeamMemberAdded(team_id="nope", user_id="u2", added_by="u1", added_at=NOW)
    with pytest.raises(TeamNotYetInLiteLLM):
        await ensure_membership(added, _env(added), FakeTeams(), Audit())
