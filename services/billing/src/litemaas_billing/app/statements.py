"""Statements: made once a team's month has closed, never rewritten, re-generable."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Protocol

from litemaas_billing.domain.statements import Spent, digest, month, render_statement

Stored = tuple[str, datetime, datetime, bytes, str]


class StatementStore(Protocol):
    async def due(self, closed: datetime) -> list[tuple[str, datetime]]:
        """(team, month start) with spend, in months ended before ``closed``, not yet made."""

    async def lines(self, team_id: str, start: datetime, end: datetime) -> list[Spent]:
        """The team's ledger totals per (model, user, key) for requests started in [start, end)."""

    async def store(
        self, team_id: str, start: datetime, end: datetime, body: bytes, sha256: str
    ) -> bool:
        """Keep the statement unless one exists for (team, start): True when kept."""

    async def stored(self, team_id: str | None = None) -> list[Stored]:
        """Statements kept, by team and period."""


async def generate(store: StatementStore, team_id: str, start: datetime) -> tuple[bytes, str]:
    """The statement of ``team_id``'s month starting at ``start``, from the ledger as it is."""
    first, end = month(start)
    body = render_statement(team_id, first, end, await store.lines(team_id, first, end))
    return body, digest(body)


async def close_due(
    tx: Callable[[], AbstractAsyncContextManager[StatementStore]],
    now: datetime,
    grace: timedelta,
) -> int:
    """Make the statements of months that ended at least ``grace`` ago (spend arriving later is
    in the ledger but not in the statement; a replay reports such a statement as differing).
    Idempotent: a statement made by another run is kept as it is. Returns how many were made."""
    made = 0
    async with tx() as store:
        for team_id, start in await store.due(now - grace):
            body, sha = await generate(store, team_id, start)
            made += await store.store(team_id, *month(start), body, sha)
    return made
