"""Usage questions and how the aggregates answer them: ranges, segments, dimensions, totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Literal

from litemaas_billing.domain.ledger import LedgerEntry

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
#: the widest range any question may cover, and the widest an hourly series may
MAX_RANGE = timedelta(days=366)
MAX_HOURLY_RANGE = timedelta(days=31)
#: spend happens now: far dates are typos, and the far ends of datetime would overflow
EARLIEST, LATEST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2999, 12, 31, tzinfo=UTC)

Granularity = Literal["hour", "day"]
#: what a breakdown groups by; ``subscription`` is user x model
Dimension = Literal["model", "key", "user", "team", "provider", "subscription"]


class RangeRefused(ValueError):
    """The asked range cannot be answered: reversed, too wide, or finer than an hour."""


@dataclass(frozen=True)
class Range:
    """A half-open UTC range [start, end) on whole hours: the aggregates' resolution."""

    start: datetime
    end: datetime

    @classmethod
    def of(cls, start: datetime, end: datetime, *, widest: timedelta = MAX_RANGE) -> Range:
        try:
            start, end = _utc(start), _utc(end)
        except OverflowError as exc:  # year 1 at +01:00 has no UTC instant
            raise RangeRefused("'from' and 'to' must be between 1970 and 2999") from exc
        for name, at in (("from", start), ("to", end)):
            if not EARLIEST <= at <= LATEST:
                raise RangeRefused(f"'{name}' must be between 1970 and 2999")
            if at != at.replace(minute=0, second=0, microsecond=0):
                raise RangeRefused(f"'{name}' must be on a whole hour (usage is kept per hour)")
        if start >= end:
            raise RangeRefused("'from' must be before 'to'")
        if end - start > widest:
            raise RangeRefused(f"the range may cover at most {widest.days} days")
        return cls(start, end)


@dataclass(frozen=True)
class Segment:
    """Part of a range read from one aggregate table."""

    granularity: Granularity
    start: datetime
    end: datetime


def segments(window: Range) -> list[Segment]:
    """Whole days from the daily aggregates, the hours at either edge from the hourly ones:
    a 30-day question reads about 30 rows per combination, not 720."""
    first_day = _ceil_day(window.start)
    last_day = window.end.replace(hour=0)
    if first_day >= last_day:
        return [Segment("hour", window.start, window.end)]
    parts = [Segment("day", first_day, last_day)]
    if window.start < first_day:
        parts.insert(0, Segment("hour", window.start, first_day))
    if last_day < window.end:
        parts.append(Segment("hour", last_day, window.end))
    return parts


def _ceil_day(at: datetime) -> datetime:
    midnight = at.replace(hour=0)
    return midnight if midnight == at else midnight + DAY


def _utc(at: datetime) -> datetime:
    # a time without a zone is read as UTC, the zone every bucket is in
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


@dataclass(frozen=True)
class Scope:
    """Whose usage a question may see: one user's (``user_id``) or everyone's (None), narrowed
    by optional filters."""

    user_id: str | None = None
    team_id: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class Totals:
    requests: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: Decimal = Decimal(0)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def plus(self, entry: LedgerEntry) -> Totals:
        """These totals with one more request: what every aggregate row does per ledger row
        (in SQL, ``adapters/ledger.py``), with ``Decimal`` arithmetic: exact at any scale."""
        return Totals(
            self.requests + 1,
            self.failures + (entry.status == "failure"),
            self.prompt_tokens + entry.prompt_tokens,
            self.completion_tokens + entry.completion_tokens,
            self.cost + entry.cost,
        )


@dataclass(frozen=True)
class Row:
    """Totals for one group: a period (``at``) and/or a dimension's value (``group``)."""

    totals: Totals
    at: datetime | None = None
    group: tuple[str | None, ...] = ()


#: the fields a group of each dimension names (a key shows its hash and its id)
GROUP_FIELDS: dict[Dimension, tuple[str, ...]] = {
    "model": ("model",),
    "key": ("key_hash", "key_id"),
    "user": ("user_id",),
    "team": ("team_id",),
    "provider": ("provider",),
    "subscription": ("user_id", "model"),
}
