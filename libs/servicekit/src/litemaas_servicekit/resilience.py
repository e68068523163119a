"""Backoff with jitter, and a circuit breaker for calls to a dependency (LiteLLM)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Literal


class DependencyUnavailable(Exception):
    """A dependency is unreachable or answered 5xx: retry later, the message is not at fault."""


def backoff_delay(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """Full-jitter exponential backoff: spreads retries of many consumers apart."""
    return random.uniform(0, min(cap, base * 2 ** max(0, attempt - 1)))  # noqa: S311


State = Literal["closed", "open", "half_open"]


@dataclass
class CircuitBreaker:
    """Opens after ``threshold`` failures in a row; lets a trial through after ``reset_after``."""

    threshold: int = 5
    reset_after: float = 10.0
    state: State = "closed"
    failures: int = 0
    opened_at: float = 0.0
    clock: object = field(default=time.monotonic, repr=False)

    def _now(self) -> float:
        return self.clock()  # type: ignore[operator,no-any-return]

    def allow(self) -> bool:
        if self.state == "open" and self._now() - self.opened_at >= self.reset_after:
            self.state = "half_open"
        return self.state != "open"

    def record_success(self) -> None:
        self.state, self.failures = "closed", 0

    def record_failure(self) -> None:
        self.failures += 1
        if self.state == "half_open" or self.failures >= self.threshold:
            self.state, self.opened_at = "open", self._now()

    def snapshot(self) -> dict[str, object]:
        self.allow()
        return {"state": self.state, "consecutive_failures": self.failures}
