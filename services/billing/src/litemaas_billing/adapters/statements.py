"""SQL for statements: what is due, a team's month from the ledger, and the stored ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budget_tables import team_members
from litemaas_billing.adapters.tables import statements
from litemaas_billing.domain.statements import Spent

Stored = tuple[str, datetime, datetime, bytes, str]

# months with team spend that ended before :closed and have no statement yet (from the daily
# aggregates: far fewer rows than the ledger)
_DUE = text(
    """
SELECT DISTINCT team_id, date_trunc('month', bucket, 'UTC') AS month FROM usage_daily
WHERE team_id <> '' AND bucket < date_trunc('month', CAST(:closed AS timestamptz), 'UTC')
EXCEPT SELECT team_id, period_start FROM statements
ORDER BY 2, 1 LIMIT 100"""
)
_LINES = text(
    """
SELECT model, user_id, COALESCE(key_id, ''), count(*),
       sum(CASE WHEN status = 'failure' THEN 1 ELSE 0 END)::bigint, sum(prompt_tokens)::bigint,
       sum(completion_tokens)::bigint, sum(cost)
FROM spend_ledger WHERE team_id = :team AND started_at >= :start AND started_at < :end
GROUP BY 1, 2, 3"""
)


class SqlStatements:
    """Over the session's tables: the live ones, or a replay's (its search path)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due(self, closed: datetime) -> list[tuple[str, datetime]]:
        rows = await self.session.execute(_DUE, {"closed": closed})
        return [(r[0], r[1]) for r in rows]

    async def lines(self, team_id: str, start: datetime, end: datetime) -> list[Spent]:
        rows = await self.session.execute(_LINES, {"team": team_id, "start": start, "end": end})
        return [Spent(*row) for row in rows]

    async def store(
        self, team_id: str, start: datetime, end: datetime, body: bytes, sha256: str
    ) -> bool:
        """Once: a statement already stored is never rewritten. True when this one was new."""
        done = await self.session.execute(
            insert(statements)
            .values(team_id=team_id, period_start=start, period_end=end, body=body, sha256=sha256)
            .on_conflict_do_nothing(index_elements=["team_id", "period_start"])
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    async def stored(self, team_id: str | None = None) -> list[Stored]:
        query = select(
            statements.c.team_id,
            statements.c.period_start,
            statements.c.period_end,
            statements.c.body,
            statements.c.sha256,
        ).order_by(statements.c.team_id, statements.c.period_start)
        if team_id is not None:
            query = query.where(statements.c.team_id == team_id)
        return [tuple(r) for r in await self.session.execute(query)]

    async def team_role(self, team_id: str, user_id: str) -> str | None:
        """The caller's role in the team, from billing's projection of teams."""
        found = await self.session.execute(
            select(team_members.c.role).where(
                team_members.c.team_id == team_id, team_members.c.user_id == user_id
            )
        )
        return found.scalar_one_or_none()
