"""Which dead letters a redrive or skip of a key puts back, and which of them are heads."""

from __future__ import annotations

from typing import Any

import pytest

from litemaas_cli.dlq import select_incident

pytestmark = pytest.mark.unit


def _dead(offset: int, consumer: str, kind: str, key: str = "k") -> dict[str, Any]:
    headers = {"dlq_consumer": consumer, "dlq_error_type": kind}
    return {"partition": 0, "offset": offset, "key": key, "headers": headers}


def test_each_consumer_of_the_topic_has_its_own_head() -> None:
    records = [
        _dead(0, "billing", "ValidationError"),  # an older incident of billing's, resolved
        _dead(1, "billing", "Parked"),
        _dead(2, "billing", "ValidationError"),  # billing's head now
        _dead(3, "sync", "ValidationError"),  # sync's head
        _dead(4, "billing", "Parked"),
        _dead(5, "sync", "Parked"),
        _dead(6, "sync", "Parked", key="other"),
    ]
    chosen = [(r["offset"], head) for r, head in select_incident(records, "k")]
    assert chosen == [(2, True), (3, True), (4, False), (5, False)]


def test_a_key_with_only_waiting_records_puts_them_all_back() -> None:
    records = [_dead(0, "sync", "Parked"), _dead(1, "sync", "Parked")]
    assert [head for _, head in select_incident(records, "k")] == [True, False]
