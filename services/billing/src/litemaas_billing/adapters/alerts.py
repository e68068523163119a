"""SQL for alerts: who they reach, notifications, webhooks and the delivery log and queue."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budget_tables import (
    deliveries,
    notifications,
    team_members,
    users,
    webhooks,
)
from litemaas_billing.app.deliver import Delivery
from litemaas_servicekit.db import Sessions


class SqlAlerts:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def recipients(self, scope: str, user_id: str | None, team_id: str | None) -> list[str]:
        if scope != "team":
            return [user_id] if user_id else []
        query = select(team_members.c.user_id).where(
            team_members.c.team_id == team_id, team_members.c.role.in_(("owner", "admin"))
        )
        return sorted((await self.session.execute(query)).scalars())

    async def with_email(self, user_ids: list[str]) -> list[str]:
        query = select(users.c.user_id).where(
            users.c.user_id.in_(user_ids), users.c.email.is_not(None), users.c.email != ""
        )
        return sorted((await self.session.execute(query)).scalars())

    async def enabled_webhooks(self) -> list[str]:
        query = select(webhooks.c.id).where(webhooks.c.enabled.is_(True))
        return sorted((await self.session.execute(query)).scalars())

    async def notify(
        self, user_id: str, source_id: str, kind: str, title: str, body: str, data: dict[str, Any]
    ) -> None:
        await self.session.execute(
            insert(notifications)
            .values(
                user_id=user_id, source_id=source_id, kind=kind, title=title, body=body, data=data
            )
            .on_conflict_do_nothing(constraint="uq_notifications_source")
        )

    async def enqueue(self, channel: str, target: str, payload: dict[str, Any]) -> None:
        await self.session.execute(
            insert(deliveries)
            .values(
                channel=channel,
                target=target,
                event_id=payload["id"],
                event_type=payload["type"],
                payload=payload,
                status="pending",
                attempts=0,
                next_attempt_at=func.now(),
            )
            .on_conflict_do_nothing(constraint="uq_deliveries_once")
        )


class SqlDeliveryQueue:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, now: datetime, limit: int) -> list[Delivery]:
        due = (
            select(deliveries.c.id)
            .where(deliveries.c.status == "pending", deliveries.c.next_attempt_at <= now)
            .order_by(deliveries.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .cte("due")
        )
        is_hook = deliveries.c.channel == "webhook"
        query = (
            select(
                deliveries,
                case((is_hook, webhooks.c.url), else_=users.c.email).label("address"),
                webhooks.c.sealed_secret,
                webhooks.c.enabled,
            )
            .join(due, due.c.id == deliveries.c.id)
            .outerjoin(webhooks, and_(is_hook, webhooks.c.id == deliveries.c.target))
            .outerjoin(users, and_(~is_hook, users.c.user_id == deliveries.c.target))
        )
        return [
            Delivery(
                r.id,
                r.channel,
                r.target,
                r.payload,
                r.attempts,
                None if (r.channel == "webhook" and not r.enabled) else r.address,
                r.sealed_secret,
            )
            for r in (await self.session.execute(query)).all()
        ]

    async def sent(self, delivery_id: int, now: datetime, status: int | None) -> None:
        await self.session.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(
                status="sent",
                attempts=deliveries.c.attempts + 1,
                sent_at=now,
                last_status=status,
                last_error=None,
            )
        )

    async def failed(
        self,
        delivery_id: int,
        *,
        attempts: int,
        retry_at: datetime | None,
        error: str,
        status: int | None,
    ) -> None:
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_error": error[:2000],
            "last_status": status,
            "status": "pending" if retry_at else "failed",
        }
        if retry_at is not None:
            values["next_attempt_at"] = retry_at
        await self.session.execute(
            update(deliveries).where(deliveries.c.id == delivery_id).values(**values)
        )


def _tx(sessions: Sessions, kind: type[Any]) -> Any:
    @asynccontextmanager
    async def begin() -> AsyncIterator[Any]:
        async with sessions.begin() as session:
            yield kind(session)

    return begin


def alerts_tx(sessions: Sessions) -> Any:
    return _tx(sessions, SqlAlerts)


def delivery_tx(sessions: Sessions) -> Any:
    return _tx(sessions, SqlDeliveryQueue)
