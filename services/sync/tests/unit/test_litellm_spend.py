"""Reading a window of LiteLLM's spend logs: every row, whatever the page size, and costs as
the exact numbers the JSON carried."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from litemaas_sync.adapters.litellm_spend import LiteLLMSpendLogs
from litemaas_sync.domain.spend import Window

pytestmark = pytest.mark.unit
T0 = datetime(2026, 11, 30, 10, 0, 0, tzinfo=UTC)


@dataclass
class Answer:
    text: str


class FakeAdmin:
    """``/spend/logs/v2`` as 1.106.2 answers it: whole-second bounds, inclusive, offset pages."""

    def __init__(self, starts: list[datetime]) -> None:
        self.starts = starts
        self.calls = 0

    async def _call(self, method: str, path: str, *, params: dict[str, Any]) -> Answer:
        self.calls += 1
        low, high = (
            datetime.strptime(params[k], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            for k in ("start_date", "end_date")
        )
        rows = [
            f'{{"request_id": "r{i}", "spend": 0.1000000000000000055, "startTime": "{at}"}}'
            for i, at in enumerate(self.starts)
            if low <= at <= high
        ]
        size, page = params["page_size"], params["page"]
        data = ",".join(rows[(page - 1) * size : page * size])
        return Answer(f'{{"data": [{data}], "total": {len(rows)}}}')


@pytest.mark.parametrize("page_size", [1000, 3, 1])
async def test_every_row_of_the_window_is_read_whatever_the_page_size(page_size: int) -> None:
    starts = [T0 + timedelta(seconds=s, milliseconds=500) for s in (0, 1, 1, 1, 7, 30, 59)]
    admin = FakeAdmin([*starts, T0 + timedelta(seconds=61)])  # the last is after the window
    logs = LiteLLMSpendLogs(admin, page_size=page_size)  # type: ignore[arg-type]
    rows = await logs.read(Window(T0, T0 + timedelta(seconds=60)))
    assert {r["request_id"] for r in rows} == {f"r{i}" for i in range(7)}
    assert rows[0]["spend"] == Decimal("0.1000000000000000055")


async def test_a_window_that_fits_one_page_costs_one_call() -> None:
    admin = FakeAdmin([T0 + timedelta(seconds=s) for s in range(10)])
    await LiteLLMSpendLogs(admin).read(Window(T0, T0 + timedelta(seconds=60)))  # type: ignore[arg-type]
    assert admin.calls == 1
