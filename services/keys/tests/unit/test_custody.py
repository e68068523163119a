"""Custody rules: who sees and manages a key, blocks by cause, a team key's creator leaving."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from litemaas_contracts.keys import (
    ApiKeyBlocked,
    ApiKeyCustodyChanged,
    ApiKeyRevoked,
    ApiKeyUnblocked,
    KeyLimits,
)
from litemaas_keys.domain.custody import (
    OWNER_DEACTIVATED,
    block,
    leave_team,
    may_manage,
    may_see,
    unblock,
)
from litemaas_keys.domain.keys import KeyRefused, mint, rotate

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)
PERSONAL = mint("ann", "k", ("gpt",), KeyLimits(), None, "ann", NOW)[0]
TEAM_KEY = mint("ann", "k", ("gpt",), KeyLimits(), None, "ann", NOW, team_id="t1")[0]


def test_a_team_key_is_managed_by_the_teams_managers_not_by_whoever_made_it() -> None:
    assert may_manage(TEAM_KEY, "bob", "admin") and may_manage(TEAM_KEY, "bob", "owner")
    assert not may_manage(TEAM_KEY, "ann", None), "its creator, out of the team, has no power"
    assert not may_manage(TEAM_KEY, "ann", "member")
    assert not may_see(TEAM_KEY, "ann", None, reads_everything=False)
    assert may_see(TEAM_KEY, "carl", "member", reads_everything=False)
    assert may_manage(PERSONAL, "ann", None) and not may_manage(PERSONAL, "bob", "owner")
    assert not may_see(PERSONAL, "bob", None, reads_everything=False)
    assert may_see(PERSONAL, "rita", None, reads_everything=True)


def test_a_block_is_lifted_only_for_its_own_cause_and_never_twice() -> None:
    blocked, event = block(PERSONAL, OWNER_DEACTIVATED, "left", NOW)
    assert blocked.blocked == OWNER_DEACTIVATED and isinstance(event, ApiKeyBlocked)
    assert block(blocked, "admin", "again", NOW) == (blocked, None)
    assert unblock(blocked, "admin", "wrong cause", NOW) == (blocked, None)
    lifted, event = unblock(blocked, OWNER_DEACTIVATED, "back", NOW)
    assert lifted.blocked is None and isinstance(event, ApiKeyUnblocked)
    assert unblock(lifted, OWNER_DEACTIVATED, "back", NOW) == (lifted, None)
    revoked = replace(PERSONAL, status="revoked")
    assert block(revoked, OWNER_DEACTIVATED, "", NOW) == (revoked, None)


def test_a_blocked_key_cannot_be_rotated() -> None:
    blocked, _ = block(PERSONAL, OWNER_DEACTIVATED, "", NOW)
    with pytest.raises(KeyRefused, match="blocked"):
        rotate(blocked, "admin", timedelta(0), NOW)


@pytest.mark.parametrize(("setting", "status"), [("keep", "active"), ("revoke", "revoked")])
def test_a_creator_leaving_ends_their_custody_and_the_team_setting_decides(
    setting: str, status: str
) -> None:
    key, events = leave_team(TEAM_KEY, "ann", setting, NOW)  # type: ignore[arg-type]
    assert key.custodian is None and key.status == status
    custody = [e for e in events if isinstance(e, ApiKeyCustodyChanged)]
    assert [(c.former_custodian, c.decision) for c in custody] == [
        ("ann", "kept" if setting == "keep" else "revoked")
    ]
    revoked = [e for e in events if isinstance(e, ApiKeyRevoked)]
    assert len(revoked) == (setting == "revoke")
    assert all("left team t1" in r.reason for r in revoked)
    assert leave_team(key, "ann", setting, NOW) == (key, []), "a second removal changes nothing"


def test_the_team_keeps_a_working_key_when_its_deactivated_creator_leaves() -> None:
    blocked, _ = block(TEAM_KEY, OWNER_DEACTIVATED, "", NOW)
    key, events = leave_team(blocked, "ann", "keep", NOW)
    assert key.blocked is None and key.status == "active"
    assert [type(e) for e in events] == [ApiKeyUnblocked, ApiKeyCustodyChanged]


def test_a_team_keys_successor_is_in_the_hands_of_whoever_rotated_it() -> None:
    teams, _ = leave_team(TEAM_KEY, "ann", "keep", NOW)
    _, new, _, created, _ = rotate(teams, "bob", timedelta(0), NOW)
    assert new.team_id == "t1" and new.custodian == "bob"
    assert created.owner_user_id == "bob", "LiteLLM charges the rotator, not the member who left"
    _, personal_new, *_ = rotate(PERSONAL, "ann", timedelta(0), NOW)
    assert personal_new.custodian == "ann"
