"""SQL for the ledger and the projection of keys: the only place their queries live."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.tables import key_owners
from litemaas_billing.domain.ledger import KeyOwner, LedgerEntry

_COLUMNS = (
    "request_id, event_id, key_hash, key_id, user_id, team_id, model, provider, prompt_tokens, "
    "completion_tokens, cost, status, started_at, ended_at, source, recorded_at"
)


def _rollup(table: str, bucket: str) -> str:
    # table names are constants and every value is bound: no injection. Grouped, because one
    # statement may not update the same aggregate row twice.
    return f"""
  INSERT INTO {table} AS u (bucket, user_id, key_hash, model, team_id, provider, key_id,
                            requests, failures, prompt_tokens, completion_tokens, cost)
  SELECT {bucket}, user_id, key_hash, model, team, prov, max(key_id), count(*), sum(failed),
         sum(prompt_tokens), sum(completion_tokens), sum(cost)
  FROM entry GROUP BY {bucket}, user_id, key_hash, model, team, prov
  ON CONFLICT (bucket, user_id, key_hash, model, team_id, provider) DO UPDATE SET
    key_id = COALESCE(EXCLUDED.key_id, u.key_id),
    requests = u.requests + EXCLUDED.requests,
    failures = u.failures + EXCLUDED.failures,
    prompt_tokens = u.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = u.completion_tokens + EXCLUDED.completion_tokens,
    cost = u.cost + EXCLUDED.cost"""  # noqa: S608


_TYPES = {
    "request_id": "text",
    "event_id": "text",
    "key_hash": "text",
    "key_id": "text",
    "user_id": "text",
    "team_id": "text",
    "model": "text",
    "provider": "text",
    "prompt_tokens": "bigint",
    "completion_tokens": "bigint",
    "cost": "numeric",
    "status": "text",
    "started_at": "timestamptz",
    "ended_at": "timestamptz",
    "source": "text",
    "recorded_at": "timestamptz",
}
_ARRAYS = ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _TYPES.items())

# One round trip for a whole batch: the ledger rows, and only the new ones' amounts added to
# the hourly and daily aggregates (data-modifying CTEs all run, in this statement's snapshot).
# Buckets are the UTC hour and day the request started in (``domain.ledger.hour_of``).
APPEND = text(
    f"""
WITH input AS (
  SELECT * FROM unnest({_ARRAYS}) AS t({", ".join(_TYPES)})
), entry AS (
  INSERT INTO spend_ledger ({_COLUMNS}) SELECT {_COLUMNS} FROM input
  ON CONFLICT (request_id) DO NOTHING
  RETURNING request_id, user_id, key_hash, model, COALESCE(team_id, '') AS team,
            COALESCE(provider, '') AS prov, key_id, prompt_tokens, completion_tokens, cost,
            CASE WHEN status = 'failure' THEN 1 ELSE 0 END AS failed,
            date_trunc('hour', started_at, 'UTC') AS hour,
            date_trunc('day', started_at, 'UTC') AS day
), hourly AS ({_rollup("usage_hourly", "hour")}
), daily AS ({_rollup("usage_daily", "day")}
)
SELECT request_id FROM entry
"""  # noqa: S608
)


class SqlLedger:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def owners_of(self, key_hashes: set[str]) -> dict[str, KeyOwner]:
        if not key_hashes:
            return {}
        rows = await self.session.execute(
            select(key_owners).where(key_owners.c.key_hash.in_(sorted(key_hashes)))
        )
        return {r.key_hash: KeyOwner(r.key_hash, r.key_id, r.user_id, r.team_id) for r in rows}

    async def remember(self, owner: KeyOwner) -> None:
        await self.session.execute(
            insert(key_owners)
            .values(
                key_hash=owner.key_hash,
                key_id=owner.key_id,
                user_id=owner.user_id,
                team_id=owner.team_id,
            )
            .on_conflict_do_nothing(index_elements=["key_hash"])
        )

    async def append(self, entries: list[tuple[LedgerEntry, str]]) -> set[str]:
        if not entries:
            return set()
        columns: dict[str, list[object]] = {name: [] for name in _TYPES}
        for entry, event_id in entries:
            for name in _TYPES:
                columns[name].append(event_id if name == "event_id" else getattr(entry, name))
        added = await self.session.execute(APPEND, columns)
        return set(added.scalars())
