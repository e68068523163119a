"""What the admin API reads: the drift report, conflicts and the audit trail, with paging."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_sync.adapters.desired_tables import sync_audit_log, sync_conflicts, sync_drift


def _rows(result: Any) -> list[dict[str, Any]]:
    return [{k: v for k, v in row._mapping.items() if k != "seq"} for row in result]


async def _page(
    session: AsyncSession, query: Select[Any], order: Any, limit: int, offset: int
) -> dict[str, Any]:
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.execute(query.order_by(order).limit(limit).offset(offset))
    return {"items": _rows(rows), "total": total or 0, "limit": limit, "offset": offset}


async def drift_report(session: AsyncSession, kind: str | None) -> dict[str, Any]:
    query = select(sync_drift)
    if kind:
        query = query.where(sync_drift.c.entity_type == kind)
    rows = _rows(await session.execute(query.order_by(sync_drift.c.entity_type)))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["entity_type"]] = counts.get(row["entity_type"], 0) + 1
    return {"counts": counts, "items": rows}


async def conflicts(
    session: AsyncSession,
    *,
    kind: str | None,
    entity_id: str | None,
    field: str | None,
    decision: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    c = sync_conflicts.c
    query = select(sync_conflicts)
    for column, value in ((c.entity_type, kind), (c.entity_id, entity_id), (c.field, field)):
        if value is not None:
            query = query.where(column == value)
    if decision is not None:
        query = query.where(c.decision == decision)
    if since is not None:
        query = query.where(c.detected_at >= since)
    return await _page(session, query, c.seq.desc(), limit, offset)


async def audit_trail(
    session: AsyncSession,
    *,
    kind: str | None,
    entity_id: str | None,
    since: datetime | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    a = sync_audit_log.c
    query = select(sync_audit_log)
    if kind is not None:
        query = query.where(a.entity_type == kind)
    if entity_id is not None:
        query = query.where(a.entity_id == entity_id)
    if since is not None:
        query = query.where(a.applied_at >= since)
    return await _page(session, query, a.seq.desc(), limit, offset)
