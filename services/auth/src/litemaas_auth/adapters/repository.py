"""SQL for the auth service's users: the only place their queries live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_auth.adapters.tables import user_identities, users
from litemaas_auth.domain.users import User
from litemaas_contracts import Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Unavailable
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.security import RedisRevocations


def _user(row: Any) -> User:
    return User(
        row.id,
        row.username,
        row.email,
        row.full_name,
        tuple(row.admin_roles),
        row.active,
        row.created_at,
        row.updated_at,
        tuple(row.granted_roles),
        int(row.token_epoch),
    )


def _values(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "full_name": user.full_name,
        "roles": list(user.roles),
        "admin_roles": list(user.admin_roles),
        "granted_roles": list(user.granted_roles),
        "active": user.active,
        "token_epoch": user.token_epoch,
        "updated_at": user.updated_at,
    }


def _like(search: str) -> str:
    escaped = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SqlUnitOfWork:
    def __init__(
        self, session: AsyncSession, outbox: Outbox, revocations: RedisRevocations
    ) -> None:
        self.session = session
        self.outbox = outbox
        self.revocations = revocations

    async def _one(self, stmt: Select[Any], lock: bool) -> User | None:
        row = (await self.session.execute(stmt.with_for_update(of=users) if lock else stmt)).first()
        return _user(row) if row else None

    async def user_by_identity(
        self, issuer: str, subject: str, *, lock: bool = False
    ) -> User | None:
        stmt = (
            select(users)
            .join(user_identities, user_identities.c.user_id == users.c.id)
            .where(user_identities.c.issuer == issuer, user_identities.c.subject == subject)
        )
        return await self._one(stmt, lock)

    async def user_by_username(self, username: str, *, lock: bool = False) -> User | None:
        return await self._one(select(users).where(users.c.username == username), lock)

    async def user_by_id(self, user_id: str, *, lock: bool = False) -> User | None:
        return await self._one(select(users).where(users.c.id == user_id), lock)

    async def has_identity(self, user_id: str) -> bool:
        stmt = select(exists().where(user_identities.c.user_id == user_id))
        return bool((await self.session.execute(stmt)).scalar())

    async def link_identity(self, issuer: str, subject: str, user_id: str, at: datetime) -> bool:
        stmt = (
            insert(user_identities)
            .values(issuer=issuer, subject=subject, user_id=user_id, linked_at=at)
            .on_conflict_do_nothing()
            .returning(user_identities.c.user_id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def taken_usernames(self, names: list[str]) -> set[str]:
        rows = await self.session.execute(
            select(users.c.username).where(users.c.username.in_(names))
        )
        return {r.username for r in rows}

    async def add_user(self, user: User) -> bool:
        stmt = (
            insert(users)
            .values(id=user.id, created_at=user.created_at, **_values(user))
            .on_conflict_do_nothing(index_elements=["username"])
            .returning(users.c.id)
        )
        return (await self.session.execute(stmt)).first() is not None

    async def save_user(self, user: User) -> None:
        await self.session.execute(
            update(users).where(users.c.id == user.id).values(**_values(user))
        )

    async def users_page(
        self, search: str | None, page: int, size: int, ids: tuple[str, ...] = ()
    ) -> tuple[list[User], int]:
        stmt = select(users)
        if ids:
            stmt = stmt.where(users.c.id.in_(ids))
        if search:
            like = _like(search)
            stmt = stmt.where(or_(users.c.username.like(like), users.c.email.like(like)))
        total = await self.session.execute(select(func.count()).select_from(stmt.subquery()))
        rows = await self.session.execute(
            stmt.order_by(users.c.username).limit(size).offset((page - 1) * size)
        )
        return [_user(r) for r in rows.all()], int(total.scalar_one())

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    async def advance_epoch(self, user: User) -> int:
        try:
            return await self.revocations.advance_epoch(user.id, user.token_epoch)
        except (OSError, RedisError) as exc:
            raise Unavailable(
                "the change cannot take effect everywhere right now (Redis); try again"
            ) from exc


class SqlTransactions:
    def __init__(self, sessions: Sessions, outbox: Outbox, revocations: RedisRevocations) -> None:
        self.sessions = sessions
        self.outbox = outbox
        self.revocations = revocations

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self.sessions.begin() as session:
            yield SqlUnitOfWork(session, self.outbox, self.revocations)


async def reseed_epochs(sessions: Sessions, revocations: RedisRevocations) -> int:
    """Write every user's epoch (above 0) to Redis again, at start-up: a Redis that lost its
    data must not bring tokens ended by a deactivation or role change back to life."""
    async with sessions.begin() as session:
        rows = (
            await session.execute(
                select(users.c.id, users.c.token_epoch).where(users.c.token_epoch > 0)
            )
        ).all()
    for row in rows:
        await revocations.advance_epoch(row.id, int(row.token_epoch))
    return len(rows)
