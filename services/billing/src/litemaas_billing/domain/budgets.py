"""Budgets: what they cap, their periods, and when spend crosses a threshold or the limit.

No I/O. Periods are UTC calendar periods (a week starts on Monday); ``minute`` exists for tests
and development only; ``none`` is one period that starts when the budget is set and never ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Literal

from litemaas_contracts.billing import BudgetPeriod, BudgetScope

Measure = Literal["spend", "requests", "tokens"]
DEFAULT_THRESHOLDS = (50, 80, 90, 100)


class BudgetRefused(ValueError):
    """The budget cannot be set as asked (no limit at all, bad thresholds, a test-only period)."""


def _utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def period_bounds(period: BudgetPeriod, at: datetime) -> tuple[datetime, datetime | None]:
    """The period that contains ``at``: [start, end). ``none`` starts at ``at`` and never ends."""
    at = _utc(at)
    if period == "none":
        return at, None
    if period == "minute":
        start = at.replace(second=0, microsecond=0)
        return start, start + timedelta(minutes=1)
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        return day, day + timedelta(days=1)
    if period == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    first = day.replace(day=1)
    following = first.replace(year=first.year + 1, month=1) if first.month == 12 else None
    return first, following or first.replace(month=first.month + 1)


def match_key(scope: BudgetScope, *, subject: str, user_id: str = "", model: str = "") -> str:
    """One indexed column finds every budget a spend record falls under."""
    if scope == "subscription":
        return f"s:{user_id}\x1f{model}"
    return f"{scope[0]}:{subject}"


def match_keys(key_hash: str, user_id: str, team_id: str | None, model: str) -> list[str]:
    """The budgets one request counts against: its key, its user, its team, its subscription."""
    keys = [
        match_key("key", subject=key_hash),
        match_key("user", subject=user_id),
        match_key("subscription", subject="", user_id=user_id, model=model),
    ]
    if team_id:
        keys.append(match_key("team", subject=team_id))
    return keys


@dataclass(frozen=True)
class Limits:
    period: BudgetPeriod
    soft_limit: Decimal | None = None
    hard_limit: Decimal | None = None
    max_requests: int | None = None
    max_tokens: int | None = None
    thresholds: tuple[int, ...] = DEFAULT_THRESHOLDS

    def checked(self, *, allow_minute: bool) -> Limits:
        if self.period == "minute" and not allow_minute:
            raise BudgetRefused("the 'minute' period exists for tests and development only")
        money = (self.soft_limit, self.hard_limit)
        if all(v is None for v in (*money, self.max_requests, self.max_tokens)):
            raise BudgetRefused("a budget needs a limit or a quota")
        soft, hard = money
        if soft is not None and hard is not None and soft > hard:
            raise BudgetRefused("the soft limit cannot be above the hard limit")
        if not self.thresholds or any(not 1 <= t <= 1000 for t in self.thresholds):
            raise BudgetRefused("thresholds are percentages between 1 and 1000")
        return Limits(
            self.period,
            soft,
            hard,
            self.max_requests,
            self.max_tokens,
            tuple(sorted(set(self.thresholds))),
        )

    def measured(self) -> list[tuple[Measure, Decimal, bool]]:
        """(measure, limit, is it enforced): spend against the hard limit, or else against the
        soft limit (a warning only); requests and tokens against their quotas."""
        found: list[tuple[Measure, Decimal, bool]] = []
        if self.hard_limit is not None:
            found.append(("spend", self.hard_limit, True))
        elif self.soft_limit is not None:
            found.append(("spend", self.soft_limit, False))
        if self.max_requests is not None:
            found.append(("requests", Decimal(self.max_requests), True))
        if self.max_tokens is not None:
            found.append(("tokens", Decimal(self.max_tokens), True))
        return found


@dataclass(frozen=True)
class Usage:
    spend: Decimal = Decimal(0)
    requests: int = 0
    tokens: int = 0

    def of(self, measure: Measure) -> Decimal:
        return {"spend": self.spend, "requests": Decimal(self.requests)}.get(
            measure, Decimal(self.tokens)
        )


@dataclass(frozen=True)
class Crossing:
    measure: Measure
    threshold: int
    used: Decimal
    limit: Decimal

    @property
    def mark(self) -> str:
        """Raised once per budget, period and mark; a changed limit re-arms its thresholds."""
        return f"{self.measure}:{self.threshold}:{self.limit}"


@dataclass(frozen=True)
class Excess:
    measure: Measure
    used: Decimal
    limit: Decimal

    mark = "exceeded"


def crossings(limits: Limits, usage: Usage) -> tuple[list[Crossing], Excess | None]:
    """Every threshold ``usage`` has reached and, for an enforced limit or quota, whether it is
    reached. Reached, not "just passed": the caller's marks raise each one once per period, so
    a lowered limit or a redelivered record still raises what is due, and never twice."""
    crossed: list[Crossing] = []
    excess: Excess | None = None
    for measure, limit, enforced in limits.measured():
        used = usage.of(measure)
        for threshold in limits.thresholds:
            if used >= limit * threshold / 100:
                crossed.append(Crossing(measure, threshold, used, limit))
        if enforced and excess is None and used >= limit:
            excess = Excess(measure, used, limit)
    return crossed, excess
