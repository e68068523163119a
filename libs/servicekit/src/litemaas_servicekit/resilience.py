"""Waiting out a dependency (LiteLLM): backoff with jitter and retries (tenacity), a circuit
breaker (purgatory), and the call latencies ``/health/integration`` shows.

Only :class:`DependencyUnavailable` says "the dependency is away": it trips the circuit, it is
what a retry waits out, and ``faults.is_transient`` makes a consumer wait for it without limit
(the record stays in Kafka). Anything else (a request the dependency refused while answering,
a cancelled task) says nothing about the dependency's health.
"""

from __future__ import annotations

import statistics
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from prometheus_client import Counter, Gauge, Histogram
from purgatory import AsyncCircuitBreakerFactory
from purgatory.domain.model import Context, OpenedState
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)


class DependencyUnavailable(Exception):
    """A dependency is unreachable or answered 5xx: retry later, the message is not at fault."""


class CircuitOpen(DependencyUnavailable):
    """The circuit is open: the call was not even tried (so retrying it at once is pointless)."""


def backoff_delay(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Full-jitter exponential backoff, uniform in [0, min(cap, base * 2^(attempt-1))]:
    spreads the retries of many consumers apart."""
    state = RetryCallState(None, None, (), {})  # type: ignore[arg-type]
    state.attempt_number = max(1, attempt)
    return float(wait_random_exponential(multiplier=base, max=cap)(state))


def _worth_retrying(exc: BaseException) -> bool:
    return isinstance(exc, DependencyUnavailable) and not isinstance(exc, CircuitOpen)


def retrying(attempts: int, *, base: float, cap: float, deadline: float) -> AsyncRetrying:
    """Retries for one *idempotent* call: up to ``attempts`` tries within ``deadline`` seconds,
    with full-jitter backoff, on an outage only and never through an open circuit. What is
    still failing after that is raised as it was, for the caller's own (Kafka) retry."""
    return AsyncRetrying(
        retry=retry_if_exception(_worth_retrying),
        stop=stop_after_attempt(attempts) | stop_after_delay(deadline),
        wait=wait_random_exponential(multiplier=base, max=cap),
        reraise=True,
    )


_STATES = {"closed": "closed", "opened": "open", "half-opened": "half_open"}
CIRCUIT_STATE = Gauge(
    "litemaas_dependency_circuit_state",
    "A dependency's circuit: 0 closed, 1 half open (trial calls), 2 open (calls refused)",
    ["dependency"],
)
CIRCUIT_OPENED = Counter(
    "litemaas_dependency_circuit_opened_total",
    "Times a dependency's circuit opened",
    ["dependency"],
)
_GAUGE_VALUES = {"closed": 0, "half-opened": 1, "opened": 2}
#: every call's duration, for dashboards across replicas (``Latency`` keeps this process's view)
CALL_SECONDS = Histogram(
    "litemaas_dependency_request_duration_seconds",
    "Duration of calls to a dependency, failed ones included",
    ["dependency"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


class CircuitBreaker:
    """One named purgatory circuit: opens after ``threshold`` outages in a row, lets calls
    through again (half open) after ``reset_after`` seconds; one success closes it."""

    def __init__(self, threshold: int = 5, reset_after: float = 10.0, name: str = "litellm"):
        self.name, self.threshold, self.reset_after = name, threshold, reset_after
        self.factory = AsyncCircuitBreakerFactory(
            default_threshold=threshold,
            default_ttl=reset_after,
            exclude=[(BaseException, lambda exc: not isinstance(exc, DependencyUnavailable))],
        )
        self.factory.add_listener(self._observe)
        self._context: Context | None = None
        self.failures = 0
        self.times_opened = 0
        self.changed_at: float | None = None
        CIRCUIT_STATE.labels(name).set(0)
        CIRCUIT_OPENED.labels(name)  # at 0 from the start, so increase() sees the first opening

    def _observe(self, name: str, kind: str, event: Any) -> None:
        if kind == "failed":
            self.failures = event.failure_count
        elif kind == "recovered":
            self.failures = 0
        elif kind == "state_changed":
            self.changed_at = time.time()
            CIRCUIT_STATE.labels(self.name).set(_GAUGE_VALUES.get(event.state, 0))
            if event.state == "opened":
                self.times_opened += 1
                CIRCUIT_OPENED.labels(self.name).inc()

    @asynccontextmanager
    async def guard(self) -> AsyncIterator[None]:
        """Runs the block through the circuit; raises :class:`CircuitOpen` without running it
        while the circuit is open."""
        breaker = await self.factory.get_breaker(self.name)
        self._context = breaker.context
        try:
            async with breaker:
                yield
        except OpenedState as exc:
            raise CircuitOpen(f"{self.name} circuit is open after repeated failures") from exc

    @property
    def state(self) -> str:
        """closed, open, or half_open (open, but the next call is let through as a trial)."""
        context = self._context
        if context is None:
            return "closed"
        if context.state == "opened" and time.time() - (context.opened_at or 0) > self.reset_after:
            return "half_open"
        return _STATES[context.state]

    def snapshot(self) -> dict[str, object]:
        return {
            "state": self.state,
            "consecutive_failures": self.failures,
            "threshold": self.threshold,
            "reset_after_seconds": self.reset_after,
            "times_opened": self.times_opened,
            "changed_at": self.changed_at,
        }


class Latency:
    """The durations of the latest calls to a dependency: the last, an EWMA, p50 and p95."""

    def __init__(self, window: int = 200, alpha: float = 0.2, dependency: str = "litellm") -> None:
        self.histogram = CALL_SECONDS.labels(dependency)
        self.recent: deque[float] = deque(maxlen=window)
        self.alpha = alpha
        self.ewma: float | None = None
        self.calls = 0

    def record(self, seconds: float) -> None:
        self.calls += 1
        self.histogram.observe(seconds)
        self.recent.append(seconds)
        self.ewma = seconds if self.ewma is None else self.ewma + self.alpha * (seconds - self.ewma)

    def snapshot(self) -> dict[str, object]:
        if not self.recent:
            return {"calls": 0}
        ms = sorted(s * 1000 for s in self.recent)
        p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
        return {
            "calls": self.calls,
            "last_ms": round(self.recent[-1] * 1000, 1),
            "ewma_ms": round((self.ewma or 0) * 1000, 1),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(p95, 1),
        }
