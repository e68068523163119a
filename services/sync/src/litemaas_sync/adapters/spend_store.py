"""The spend pull's position, the request ids it recorded lately, and key ids by hash."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_sync.adapters.tables import key_ids, spend_pulled, spend_watermark

_SPEND_LOGS = "spend-logs"
#: rows per statement: asyncpg takes at most 32,767 parameters
_CHUNK = 5000
#: one spend pull at a time across every sync instance (transaction-scoped advisory lock)
_PULL_LOCK = 0x7370_656E


class SqlSpendStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self) -> None:
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PULL_LOCK})

    async def watermark(self) -> datetime | None:
        row = await self.session.execute(
            select(spend_watermark.c.position).where(spend_watermark.c.name == _SPEND_LOGS)
        )
        return row.scalar_one_or_none()

    async def move_watermark(self, to: datetime) -> None:
        stmt = insert(spend_watermark).values(name=_SPEND_LOGS, position=to)
        await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["name"], set_={"position": to, "updated_at": func.now()}
            )
        )

    async def pulled(self, request_ids: Collection[str]) -> set[str]:
        found: set[str] = set()
        ids = list(request_ids)
        for at in range(0, len(ids), _CHUNK):
            chunk = ids[at : at + _CHUNK]
            rows = await self.session.execute(
                select(spend_pulled.c.request_id).where(spend_pulled.c.request_id.in_(chunk))
            )
            found.update(rows.scalars())
        return found

    async def remember(self, pulled: Mapping[str, datetime]) -> None:
        rows = [{"request_id": i, "started_at": at} for i, at in pulled.items()]
        for at in range(0, len(rows), _CHUNK):
            stmt = insert(spend_pulled).values(rows[at : at + _CHUNK])
            await self.session.execute(stmt.on_conflict_do_nothing())

    async def forget_started_before(self, moment: datetime) -> int:
        result = await self.session.execute(
            delete(spend_pulled).where(spend_pulled.c.started_at < moment)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def key_ids(self, key_hashes: Collection[str]) -> dict[str, str]:
        if not key_hashes:
            return {}
        rows = await self.session.execute(
            select(key_ids.c.key_hash, key_ids.c.key_id).where(key_ids.c.key_hash.in_(key_hashes))
        )
        return {r.key_hash: r.key_id for r in rows}

    async def learn_key(self, key_hash: str, key_id: str) -> None:
        stmt = insert(key_ids).values(key_hash=key_hash, key_id=key_id)
        await self.session.execute(stmt.on_conflict_do_nothing())
