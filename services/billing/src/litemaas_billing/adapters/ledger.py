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
    # table names are constants and every value is bound: no injection
    return f"""
  INSERT INTO {table} AS u (bucket, user_id, key_hash, model, team_id, provider, key_id,
                            requests, failures, prompt_tokens, completion_tokens, cost)
  SELECT CAST(:{bucket} AS timestamptz), user_id, key_hash, model, team, prov, key_id,
         1, failed, prompt_tokens, completion_tokens, cost FROM entry
  ON CONFLICT (bucket, user_id, key_hash, model, team_id, provider) DO UPDATE SET
    key_id = COALESCE(EXCLUDED.key_id, u.key_id),
    requests = u.requests + 1,
    failures = u.failures + EXCLUDED.failures,
    prompt_tokens = u.prompt_tokens + EXCLUDED.prompt_tokens,
    completion_tokens = u.completion_tokens + EXCLUDED.completion_tokens,
    cost = u.cost + EXCLUDED.cost"""  # noqa: S608


# One round trip: the ledger row, and only if it is new, its amounts added to the hourly and
# the daily aggregates (data-modifying CTEs all run, in this statement's snapshot).
APPEND = text(
    f"""
WITH entry AS (
  INSERT INTO spend_ledger ({_COLUMNS})
  VALUES (:request_id, :event_id, :key_hash, :key_id, :user_id, :team_id, :model, :provider,
          :prompt_tokens, :completion_tokens, :cost, :status, :started_at, :ended_at, :source,
          :recorded_at)
  ON CONFLICT (request_id) DO NOTHING
  RETURNING user_id, key_hash, model, COALESCE(team_id, '') AS team, COALESCE(provider, '')
            AS prov, key_id, prompt_tokens, completion_tokens, cost,
            CASE WHEN status = 'failure' THEN 1 ELSE 0 END AS failed
), hourly AS ({_rollup("usage_hourly", "hour")}
), daily AS ({_rollup("usage_daily", "day")}
)
SELECT count(*) FROM entry
"""  # noqa: S608
)


class SqlLedger:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def owner_of(self, key_hash: str) -> KeyOwner | None:
        row = (
            await self.session.execute(select(key_owners).where(key_owners.c.key_hash == key_hash))
        ).first()
        return KeyOwner(row.key_hash, row.key_id, row.user_id, row.team_id) if row else None

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

    async def append(self, entry: LedgerEntry, event_id: str) -> bool:
        added = await self.session.execute(
            APPEND,
            {
                "request_id": entry.request_id,
                "event_id": event_id,
                "key_hash": entry.key_hash,
                "key_id": entry.key_id,
                "user_id": entry.user_id,
                "team_id": entry.team_id,
                "model": entry.model,
                "provider": entry.provider,
                "prompt_tokens": entry.prompt_tokens,
                "completion_tokens": entry.completion_tokens,
                "cost": entry.cost,
                "status": entry.status,
                "started_at": entry.started_at,
                "ended_at": entry.ended_at,
                "source": entry.source,
                "recorded_at": entry.recorded_at,
                "hour": entry.hour,
                "day": entry.day,
            },
        )
        return bool(added.scalar_one())
