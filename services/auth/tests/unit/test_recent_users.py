"""``/me`` answers from memory for a few seconds, never past a new token or a new epoch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from litemaas_auth.adapters.recent_users import RecentUsers
from litemaas_auth.domain.users import User
from litemaas_servicekit.security import Principal

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)
ALICE = User("u-1", "alice", "alice@example.com", None, ("user",), True, NOW, NOW)
TOKEN = Principal("u-1", "alice", frozenset({"user"}), token_id="jti-1", epoch=3)


def test_the_same_token_under_the_same_epoch_is_answered_from_memory() -> None:
    recent = RecentUsers()
    assert recent.get(TOKEN) is None
    recent.put(TOKEN, ALICE)
    assert recent.get(TOKEN) == ALICE


def test_a_new_token_or_a_new_epoch_reads_again() -> None:
    recent = RecentUsers()
    recent.put(TOKEN, ALICE)
    assert recent.get(replace(TOKEN, token_id="jti-2")) is None  # a new login
    assert recent.get(replace(TOKEN, epoch=4)) is None  # roles changed, reactivated


def test_a_remembered_user_is_forgotten_after_the_ttl_and_memory_stays_bounded() -> None:
    recent = RecentUsers(ttl=-1)
    recent.put(TOKEN, ALICE)
    assert recent.get(TOKEN) is None
    small = RecentUsers(capacity=2)
    for n in range(5):
        small.put(replace(TOKEN, token_id=f"jti-{n}"), ALICE)
    assert len(small._users) <= 2


def test_a_token_without_an_id_is_never_remembered() -> None:
    recent = RecentUsers()
    anonymous = replace(TOKEN, token_id="")
    recent.put(anonymous, ALICE)
    assert recent.get(anonymous) is None
