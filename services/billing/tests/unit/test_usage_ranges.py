"""Which aggregate answers which part of a range (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from litemaas_billing.domain.usage import Range, RangeRefused, Segment, segments

pytestmark = pytest.mark.unit


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_whole_days_come_from_the_daily_aggregates_and_edge_hours_from_the_hourly() -> None:
    assert segments(Range.of(at(1, 22), at(4, 3))) == [
        Segment("hour", at(1, 22), at(2)),
        Segment("day", at(2), at(4)),
        Segment("hour", at(4), at(4, 3)),
    ]


def test_a_range_of_whole_days_reads_only_daily_rows() -> None:
    assert segments(Range.of(at(1), at(8))) == [Segment("day", at(1), at(8))]


def test_a_range_within_a_day_or_across_one_midnight_reads_hourly_rows() -> None:
    assert segments(Range.of(at(1, 3), at(1, 9))) == [Segment("hour", at(1, 3), at(1, 9))]
    assert segments(Range.of(at(1, 20), at(2, 4))) == [Segment("hour", at(1, 20), at(2, 4))]


def test_a_time_without_a_zone_is_utc() -> None:
    assert Range.of(datetime(2026, 3, 1), datetime(2026, 3, 2)).start == at(1)


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [
        (at(2), at(1), "before"),
        (at(1), at(1), "before"),
        (at(1), at(1) + timedelta(days=367), "366 days"),
        (at(1) + timedelta(minutes=30), at(2), "whole hour"),
        (at(1), at(2) + timedelta(seconds=1), "whole hour"),
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))), at(1), "1970"),
        (at(1), datetime(9999, 12, 31, 23, tzinfo=UTC), "2999"),
    ],
)
def test_unanswerable_ranges_are_refused(start: datetime, end: datetime, why: str) -> None:
    with pytest.raises(RangeRefused, match=why):
        Range.of(start, end)
