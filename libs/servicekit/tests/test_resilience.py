"""The circuit breaker (purgatory), the retries and backoff (tenacity), and call latencies:
only an outage trips the circuit or is retried; an open circuit refuses without calling."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import REGISTRY

from litemaas_servicekit.faults import is_transient
from litemaas_servicekit.resilience import (
    CircuitBreaker,
    CircuitOpen,
    DependencyUnavailable,
    Latency,
    backoff_delay,
    retrying,
)

pytestmark = pytest.mark.unit


class Refused(Exception):
    """The dependency answered and refused this one request."""


async def _fail(breaker: CircuitBreaker, exc: BaseException) -> None:
    with pytest.raises(type(exc)):
        async with breaker.guard():
            raise exc


def _gauge(name: str) -> float | None:
    return REGISTRY.get_sample_value("litemaas_dependency_circuit_state", {"dependency": name})


async def test_outages_open_the_circuit_and_it_refuses_without_calling() -> None:
    breaker = CircuitBreaker(threshold=3, reset_after=30, name="flaky")
    assert _gauge("flaky") == 0
    for _ in range(3):
        await _fail(breaker, DependencyUnavailable("down"))
    assert breaker.state == "open" and breaker.failures == 3
    ran = False
    with pytest.raises(CircuitOpen):
        async with breaker.guard():
            ran = True
    assert not ran, "an open circuit must not let the call through"
    assert is_transient(CircuitOpen("x")), "the consumer must wait out an open circuit"
    assert breaker.snapshot()["times_opened"] == 1
    assert _gauge("flaky") == 2, "operators see the open circuit in the metrics too"


async def test_a_refusal_is_not_an_outage_and_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(threshold=2, reset_after=30)
    await _fail(breaker, DependencyUnavailable("down"))
    await _fail(breaker, Refused("bad payload"))
    assert breaker.failures == 0 and breaker.state == "closed"
    await _fail(breaker, DependencyUnavailable("down"))
    async with breaker.guard():
        pass
    await _fail(breaker, DependencyUnavailable("down"))
    assert breaker.state == "closed", "failures must be in a row to open the circuit"


async def test_after_the_reset_time_one_trial_closes_or_reopens_it() -> None:
    breaker = CircuitBreaker(threshold=1, reset_after=0.05)
    await _fail(breaker, DependencyUnavailable("down"))
    assert breaker.state == "open"
    await asyncio.sleep(0.08)
    assert breaker.state == "half_open"
    await _fail(breaker, DependencyUnavailable("still down"))
    assert breaker.state == "open", "a failed trial opens the circuit again"
    await asyncio.sleep(0.08)
    async with breaker.guard():
        pass
    assert breaker.snapshot()["state"] == "closed" and breaker.failures == 0


async def test_an_idempotent_call_is_retried_through_an_outage_only() -> None:
    calls: list[str] = []

    async def flaky() -> str:
        calls.append("x")
        if len(calls) < 3:
            raise DependencyUnavailable("blip")
        return "ok"

    async for attempt in retrying(4, base=0.001, cap=0.01, deadline=5):
        with attempt:
            result = await flaky()
    assert result == "ok" and len(calls) == 3

    for error in (Refused("no"), CircuitOpen("open")):
        with pytest.raises(type(error)):
            await _retry_raising(error, tries := [])
        assert len(tries) == 1, f"{type(error).__name__} must not be retried"


async def _retry_raising(error: Exception, tries: list[int], attempts: int = 4) -> None:
    async for attempt in retrying(attempts, base=0.001, cap=0.01, deadline=5):
        with attempt:
            tries.append(1)
            raise error


async def test_retries_stop_at_their_bound_and_raise_the_outage() -> None:
    tries: list[int] = []
    with pytest.raises(DependencyUnavailable):
        await _retry_raising(DependencyUnavailable("down"), tries, attempts=3)
    assert len(tries) == 3


def test_backoff_grows_but_stays_under_the_cap() -> None:
    assert all(
        0 <= backoff_delay(n, base=0.5, cap=4) <= min(4, 0.5 * 2 ** (n - 1)) for n in range(1, 12)
    )
    assert max(backoff_delay(12, base=0.5, cap=4) for _ in range(200)) > 2, "jitter spans"


def test_latency_reports_last_ewma_and_percentiles() -> None:
    latency = Latency(window=10)
    assert latency.snapshot() == {"calls": 0}
    for seconds in (0.010, 0.020, 0.030, 0.040, 1.0):
        latency.record(seconds)
    shown = latency.snapshot()
    assert shown["calls"] == 5 and shown["last_ms"] == 1000.0
    assert shown["p50_ms"] == 30.0 and shown["p95_ms"] == 1000.0
    assert 10.0 < float(str(shown["ewma_ms"])) < 1000.0


def test_every_call_is_observed_in_the_dependency_histogram() -> None:
    """Dashboards read LiteLLM's latency across replicas from this histogram."""
    from prometheus_client import REGISTRY

    name = "litemaas_dependency_request_duration_seconds"

    def observed() -> tuple[float, float]:
        labels = {"dependency": "histogram-test"}
        count = REGISTRY.get_sample_value(f"{name}_count", labels) or 0.0
        slow = REGISTRY.get_sample_value(f"{name}_bucket", labels | {"le": "0.5"}) or 0.0
        return count, slow

    latency = Latency(dependency="histogram-test")
    latency.record(0.2)
    latency.record(2.0)
    count, within_half_second = observed()
    assert count == 2 and within_half_second == 1


def test_a_new_breaker_exports_its_state_and_openings_at_zero() -> None:
    from prometheus_client import REGISTRY

    CircuitBreaker(name="fresh-dependency")
    labels = {"dependency": "fresh-dependency"}
    assert REGISTRY.get_sample_value("litemaas_dependency_circuit_state", labels) == 0.0
    assert REGISTRY.get_sample_value("litemaas_dependency_circuit_opened_total", labels) == 0.0
