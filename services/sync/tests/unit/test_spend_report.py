"""The spend reconciliation report: ledger vs LiteLLM's logs vs its counters, against fakes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from litemaas_sync.app.spend_report import ReportRefused, spend_report
from litemaas_sync.domain.budgets import BudgetState, LiteLLMBudget
from litemaas_sync.domain.spend import Window
from litemaas_sync.domain.spend_report import Scope

pytestmark = pytest.mark.unit
START = datetime(2026, 11, 30, 10, tzinfo=UTC)
END = START + timedelta(hours=2)


def row(
    request_id: str, key: str, cost: str, user: str = "u1", team: str = "", at: datetime = START
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "api_key": key,
        "user": user,
        "team_id": team,
        "model_group": "mock-gpt",
        "spend": Decimal(cost),
        "prompt_tokens": 1,
        "completion_tokens": 1,
        "status": "success",
        "startTime": at.isoformat(),
        "endTime": at.isoformat(),
    }


class Ledger:
    def __init__(self, totals: dict[Scope, dict[str, Decimal]]) -> None:
        self.by = totals

    async def totals(self, start: datetime, end: datetime, by: Scope) -> dict[str, Decimal]:
        return self.by.get(by, {})


class Logs:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.windows: list[Window] = []

    async def read(self, window: Window) -> list[Mapping[str, Any]]:
        self.windows.append(window)
        return list(self.rows)


class Counters:
    def __init__(self, spend: dict[tuple[str, str], str]) -> None:
        self.spend = spend

    async def read(self, scope: Scope, subject: str) -> BudgetState | None:
        found = self.spend.get((scope, subject))
        return (
            None if found is None else BudgetState(LiteLLMBudget(None, None), Decimal(found), None)
        )


async def test_agreeing_sources_show_no_difference_and_a_request_logged_twice_counts_once() -> None:
    logs = Logs([row("r1", "k1", "0.25"), row("r2", "k1", "0.5"), row("r2", "k1", "0.5")])
    ledger = Ledger({"key": {"k1": Decimal("0.75")}, "user": {"u1": Decimal("0.75")}})
    counters = Counters({("key", "k1"): "0.75", ("user", "u1"): "2"})
    report = await spend_report(START, END, ledger, logs, counters, set())
    assert report.differences == 0 and len(report.lines) == 2
    assert logs.windows == [Window(START, END - timedelta(seconds=1))]


async def test_every_kind_of_difference_is_listed_per_subject() -> None:
    logs = Logs(
        [
            row("r1", "k1", "0.25"),
            row("r2", "k2", "0.5", user="u2"),
            row("late", "k1", "9", at=END),  # after the period: not counted
        ]
    )
    ledger = Ledger(
        {
            "key": {"k1": Decimal("0.3"), "k3": Decimal("1")},
            "user": {"u1": Decimal("0.25"), "u3": Decimal("1")},
        }
    )
    counters = Counters({("key", "k1"): "0.1", ("key", "k2"): "0.5", ("user", "u1"): "0"})
    report = await spend_report(START, END, ledger, logs, counters, {("user", "u1")})
    found = {(line.scope, line.subject): line.differences for line in report.lines}
    assert found == {
        ("key", "k1"): ("ledger_differs_from_logs", "litellm_counter_below_period_spend"),
        ("key", "k2"): ("only_in_litellm_logs",),
        ("key", "k3"): ("only_in_ledger",),
        ("user", "u1"): (),  # its counter is restarted by a budget: not compared
        ("user", "u2"): ("only_in_litellm_logs",),
        ("user", "u3"): ("only_in_ledger",),
    }


async def test_a_row_that_is_not_spend_is_counted_apart() -> None:
    logs = Logs([row("r1", "k1", "0.25"), {"request_id": "x", "spend": "NaN"}])
    report = await spend_report(START, END, Ledger({}), logs, Counters({}), set())
    assert report.unreadable_rows == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (START, START),
        (START + timedelta(minutes=1), END),
        (START, START + timedelta(days=32)),
        (START.replace(tzinfo=None), END),
    ],
)
async def test_a_period_of_whole_hours_within_31_days_only(start: datetime, end: datetime) -> None:
    with pytest.raises(ReportRefused):
        await spend_report(start, end, Ledger({}), Logs([]), Counters({}), set())
