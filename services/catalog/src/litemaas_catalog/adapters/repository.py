"""SQL for the catalog: the only place its queries live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Select, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_catalog.adapters.tables import models, subscription_history, subscriptions
from litemaas_catalog.domain.models import Model, ModelQuery
from litemaas_catalog.domain.subscriptions import Change, Quota, Subscription
from litemaas_contracts import Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox

_SORT = {
    "name": models.c.id,
    "input_cost": models.c.input_cost_per_token,
    "output_cost": models.c.output_cost_per_token,
    "context_length": models.c.context_length,
}


def _model(r: Any) -> Model:
    return Model(
        r.id,
        r.provider,
        r.context_length,
        r.input_cost_per_token,
        r.output_cost_per_token,
        tuple(r.capabilities),
        r.retired,
        r.restricted,
        r.hidden,
        r.updated_at,
    )


def _subscription(r: Any) -> Subscription:
    return Subscription(
        r.id,
        r.user_id,
        r.model_id,
        r.status,
        Quota(r.requests_per_month, r.tokens_per_month),
        r.created_at,
        r.updated_at,
    )


def _filtered(query: ModelQuery) -> Select[Any]:
    stmt = select(models)
    if not query.include_hidden:
        stmt = stmt.where(models.c.hidden.is_(False))
    if not query.include_retired:
        stmt = stmt.where(models.c.retired.is_(False))
    if query.search:
        like = f"%{query.search.lower()}%"
        stmt = stmt.where(
            or_(func.lower(models.c.id).like(like), func.lower(models.c.provider).like(like))
        )
    if query.provider:
        stmt = stmt.where(models.c.provider == query.provider)
    if query.capability:
        stmt = stmt.where(models.c.capabilities.any(query.capability))
    if query.max_input_cost is not None:
        stmt = stmt.where(models.c.input_cost_per_token <= query.max_input_cost)
    if query.max_output_cost is not None:
        stmt = stmt.where(models.c.output_cost_per_token <= query.max_output_cost)
    return stmt


class CatalogUnitOfWork:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session = session
        self.outbox = outbox

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    # -- models ---------------------------------------------------------------------------
    async def model(self, model_id: str) -> Model | None:
        row = (await self.session.execute(select(models).where(models.c.id == model_id))).first()
        return _model(row) if row else None

    async def search(self, query: ModelQuery) -> tuple[list[Model], int]:
        stmt = _filtered(query)
        total = await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        column = _SORT[query.sort.lstrip("-")]
        order = column.desc().nulls_last() if query.sort.startswith("-") else column.asc()
        page = (
            stmt.order_by(order, models.c.id)
            .limit(query.page_size)
            .offset((query.page - 1) * query.page_size)
        )
        rows = (await self.session.execute(page)).all()
        return [_model(r) for r in rows], int(total.scalar_one())

    async def upsert_model(self, values: dict[str, Any]) -> None:
        stmt = insert(models).values(**values)
        facts = {k: stmt.excluded[k] for k in values if k != "id"}
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"], set_={**facts, "updated_at": func.now()}
            )
        )

    async def set_model_flags(self, model_id: str, **flags: bool) -> None:
        await self.session.execute(
            update(models).where(models.c.id == model_id).values(**flags, updated_at=func.now())
        )

    # -- subscriptions ----------------------------------------------------------------------
    async def subscription(self, sub_id: str, *, lock: bool = False) -> Subscription | None:
        stmt = select(subscriptions).where(subscriptions.c.id == sub_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).first()
        return _subscription(row) if row else None

    async def subscription_of(self, user_id: str, model_id: str) -> Subscription | None:
        """The user's subscription to the model, held until commit.

        A row lock alone cannot hold a subscription that does not exist yet: identical requests
        at once would all insert, and all but one fail on the unique constraint. The advisory
        lock on (user, model) makes them take turns; the next one sees the first's row.
        """
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"),
            {"k": f"catalog.subscription:{user_id}:{model_id}"},
        )
        stmt = select(subscriptions).where(
            subscriptions.c.user_id == user_id, subscriptions.c.model_id == model_id
        )
        row = (await self.session.execute(stmt.with_for_update())).first()
        return _subscription(row) if row else None

    async def subscriptions(
        self, *, user_id: str | None, status: str | None, page: int, page_size: int
    ) -> tuple[list[Subscription], int]:
        stmt = select(subscriptions)
        if user_id:
            stmt = stmt.where(subscriptions.c.user_id == user_id)
        if status:
            stmt = stmt.where(subscriptions.c.status == status)
        total = await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        rows = (
            await self.session.execute(
                stmt.order_by(subscriptions.c.created_at.desc(), subscriptions.c.id)
                .limit(page_size)
                .offset((page - 1) * page_size)
            )
        ).all()
        return [_subscription(r) for r in rows], int(total.scalar_one())

    async def save(self, change: Change) -> None:
        """The subscription, its history line and its event: one transaction."""
        sub = change.subscription
        values = {
            "id": sub.id,
            "user_id": sub.user_id,
            "model_id": sub.model_id,
            "status": sub.status,
            "requests_per_month": sub.quota.requests_per_month,
            "tokens_per_month": sub.quota.tokens_per_month,
            "created_at": sub.created_at,
            "updated_at": sub.updated_at,
        }
        stmt = insert(subscriptions).values(**values)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"], set_={k: stmt.excluded[k] for k in values if k != "id"}
            )
        )
        await self.session.execute(
            insert(subscription_history).values(
                subscription_id=sub.id,
                from_status=change.from_status,
                to_status=sub.status,
                changed_by=change.actor,
                reason=change.reason,
                at=sub.updated_at,
            )
        )
        await self.record(change.event)

    async def history(self, sub_id: str) -> list[dict[str, Any]]:
        rows = (
            await self.session.execute(
                select(subscription_history)
                .where(subscription_history.c.subscription_id == sub_id)
                .order_by(subscription_history.c.seq)
            )
        ).all()
        return [
            {
                "from_status": r.from_status,
                "to_status": r.to_status,
                "changed_by": r.changed_by,
                "reason": r.reason,
                "at": r.at,
            }
            for r in rows
        ]


class CatalogTransactions:
    def __init__(self, sessions: Sessions, outbox: Outbox) -> None:
        self.sessions = sessions
        self.outbox = outbox

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[CatalogUnitOfWork]:
        async with self.sessions.begin() as session:
            yield CatalogUnitOfWork(session, self.outbox)
