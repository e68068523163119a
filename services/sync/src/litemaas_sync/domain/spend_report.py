"""Spend reconciled for a period: billing's ledger, LiteLLM's spend logs and LiteLLM's own spend
counters, per key, user and team, every difference listed. No I/O.

The ledger and the logs must agree to 1e-9 for every subject over the same whole hours (both
bucket a request by its start). LiteLLM's counter is a running total, not a period's: it can
only be checked one way — it may never hold less than the period's spend — and not at all for a
subject whose counter sync restarts (a budget's period, credits). LiteLLM flushes its spend logs
on their own schedule, apart from its counters (``observed/spend-and-lists.md``): for spend
seconds old the counter may still be short, until its next batched write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from litemaas_contracts.billing import SpendRecorded

Scope = Literal["key", "user", "team"]
SCOPES: tuple[Scope, ...] = ("key", "user", "team")
Subject = tuple[Scope, str]
#: LiteLLM keeps money as floats: closer than this is equal
TOLERANCE = Decimal("1e-9")

Difference = Literal[
    "only_in_ledger",
    "only_in_litellm_logs",
    "ledger_differs_from_logs",
    "litellm_counter_below_period_spend",
]


@dataclass(frozen=True)
class Line:
    scope: Scope
    subject: str
    ledger: Decimal
    logs: Decimal
    #: LiteLLM's spend counter now (None: not read, or the subject is not in LiteLLM)
    counter: Decimal | None
    differences: tuple[Difference, ...]


@dataclass(frozen=True)
class Report:
    start: datetime
    end: datetime
    lines: tuple[Line, ...]
    #: spend-log rows that could not be read as spend (no key, a bad cost): counted, not summed
    unreadable_rows: int

    @property
    def differences(self) -> int:
        return sum(len(line.differences) for line in self.lines)


def logged_totals(records: Iterable[SpendRecorded]) -> dict[Subject, Decimal]:
    """Per key (its hash), user and team: the spend of each logged request, once."""
    seen: set[str] = set()
    totals: dict[Subject, Decimal] = {}
    for record in records:
        if record.request_id in seen:
            continue
        seen.add(record.request_id)
        for scope, subject in (
            ("key", record.key_hash),
            ("user", record.user_id),
            ("team", record.team_id),
        ):
            if subject:
                key: Subject = (scope, subject)  # type: ignore[assignment]
                totals[key] = totals.get(key, Decimal(0)) + record.cost
    return totals


def compare(
    ledger: dict[Subject, Decimal],
    logs: dict[Subject, Decimal],
    counters: dict[Subject, Decimal],
    restarted: set[Subject],
) -> list[Line]:
    lines = []
    for subject in sorted(ledger.keys() | logs.keys()):
        spent, logged = ledger.get(subject, Decimal(0)), logs.get(subject, Decimal(0))
        found: list[Difference] = []
        if subject not in ledger:
            found.append("only_in_litellm_logs")
        elif subject not in logs:
            found.append("only_in_ledger")
        elif abs(spent - logged) > TOLERANCE:
            found.append("ledger_differs_from_logs")
        counter = counters.get(subject)
        checked = counter is not None and subject not in restarted
        if checked and counter is not None and counter + TOLERANCE < max(spent, logged):
            found.append("litellm_counter_below_period_spend")
        lines.append(Line(subject[0], subject[1], spent, logged, counter, tuple(found)))
    return lines
