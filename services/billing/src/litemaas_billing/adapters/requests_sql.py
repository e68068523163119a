"""SQL for budget increase requests and in-app notifications (part of ``SqlBudgets``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budget_tables import budget_requests, notifications
from litemaas_billing.domain.requests import IncreaseRequest


def _request(r: Any) -> IncreaseRequest:
    return IncreaseRequest(**{c.name: r._mapping[c.name] for c in budget_requests.c})


class RequestsSql:
    session: AsyncSession

    async def add_request(self, request: IncreaseRequest) -> None:
        await self.session.execute(insert(budget_requests).values(**request.__dict__))

    async def request(self, request_id: str, *, lock: bool = False) -> IncreaseRequest | None:
        query = select(budget_requests).where(budget_requests.c.id == request_id)
        row = (await self.session.execute(query.with_for_update() if lock else query)).first()
        return _request(row) if row else None

    async def save_request(self, request: IncreaseRequest) -> None:
        values = dict(request.__dict__)
        await self.session.execute(
            update(budget_requests).where(budget_requests.c.id == values.pop("id")).values(**values)
        )

    async def requests(
        self, *, status: str | None, requested_by: str | None, budget_id: str | None
    ) -> list[IncreaseRequest]:
        query = select(budget_requests).order_by(budget_requests.c.created_at.desc()).limit(500)
        for column, value in (
            (budget_requests.c.status, status),
            (budget_requests.c.requested_by, requested_by),
            (budget_requests.c.budget_id, budget_id),
        ):
            if value is not None:
                query = query.where(column == value)
        return [_request(r) for r in (await self.session.execute(query)).all()]

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
