"""Sealed key secrets in sync's database, between their arrival and the key's creation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_sync.adapters.tables import pending_key_secrets as table


class SqlSealedSecrets:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def put(self, key_id: str, key_hash: str, sealed: str, sealed_at: datetime) -> None:
        stmt = insert(table).values(
            key_id=key_id, key_hash=key_hash, sealed_secret=sealed, sealed_at=sealed_at
        )
        await self.session.execute(stmt.on_conflict_do_nothing())

    async def get(self, key_id: str) -> str | None:
        row = await self.session.execute(
            select(table.c.sealed_secret).where(table.c.key_id == key_id)
        )
        return row.scalar_one_or_none()

    async def drop(self, key_id: str) -> None:
        await self.session.execute(delete(table).where(table.c.key_id == key_id))

    async def prune(self, sealed_before: datetime) -> int:
        result = await self.session.execute(
            delete(table).where(table.c.sealed_at < sealed_before).returning(table.c.key_id)
        )
        return len(result.all())
