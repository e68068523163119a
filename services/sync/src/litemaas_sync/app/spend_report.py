"""The spend reconciliation report for a period (admins): see ``domain.spend_report``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol

from litemaas_sync.domain.budgets import BudgetState
from litemaas_sync.domain.spend import NotASpendRecord, Window, from_spend_log
from litemaas_sync.domain.spend_report import (
    SCOPES,
    Report,
    Scope,
    Subject,
    compare,
    logged_totals,
)

#: the widest period a report reads (LiteLLM's logs are read whole, row by row)
WIDEST = timedelta(days=31)


class ReportRefused(ValueError):
    """The period cannot be reported (the message says why)."""


class Ledger(Protocol):
    async def totals(self, start: datetime, end: datetime, by: Scope) -> dict[str, Decimal]:
        """billing's ledger: spend per key hash, user id or team id over [start, end)."""


class SpendLogs(Protocol):
    async def read(self, window: Window) -> list[Mapping[str, Any]]: ...


class Counters(Protocol):
    async def read(self, scope: Scope, subject: str) -> BudgetState | None: ...


def checked_period(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Whole UTC hours (billing keeps spend per hour), at most ``WIDEST`` apart."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ReportRefused("'from' and 'to' need a time zone")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    for name, at in (("from", start), ("to", end)):
        if at != at.replace(minute=0, second=0, microsecond=0):
            raise ReportRefused(f"'{name}' must be on a whole hour (billing keeps spend per hour)")
    if not start < end <= start + WIDEST:
        raise ReportRefused(f"'from' must be before 'to', at most {WIDEST.days} days apart")
    return start, end


async def spend_report(
    start: datetime,
    end: datetime,
    ledger: Ledger,
    logs: SpendLogs,
    counters: Counters,
    restarted: set[Subject],
) -> Report:
    start, end = checked_period(start, end)
    ledger_totals: dict[Subject, Decimal] = {}
    for scope in SCOPES:
        for subject, spent in (await ledger.totals(start, end, scope)).items():
            ledger_totals[(scope, subject)] = spent
    # LiteLLM's window is whole seconds, both ends included: read to the last second, keep
    # only rows that started inside the period
    now = datetime.now(UTC)
    records, unreadable = [], 0
    for row in await logs.read(Window(start, end - timedelta(seconds=1))):
        try:
            record = from_spend_log(row, None, now)
        except NotASpendRecord:
            unreadable += 1
            continue
        if start <= record.started_at < end:
            records.append(record)
    logged = logged_totals(records)
    counters_now: dict[Subject, Decimal] = {}
    for scope, subject in sorted(ledger_totals.keys() | logged.keys()):
        state = await counters.read(scope, subject)
        if state is not None:
            counters_now[(scope, subject)] = state.spend
    lines = compare(ledger_totals, logged, counters_now, restarted)
    return Report(start, end, tuple(lines), unreadable)
