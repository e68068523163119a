"""Usage questions, asked by a user about their own spend or by an admin about everyone's.

Every answer comes from the aggregates (never the ledger), so its cost depends on the range
and the number of groups, not on how many requests were made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from litemaas_billing.app.ports import UsageReader
from litemaas_billing.domain.usage import (
    MAX_HOURLY_RANGE,
    Dimension,
    Granularity,
    Range,
    Row,
    Scope,
    Segment,
    Totals,
    segments,
)
from litemaas_servicekit.errors import Forbidden
from litemaas_servicekit.security import Principal


@dataclass(frozen=True)
class Filters:
    user_id: str | None = None
    team_id: str | None = None
    model: str | None = None


def scope_for(caller: Principal, *, everyone: bool, filters: Filters) -> Scope:
    """A user's questions are about their own spend whatever they ask for; only admins and
    admin-readonly see everyone's (and may narrow it to one user)."""
    if not everyone:
        return Scope(user_id=caller.user_id, team_id=filters.team_id, model=filters.model)
    if not caller.can_read_everything:
        raise Forbidden("everyone's usage is for admins and admin-readonly")
    return Scope(user_id=filters.user_id, team_id=filters.team_id, model=filters.model)


def _parts(start: datetime, end: datetime, period: Granularity | None) -> list[Segment]:
    if period == "hour":
        window = Range.of(start, end, widest=MAX_HOURLY_RANGE)
        return [Segment("hour", window.start, window.end)]
    return segments(Range.of(start, end))


async def summary(reader: UsageReader, scope: Scope, start: datetime, end: datetime) -> Totals:
    rows, _ = await reader.grouped(scope, _parts(start, end, None))
    return rows[0].totals if rows else Totals()


async def series(
    reader: UsageReader, scope: Scope, start: datetime, end: datetime, period: Granularity
) -> list[Row]:
    rows, _ = await reader.grouped(scope, _parts(start, end, period), period=period)
    return rows


async def breakdown(
    reader: UsageReader,
    scope: Scope,
    start: datetime,
    end: datetime,
    by: Dimension,
    *,
    limit: int,
    offset: int = 0,
) -> tuple[list[Row], int]:
    """Groups by ``by``, the largest cost first (so the first page is the top consumers)."""
    return await reader.grouped(scope, _parts(start, end, None), by=by, limit=limit, offset=offset)


async def table(
    reader: UsageReader,
    scope: Scope,
    start: datetime,
    end: datetime,
    period: Granularity,
    by: Dimension | None,
    *,
    limit: int,
) -> tuple[list[Row], int]:
    """Per period and per group, in time order: what an export holds."""
    return await reader.grouped(
        scope, _parts(start, end, period), period=period, by=by, limit=limit
    )
