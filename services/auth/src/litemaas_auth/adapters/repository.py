"""SQL for the auth service: the only place its queries live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_auth.adapters.tables import users
from litemaas_auth.domain.users import User
from litemaas_contracts import Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox


def _user(row: Any) -> User:
    return User(
        row.id,
        row.username,
        row.email,
        row.full_name,
        tuple(row.roles),
        row.active,
        row.created_at,
        row.updated_at,
    )


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session = session
        self.outbox = outbox

    async def user_by_username(self, username: str) -> User | None:
        row = (
            await self.session.execute(select(users).where(users.c.username == username))
        ).first()
        return _user(row) if row else None

    async def user_by_id(self, user_id: str) -> User | None:
        row = (await self.session.execute(select(users).where(users.c.id == user_id))).first()
        return _user(row) if row else None

    async def add_user(self, user: User) -> bool:
        stmt = (
            insert(users)
            .values(
                id=user.id,
                username=user.username,
                email=user.email,
                full_name=user.full_name,
                roles=list(user.roles),
                active=user.active,
                created_at=user.created_at,
                updated_at=user.updated_at,
            )
            .on_conflict_do_nothing(index_elements=["username"])
            .returning(users.c.id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def save_user(self, user: User) -> None:
        await self.session.execute(
            update(users)
            .where(users.c.id == user.id)
            .values(
                email=user.email,
                full_name=user.full_name,
                roles=list(user.roles),
                active=user.active,
                updated_at=user.updated_at,
            )
        )

    async def users_page(self, search: str | None, page: int, size: int) -> tuple[list[User], int]:
        stmt = select(users)
        if search:
            like = f"%{search.lower()}%"
            stmt = stmt.where(or_(users.c.username.like(like), users.c.email.like(like)))
        total = await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        rows = await self.session.execute(
            stmt.order_by(users.c.username).limit(size).offset((page - 1) * size)
        )
        return [_user(r) for r in rows.all()], int(total.scalar_one())

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)


class SqlTransactions:
    def __init__(self, sessions: Sessions, outbox: Outbox) -> None:
        self.sessions = sessions
        self.outbox = outbox

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self.sessions.begin() as session:
            yield SqlUnitOfWork(session, self.outbox)
