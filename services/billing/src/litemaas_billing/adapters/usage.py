"""SQL for usage questions, over the hourly and daily aggregates only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select, union_all

from litemaas_billing.adapters.tables import AGGREGATES
from litemaas_billing.domain.usage import Dimension, Granularity, Row, Scope, Segment, Totals
from litemaas_servicekit.db import Sessions

_FIELDS = (
    "bucket",
    "user_id",
    "key_hash",
    "key_id",
    "model",
    "team_id",
    "provider",
    "requests",
    "failures",
    "prompt_tokens",
    "completion_tokens",
    "cost",
)
#: the aggregates' columns each dimension groups by (a key also shows its id)
GROUPS: dict[Dimension, tuple[str, ...]] = {
    "model": ("model",),
    "key": ("key_hash",),
    "user": ("user_id",),
    "team": ("team_id",),
    "provider": ("provider",),
    "subscription": ("user_id", "model"),
}


def _part(part: Segment, scope: Scope) -> Select[Any]:
    table = AGGREGATES[part.granularity]
    query = select(*(table.c[name] for name in _FIELDS)).where(
        table.c.bucket >= part.start, table.c.bucket < part.end
    )
    if scope.user_id is not None:
        query = query.where(table.c.user_id == scope.user_id)
    if scope.team_id is not None:
        query = query.where(table.c.team_id == scope.team_id)
    if scope.model is not None:
        query = query.where(table.c.model == scope.model)
    return query


def _none(value: Any) -> str | None:
    return value or None  # no team, no provider: "" in the aggregates


class UsageQueries:
    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions

    async def grouped(
        self,
        scope: Scope,
        parts: list[Segment],
        *,
        period: Granularity | None = None,
        by: Dimension | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[Row], int]:
        queries = [_part(part, scope) for part in parts]
        source = (union_all(*queries) if len(queries) > 1 else queries[0]).subquery("rows")
        keys: list[ColumnElement[Any]] = []
        if period is not None:
            # the hours at a range's edges fold into their UTC day
            at = (
                source.c.bucket
                if period == "hour"
                else func.date_trunc("day", source.c.bucket, "UTC")
            )
            keys.append(at.label("at"))
        names = GROUPS[by] if by else ()
        keys += [source.c[name] for name in names]
        shown: list[ColumnElement[Any]] = list(keys)
        if by == "key":
            shown.append(func.max(source.c.key_id).label("key_id"))
        sums = [
            func.coalesce(func.sum(source.c[name]), literal(0)).label(name)
            for name in ("requests", "failures", "prompt_tokens", "completion_tokens", "cost")
        ]
        query = select(*shown, *sums).select_from(source)
        if keys:
            query = query.group_by(*keys)
        if period is not None:
            query = query.order_by(keys[0], *keys[1:])
        elif by is not None:
            query = query.order_by(func.sum(source.c.cost).desc(), *keys)
        async with self.sessions() as session:
            total = 1
            if keys:
                counted = select(func.count()).select_from(query.subquery())
                total = int((await session.execute(counted)).scalar_one())
            if limit is not None:
                query = query.limit(limit).offset(offset)
            found = (await session.execute(query)).mappings().all()
        return [self._row(r, period, names, by) for r in found], total

    @staticmethod
    def _row(
        r: Any, period: Granularity | None, names: tuple[str, ...], by: Dimension | None
    ) -> Row:
        totals = Totals(
            int(r["requests"]),
            int(r["failures"]),
            int(r["prompt_tokens"]),
            int(r["completion_tokens"]),
            Decimal(r["cost"]),
        )
        group = tuple(_none(r[name]) for name in names)
        if by == "key":
            group += (r["key_id"],)
        return Row(totals, r["at"] if period is not None else None, group)
