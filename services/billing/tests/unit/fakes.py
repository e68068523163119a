"""The billing ports in memory: a ledger that keeps aggregates as the SQL does, and a usage
reader that answers from them and remembers what it was asked."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from litemaas_billing.domain.ledger import KeyOwner, LedgerEntry
from litemaas_billing.domain.usage import (
    Dimension,
    Granularity,
    Row,
    Scope,
    Segment,
    Totals,
)

Grain = tuple[
    str, datetime, str, str, str, str, str
]  # period, bucket, user, key, model, team, provider


class Ledger:
    def __init__(self) -> None:
        self.owners: dict[str, KeyOwner] = {}
        self.entries: dict[str, LedgerEntry] = {}
        self.aggregates: dict[Grain, Totals] = defaultdict(Totals)

    async def owners_of(self, key_hashes: set[str]) -> dict[str, KeyOwner]:
        return {h: self.owners[h] for h in key_hashes if h in self.owners}

    async def remember(self, owner: KeyOwner) -> None:
        self.owners.setdefault(owner.key_hash, owner)

    async def append(self, entries: list[tuple[LedgerEntry, str]]) -> set[str]:
        return {entry.request_id for entry, _ in entries if self._append(entry)}

    def _append(self, entry: LedgerEntry) -> bool:
        if entry.request_id in self.entries:
            return False
        self.entries[entry.request_id] = entry
        for period, bucket in (("hour", entry.hour), ("day", entry.day)):
            grain = (
                period,
                bucket,
                entry.user_id,
                entry.key_hash,
                entry.model,
                entry.team_id or "",
                entry.provider or "",
            )
            self.aggregates[grain] = self.aggregates[grain].plus(entry)
        return True


class Reader:
    """Answers totals (no grouping) from a ``Ledger``'s aggregates; records every question."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.asked: list[tuple[Scope, list[Segment], Granularity | None, Dimension | None]] = []

    async def grouped(
        self,
        scope: Scope,
        parts: list[Segment],
        *,
        period: Granularity | None = None,
        by: Dimension | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[Row], int]:
        self.asked.append((scope, parts, period, by))
        total = Totals()
        for (
            grain_period,
            bucket,
            user,
            _key,
            model,
            team,
            _prov,
        ), totals in self.ledger.aggregates.items():
            inside = any(p.granularity == grain_period and p.start <= bucket < p.end for p in parts)
            if not inside or (scope.user_id is not None and user != scope.user_id):
                continue
            if (scope.model is not None and model != scope.model) or (
                scope.team_id is not None and team != scope.team_id
            ):
                continue
            total = Totals(
                total.requests + totals.requests,
                total.failures + totals.failures,
                total.prompt_tokens + totals.prompt_tokens,
                total.completion_tokens + totals.completion_tokens,
                total.cost + totals.cost,
            )
        return [Row(total)], 1
