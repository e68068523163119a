"""Which errors a consumer waits out and which count against the record; dead-letter marks."""

from __future__ import annotations

import asyncpg
import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, MessageSizeTooLargeError
from sqlalchemy import exc as sa

from litemaas_servicekit.dead_letters import Record, dead_letter_headers, redrive_headers
from litemaas_servicekit.faults import is_transient
from litemaas_servicekit.resilience import DependencyUnavailable

pytestmark = pytest.mark.unit


def _wrapped(orig: Exception) -> sa.DBAPIError:
    """What SQLAlchemy raises around an asyncpg error."""
    try:
        try:
            raise orig
        except Exception as inner:
            raise sa.DBAPIError("SELECT 1", {}, inner) from inner
    except sa.DBAPIError as outer:
        return outer


def _with_sqlstate(code: str) -> Exception:
    error = asyncpg.PostgresError()
    error.sqlstate = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    "error",
    [
        DependencyUnavailable("LiteLLM answered 503"),
        ConnectionRefusedError(111, "Connect call failed"),
        OSError(113, "No route to host"),
        TimeoutError(),
        sa.TimeoutError("QueuePool limit reached"),
        sa.OperationalError("SELECT 1", {}, Exception("server closed the connection")),
        _wrapped(asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed")),
        _wrapped(_with_sqlstate("40001")),  # serialization failure
        _wrapped(_with_sqlstate("40P01")),  # deadlock
        _wrapped(_with_sqlstate("57P01")),  # admin shutdown (PostgreSQL restarted)
        _wrapped(_with_sqlstate("08006")),  # connection failure
        KafkaConnectionError("no broker"),
        KafkaTimeoutError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_infrastructure_trouble_is_waited_out(error: Exception) -> None:
    assert is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("bad"),
        KeyError("missing"),
        _wrapped(_with_sqlstate("23505")),  # unique violation: the record is at fault
        _wrapped(_with_sqlstate("22003")),  # numeric value out of range
        MessageSizeTooLargeError(),
        RuntimeError("LiteLLM refused the key"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_a_record_that_can_never_succeed_is_not_waited_out(error: Exception) -> None:
    assert not is_transient(error)


def test_an_error_caused_by_a_lost_connection_is_transient_however_deep() -> None:
    outer = RuntimeError("the handler failed")
    outer.__cause__ = ValueError("wrapped")
    outer.__cause__.__context__ = ConnectionResetError("peer reset")
    assert is_transient(outer)


def test_a_redriven_dead_letter_returns_to_its_topic_marked_for_its_consumer() -> None:
    original = Record(
        "litemaas.auth.users.v1", 2, 41, b"k", b"{}", (("ce_id", b"e1"), ("ce_type", b"T"))
    )
    dead = tuple(dead_letter_headers(original, "sync.push", "e1", "bad field", "Invalid", 3))
    names = dict(dead)
    assert names["dlq_reason"] == b"bad field" and names["dlq_attempts"] == b"3"
    topic, headers = redrive_headers(dead, "skip")
    marks = dict(headers)
    assert topic == "litemaas.auth.users.v1"
    assert marks["litemaas_redrive"] == b"skip" and marks["litemaas_redrive_for"] == b"sync.push"
    assert marks["litemaas_redrive_of"] == b"e1" and marks["ce_id"] == b"e1"
    assert not any(k.startswith("dlq_") for k, _ in headers), "old reasons do not travel back"
    again = dead_letter_headers(
        Record(topic, 0, 7, b"k", b"{}", tuple(headers)), "s", "e1", "x", "E", 1
    )
    assert [k for k, _ in again].count("dlq_reason") == 1
    assert "litemaas_redrive" not in dict(again)


def test_a_consumer_exports_every_outcome_at_zero_from_its_start() -> None:
    """The DLQ alert reads increase() of these counters, which cannot see a series's first
    sample: the first dead letter after a start must be an increase from 0, not a new series."""
    from prometheus_client import REGISTRY
    from sqlalchemy import MetaData

    from litemaas_servicekit.inbox import inbox_table
    from litemaas_servicekit.parking import OUTCOME_NAMES, ParkingLot

    ParkingLot(None, inbox_table(MetaData()), "test.fresh-start", None)  # type: ignore[arg-type]
    for outcome in OUTCOME_NAMES:
        labels = {"consumer": "test.fresh-start", "outcome": outcome}
        assert REGISTRY.get_sample_value("litemaas_events_consumed_total", labels) == 0.0
    parked = {"consumer": "test.fresh-start"}
    assert REGISTRY.get_sample_value("litemaas_consumer_parked_keys", parked) == 0.0
