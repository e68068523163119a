"""SQL behind the notification, webhook and delivery-log APIs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from litemaas_billing.adapters.budget_tables import deliveries, notifications, webhooks
from litemaas_servicekit.db import Sessions

_HOOK_FIELDS = [
    webhooks.c[n] for n in ("id", "url", "description", "enabled", "created_by", "created_at")
]


class AlertViews:
    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions

    async def notifications(
        self, user_id: str, *, unread_only: bool, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        mine = notifications.c.user_id == user_id
        query = select(notifications).where(mine).order_by(notifications.c.id.desc()).limit(limit)
        if unread_only:
            query = query.where(notifications.c.read_at.is_(None))
        unread = select(func.count()).where(mine, notifications.c.read_at.is_(None))
        async with self.sessions() as session:
            rows = [dict(r._mapping) for r in (await session.execute(query)).all()]
            return rows, int((await session.execute(unread)).scalar_one())

    async def mark_read(self, user_id: str, notification_id: int | None, now: datetime) -> int:
        stmt = update(notifications).where(
            notifications.c.user_id == user_id, notifications.c.read_at.is_(None)
        )
        if notification_id is not None:
            stmt = stmt.where(notifications.c.id == notification_id)
        async with self.sessions.begin() as session:
            return (await session.execute(stmt.values(read_at=now))).rowcount  # type: ignore[attr-defined,no-any-return]

    async def is_notification_of(self, user_id: str, notification_id: int) -> bool:
        query = select(notifications.c.id).where(
            notifications.c.id == notification_id, notifications.c.user_id == user_id
        )
        async with self.sessions() as session:
            return (await session.execute(query)).first() is not None

    async def add_webhook(self, values: dict[str, Any]) -> dict[str, Any]:
        async with self.sessions.begin() as session:
            row = (
                await session.execute(insert(webhooks).values(**values).returning(*_HOOK_FIELDS))
            ).one()
            return dict(row._mapping)

    async def webhooks(self) -> list[dict[str, Any]]:
        async with self.sessions() as session:
            query = select(*_HOOK_FIELDS).order_by(webhooks.c.created_at)
            return [dict(r._mapping) for r in (await session.execute(query)).all()]

    async def disable_webhook(self, webhook_id: str) -> bool:
        stmt = update(webhooks).where(webhooks.c.id == webhook_id).values(enabled=False)
        async with self.sessions.begin() as session:
            return bool((await session.execute(stmt)).rowcount)  # type: ignore[attr-defined]

    async def deliveries(
        self, *, channel: str | None, status: str | None, event_id: str | None, limit: int
    ) -> list[dict[str, Any]]:
        query = select(deliveries).order_by(deliveries.c.id.desc()).limit(limit)
        for column, value in (
            (deliveries.c.channel, channel),
            (deliveries.c.status, status),
            (deliveries.c.event_id, event_id),
        ):
            if value is not None:
                query = query.where(column == value)
        async with self.sessions() as session:
            return [dict(r._mapping) for r in (await session.execute(query)).all()]
