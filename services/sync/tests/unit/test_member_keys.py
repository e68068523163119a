"""A member leaves a team: LiteLLM's member removal would delete the team keys they made, so
sync detaches those keys from them first, whatever the team's setting; the keys service decides
their fate (kept, or revoked and then deleted by sync). Replays change nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

import pytest

from litemaas_contracts.identity import TeamMemberRemoved
from litemaas_sync.app.push_teams import ensure_membership
from litemaas_sync.domain.teams import LiteLLMTeam
from services.sync.tests.unit.fakes import Audit, FakeTeams
from services.sync.tests.unit.fakes import env as _env

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


def _team_with_a_leaver() -> FakeTeams:
    teams = FakeTeams()
    teams.teams = {t: LiteLLMTeam(t, t, Decimal("5"), None, None, None) for t in ("t1", "t2")}
    teams.members = {"t1": {"leaver", "owner"}, "t2": {"leaver"}}
    teams.keys = {
        "h-team-1": ("k1", "leaver", "t1"),
        "h-team-2": ("k2", "leaver", "t1"),
        "h-owners": ("k3", "owner", "t1"),
        "h-personal": ("k4", "leaver", None),
        "h-other-team": ("k5", "leaver", "t2"),
    }
    return teams


def _removed(member_keys: Literal["keep", "revoke"]) -> TeamMemberRemoved:
    return TeamMemberRemoved(
        team_id="t1",
        user_id="leaver",
        member_keys=member_keys,
        removed_by="owner",
        removed_at=NOW,
    )


@pytest.mark.parametrize("setting", ["keep", "revoke"])
async def test_the_team_keys_of_a_leaver_survive_their_removal_from_the_litellm_team(
    setting: Literal["keep", "revoke"],
) -> None:
    teams, audit = _team_with_a_leaver(), Audit()
    await ensure_membership(_removed(setting), _env(_removed(setting)), teams, teams, audit)
    assert teams.members["t1"] == {"owner"}
    assert teams.keys == {
        "h-team-1": ("k1", None, "t1"),
        "h-team-2": ("k2", None, "t1"),
        "h-owners": ("k3", "owner", "t1"),
        "h-personal": ("k4", "leaver", None),
        "h-other-team": ("k5", "leaver", "t2"),
    }
    assert teams.calls.index("remove") > max(
        teams.calls.index("detach:h-team-1"), teams.calls.index("detach:h-team-2")
    ), "detached before LiteLLM's member removal could delete them"
    assert [(a.entity_type, a.entity_id, a.action) for a in audit] == [
        ("key", "k1", "updated"),
        ("key", "k2", "updated"),
        ("team_member", "t1/leaver", "deleted"),
    ]
    assert f"member_keys={setting}" in audit[0].detail
    assert "2 team key(s) detached" in audit[-1].detail


async def test_a_replay_changes_nothing_and_says_so() -> None:
    teams, audit = _team_with_a_leaver(), Audit()
    event = _removed("keep")
    await ensure_membership(event, _env(event), teams, teams, audit)
    calls, keys = list(teams.calls), dict(teams.keys)
    await ensure_membership(event, _env(event), teams, teams, audit)
    assert (teams.calls, teams.keys) == (calls, keys)
    assert (audit[-1].action, audit[-1].detail) == ("already_present", "not a member")


async def test_a_crash_between_detaching_and_removing_is_finished_by_the_redelivery() -> None:
    teams, audit = _team_with_a_leaver(), Audit()
    event = _removed("keep")
    broken = teams.remove_member

    async def crash(team_id: str, user_id: str) -> None:
        raise ConnectionError("sync died here")

    teams.remove_member = crash  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await ensure_membership(event, _env(event), teams, teams, Audit())
    teams.remove_member = broken  # type: ignore[method-assign]
    await ensure_membership(event, _env(event), teams, teams, audit)
    assert teams.members["t1"] == {"owner"}
    assert teams.keys["h-team-1"] == ("k1", None, "t1")
    assert [a.action for a in audit] == ["deleted"], "nothing left to detach the second time"


async def test_a_key_deleted_meanwhile_is_not_counted_as_detached() -> None:
    teams, audit = _team_with_a_leaver(), Audit()
    listed = teams.member_keys

    async def then_revoked(team_id: str, user_id: str) -> list:  # type: ignore[type-arg]
        found = await listed(team_id, user_id)
        del teams.keys["h-team-2"]  # sync's key consumer applied its revocation in between
        return found

    teams.member_keys = then_revoked  # type: ignore[method-assign]
    event = _removed("revoke")
    await ensure_membership(event, _env(event), teams, teams, audit)
    assert [(a.entity_id, a.action) for a in audit] == [
        ("k1", "updated"),
        ("t1/leaver", "deleted"),
    ]
    assert teams.keys["h-team-1"] == ("k1", None, "t1")
