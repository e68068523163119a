"""Team rules: owners, managers, members, limits, archive."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from litemaas_auth.domain.teams import (
    Limits,
    TeamRuleBroken,
    add_member,
    change,
    create,
    remove_member,
)

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


def test_the_creator_owns_the_new_team_and_both_facts_are_announced() -> None:
    team, owner, created, added = create("research", "", Limits(Decimal("10")), "u1", NOW)
    assert (owner.user_id, owner.role) == ("u1", "owner")
    assert created.team_id == added.team_id == team.id
    assert created.max_budget == Decimal("10") and added.role == "owner"


def test_a_team_keeps_at_least_one_owner() -> None:
    team, owner, *_ = create("t", "", Limits(), "u1", NOW)
    members = {"u1": owner}
    with pytest.raises(TeamRuleBroken, match="at least one owner"):
        remove_member(team, members, "u1", "u1", NOW)
    second, _ = add_member(team, members, "u2", "owner", "u1", NOW)
    assert remove_member(team, {**members, "u2": second}, "u1", "u1", NOW).user_id == "u1"


def test_members_are_unique_and_archived_teams_are_frozen() -> None:
    team, owner, *_ = create("t", "", Limits(), "u1", NOW)
    with pytest.raises(TeamRuleBroken, match="already a member"):
        add_member(team, {"u1": owner}, "u1", "member", "u1", NOW)
    archived, event = change(
        team, name=None, description=None, limits=None, archive=True, actor="u1", now=NOW
    )
    assert event is not None and event.archived
    with pytest.raises(TeamRuleBroken, match="archived"):
        add_member(archived, {"u1": owner}, "u2", "member", "u1", NOW)


def test_an_unchanged_team_announces_nothing() -> None:
    team, *_ = create("t", "d", Limits(), "u1", NOW)
    same, event = change(
        team, name="t", description="d", limits=None, archive=False, actor="u1", now=NOW
    )
    assert event is None and same == team
