"""Attribution and buckets of one spend record (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from litemaas_billing.domain.ledger import KeyOwner, UnknownOwner, attribute
from litemaas_billing.domain.usage import Totals
from litemaas_contracts.billing import SpendRecorded

pytestmark = pytest.mark.unit
AT = datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=UTC)
ALICE_KEY = KeyOwner("hash-a", "key-a", "alice", "team-1")


def record(**fields: Any) -> SpendRecorded:
    values: dict[str, Any] = {
        "request_id": "chatcmpl-1",
        "key_hash": "hash-a",
        "model": "mock-gpt",
        "cost": Decimal("0.0000135"),
        "started_at": AT,
        "ended_at": AT + timedelta(seconds=2),
        "source": "pull",
        "recorded_at": AT,
        **fields,
    }
    return SpendRecorded(**values)


def test_a_record_without_owner_fields_is_attributed_to_its_keys_owner() -> None:
    entry = attribute(record(), ALICE_KEY)
    assert (entry.key_id, entry.user_id, entry.team_id) == ("key-a", "alice", "team-1")


def test_the_records_own_fields_come_first() -> None:
    entry = attribute(record(user_id="bob", team_id="team-2", key_id="key-b"), ALICE_KEY)
    assert (entry.key_id, entry.user_id, entry.team_id) == ("key-b", "bob", "team-2")


def test_spend_before_its_key_is_known_is_kept_when_the_record_names_a_user() -> None:
    entry = attribute(record(user_id="alice", team_id=""), None)
    assert (entry.user_id, entry.team_id, entry.key_id) == ("alice", None, None)


@pytest.mark.parametrize("user_id", [None, ""])
def test_spend_no_one_owns_is_refused_with_a_reason(user_id: str | None) -> None:
    with pytest.raises(UnknownOwner, match="no owner for spend 'chatcmpl-1'"):
        attribute(record(key_hash="litellm_proxy_master_key", user_id=user_id), None)


def test_buckets_are_the_utc_hour_and_day_it_started_in() -> None:
    entry = attribute(record(), ALICE_KEY)
    assert entry.hour == datetime(2026, 3, 1, 23, tzinfo=UTC)
    assert entry.day == datetime(2026, 3, 1, tzinfo=UTC)
    next_day = attribute(record(started_at=AT + timedelta(microseconds=1)), ALICE_KEY)
    assert (next_day.hour, next_day.day) == (datetime(2026, 3, 2, tzinfo=UTC),) * 2


def test_another_time_zone_is_bucketed_by_its_utc_instant() -> None:
    paris = timezone(timedelta(hours=1))
    entry = attribute(record(started_at=datetime(2026, 3, 2, 0, 30, tzinfo=paris)), ALICE_KEY)
    assert entry.day == datetime(2026, 3, 1, tzinfo=UTC), "00:30 in Paris is 23:30 UTC"
    assert entry.started_at.tzinfo == UTC


def test_totals_are_exact_decimals() -> None:
    totals = Totals()
    for _ in range(10):
        totals = totals.plus(attribute(record(cost=Decimal("0.1")), ALICE_KEY))
    totals = totals.plus(attribute(record(cost=Decimal("1E-12"), status="failure"), ALICE_KEY))
    assert totals.cost == Decimal("1.000000000001"), "ten times 0.1 is 1, not 0.9999999999999999"
    assert (totals.requests, totals.failures, totals.total_tokens) == (11, 1, 0)
