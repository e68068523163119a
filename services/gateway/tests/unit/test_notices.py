"""Which events reach whom live, and what a notice says (never a secret); cursors over streams."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from litemaas_contracts.billing import BudgetExceeded, BudgetThresholdCrossed, CreditBalanceLow
from litemaas_contracts.catalog import SubscriptionActivated, SubscriptionDenied
from litemaas_contracts.keys import ApiKeyBlocked, ApiKeyExpiring, ApiKeyRevoked
from litemaas_contracts.sync import SyncConflict
from litemaas_gateway.events_api import audiences
from litemaas_gateway.live import Cursor
from litemaas_gateway.notices import ADMINS, notice_for
from litemaas_servicekit.security import Principal

pytestmark = pytest.mark.unit
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _subscription(cls: type, changed_by: str, **extra: object) -> object:
    return cls(
        subscription_id="s1", user_id="u1", model_id="mock-gpt", changed_by=changed_by, at=NOW,
        **extra,
    )  # fmt: skip


def test_an_approval_reaches_the_subscriber_but_their_own_subscribe_does_not() -> None:
    approved = notice_for(_subscription(SubscriptionActivated, "admin-1"), NOW)  # type: ignore[arg-type]
    assert approved is not None
    audience, notice = approved
    assert audience == "user:u1" and notice.type == "subscription_approved"
    assert notice.params == {"model": "mock-gpt", "subscription_id": "s1"}
    assert notice.at == NOW.isoformat()
    assert notice_for(_subscription(SubscriptionActivated, "u1"), NOW) is None  # type: ignore[arg-type]


def test_a_denial_carries_its_reason_cut_to_a_sentence() -> None:
    denied = notice_for(_subscription(SubscriptionDenied, "admin", reason="no " * 200), NOW)  # type: ignore[arg-type]
    assert denied is not None and denied[1].type == "subscription_denied"
    assert len(denied[1].params["reason"]) == 200


def _budget(cls: type, scope: str, **extra: object) -> object:
    return cls(
        budget_id="b1", scope=scope, subject_id="k1", user_id="u1" if scope != "team" else None,
        team_id="t1" if scope == "team" else None, used=Decimal("0.8"), limit=Decimal("1"),
        period_start=NOW, **extra,
    )  # fmt: skip


def test_budget_alerts_reach_the_budgets_user_and_not_a_teams_stream() -> None:
    crossed = notice_for(_budget(BudgetThresholdCrossed, "key", threshold=80, crossed_at=NOW), NOW)  # type: ignore[arg-type]
    assert crossed is not None
    assert crossed[0] == "user:u1" and crossed[1].type == "budget_threshold"
    assert crossed[1].params["threshold"] == "80" and crossed[1].params["limit"] == "1"
    exceeded = notice_for(_budget(BudgetExceeded, "key", exceeded_at=NOW), NOW)  # type: ignore[arg-type]
    assert exceeded is not None and exceeded[1].type == "budget_exceeded"
    assert notice_for(_budget(BudgetExceeded, "team", exceeded_at=NOW), NOW) is None  # type: ignore[arg-type]


def test_credits_low_reaches_a_user_owner() -> None:
    low = CreditBalanceLow(
        account_id="a1", owner="user", owner_id="u1", balance=10, threshold=100, at=NOW
    )
    found = notice_for(low, NOW)
    assert found is not None and found[0] == "user:u1" and found[1].type == "credits_low"


def test_key_expiry_and_blocking_reach_the_owner_without_the_keys_hash() -> None:
    expiring = ApiKeyExpiring(key_id="k1", key_hash="h" * 64, owner_user_id="u1", expires_at=NOW)
    blocked = ApiKeyBlocked(
        key_id="k1", key_hash="h" * 64, owner_user_id="u1", reason="x", blocked_at=NOW
    )
    for event, kind in ((expiring, "key_expiring"), (blocked, "key_blocked")):
        found = notice_for(event, NOW)
        assert found is not None and found[0] == "user:u1" and found[1].type == kind
        assert "h" * 64 not in str(found[1].as_dict("e1"))
    assert (
        notice_for(ApiKeyRevoked(key_id="k1", key_hash="h", revoked_by="u1", revoked_at=NOW), NOW)
        is None
    )


def test_a_sync_conflict_reaches_the_admins_stream() -> None:
    conflict = SyncConflict(
        conflict_id="c1", entity_type="key", entity_id="hash", field="max_budget", ours="1",
        theirs="2", policy="litemaas_wins", decision="pushed", before="2", after="1",
        detected_at=NOW,
    )  # fmt: skip
    found = notice_for(conflict, NOW)
    assert found is not None and found[0] == ADMINS
    assert found[1].params == {
        "entity_type": "key", "entity_id": "hash", "field": "max_budget", "decision": "pushed"
    }  # fmt: skip


def test_admins_read_their_stream_and_the_admins_one_users_only_theirs() -> None:
    admin = Principal("a", "admin", frozenset({"admin", "user"}))
    reader = Principal("r", "r", frozenset({"admin-readonly", "user"}))
    assert audiences(admin) == ["user:a", ADMINS]
    assert audiences(reader) == ["user:r", ADMINS]
    assert audiences(Principal("u", "u", frozenset({"user"}))) == ["user:u"]


def test_a_cursor_is_read_back_only_when_it_is_one_of_ours() -> None:
    assert Cursor.parse("1-0~2-5", 2) == Cursor(("1-0", "2-5"))
    assert Cursor.parse("1-0", 2) == Cursor(("1-0",))  # completed with "now" by the store
    assert Cursor.parse("1-0~2-5", 1) is None
    for junk in ("", None, "abc", "1-0~x", "1-0\n2-0", "9" * 200):
        assert Cursor.parse(junk, 2) is None
    assert Cursor(("1-0", "2-5")).text() == "1-0~2-5"
