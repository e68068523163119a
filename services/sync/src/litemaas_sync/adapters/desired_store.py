"""The desired LiteLLM state in sync's database (the only place its SQL lives)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_sync.adapters.desired_tables import desired_state
from litemaas_sync.domain.desired import from_json, merge, to_json
from litemaas_sync.domain.drift import Desired, Kind, Status

#: rows of this entity type mark the kinds whose first cycle took LiteLLM as it was
_BASELINE = "baseline"
#: values the reconciler records from LiteLLM itself: they do not make an object LiteMaaS's
_NOT_A_CLAIM = frozenset({"litellm", "baseline"})


def _desired(row: Any) -> Desired:
    return Desired(row.entity_type, row.entity_id, from_json(row.fields), row.status, row.key_id)


class SqlDesiredStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, kind: Kind, entity_id: str, *, lock: bool = False) -> Desired | None:
        query = select(desired_state).where(
            desired_state.c.entity_type == kind, desired_state.c.entity_id == entity_id
        )
        if lock:
            query = query.with_for_update()
        row = (await self.session.execute(query)).first()
        return _desired(row) if row else None

    async def load(self, kind: Kind) -> dict[str, Desired]:
        query = select(desired_state).where(desired_state.c.entity_type == kind)
        return {row.entity_id: _desired(row) for row in await self.session.execute(query)}

    async def status(self, kind: Kind, entity_id: str) -> Status | None:
        found = await self.get(kind, entity_id)
        return found.status if found else None

    async def baselined(self, kind: Kind) -> bool:
        query = select(desired_state.c.entity_id).where(
            desired_state.c.entity_type == _BASELINE, desired_state.c.entity_id == kind
        )
        return (await self.session.execute(query)).first() is not None

    async def mark_baselined(self, kind: Kind) -> None:
        statement = insert(desired_state).values(
            entity_type=_BASELINE, entity_id=kind, fields={}, status="live"
        )
        await self.session.execute(statement.on_conflict_do_nothing())

    async def record(
        self,
        kind: Kind,
        entity_id: str,
        values: Mapping[str, Any],
        *,
        event_id: str | None,
        at: datetime | None,
        key_id: str | None = None,
    ) -> None:
        """Merges the values field by field (later event wins); a tombstone stays one, and
        an object LiteMaaS's events speak of is LiteMaaS's again (no longer foreign)."""
        known = await self.get(kind, entity_id, lock=True)
        fields = merge(known.fields if known else {}, values, event_id, at)
        claim: tuple[Status, datetime] | None
        claim = ("live", at or datetime.now(UTC)) if known and known.status == "foreign" else None
        if event_id in _NOT_A_CLAIM:
            claim = None
        await self._put(kind, entity_id, fields, key_id or (known.key_id if known else None), claim)

    async def set_status(
        self, kind: Kind, entity_id: str, status: Status, at: datetime, key_id: str | None = None
    ) -> None:
        known = await self.get(kind, entity_id, lock=True)
        fields = dict(known.fields) if known else {}
        await self._put(
            kind, entity_id, fields, key_id or (known.key_id if known else None), (status, at)
        )

    async def _put(
        self,
        kind: Kind,
        entity_id: str,
        fields: Mapping[str, Any],
        key_id: str | None,
        status: tuple[Status, datetime] | None,
    ) -> None:
        values: dict[str, Any] = {
            "entity_type": kind,
            "entity_id": entity_id,
            "key_id": key_id,
            "fields": to_json(fields),
        }
        if status:
            values["status"], values["status_at"] = status
        update = {k: v for k, v in values.items() if k not in ("entity_type", "entity_id")}
        statement = insert(desired_state).values(**values)
        await self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["entity_type", "entity_id"],
                set_={**update, "updated_at": statement.excluded.updated_at},
            )
        )
