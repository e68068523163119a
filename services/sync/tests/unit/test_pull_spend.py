"""The spend pull against a fake LiteLLM and a fake store: the watermark only moves with what
was recorded, an overlap re-read publishes nothing twice, late rows still arrive."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from litemaas_contracts import Event
from litemaas_contracts.billing import SpendRecorded
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_sync.app.pull_spend import pull_spend, record_pushed
from litemaas_sync.domain.spend import Window

pytestmark = pytest.mark.unit
T0 = datetime(2026, 11, 30, 10, 0, 0, tzinfo=UTC)
LAG, OVERLAP = timedelta(seconds=60), timedelta(seconds=300)


def row(request_id: str, started: datetime, key: str = "h1") -> dict[str, Any]:
    return {
        "request_id": request_id,
        "api_key": key,
        "user": "u1",
        "team_id": "",
        "model_group": "mock-gpt",
        "spend": "0.5",
        "status": "success",
        "startTime": started.isoformat(),
        "endTime": started.isoformat(),
    }


class FakeLogs:
    """LiteLLM's spend-log table: rows by start time, visible once written."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.down = False
        self.windows: list[Window] = []

    async def read(self, window: Window) -> list[Mapping[str, Any]]:
        if self.down:
            raise DependencyUnavailable("LiteLLM unreachable: ConnectError")
        self.windows.append(window)
        return [
            r
            for r in self.rows
            if window.start <= datetime.fromisoformat(r["startTime"]) <= window.end
        ]


class FakeStore:
    def __init__(self) -> None:
        self.position: datetime | None = None
        self.seen: dict[str, datetime] = {}
        self.keys = {"h1": "key-1"}

    async def lock(self) -> None:
        pass

    async def watermark(self) -> datetime | None:
        return self.position

    async def move_watermark(self, to: datetime) -> None:
        self.position = to

    async def pulled(self, request_ids: Collection[str]) -> set[str]:
        return set(request_ids) & set(self.seen)

    async def remember(self, pulled: Mapping[str, datetime]) -> None:
        self.seen.update(pulled)

    async def forget_started_before(self, moment: datetime) -> int:
        old = [i for i, at in self.seen.items() if at < moment]
        for request_id in old:
            del self.seen[request_id]
        return len(old)

    async def key_ids(self, key_hashes: Collection[str]) -> dict[str, str]:
        return {h: self.keys[h] for h in key_hashes if h in self.keys}


class World:
    def __init__(self) -> None:
        self.logs, self.store, self.published = FakeLogs(), FakeStore(), list[Event]()

    @property
    def tx(self) -> World:
        return self

    async def record(self, event: Event) -> None:
        self.published.append(event)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[World]:
        before = (self.store.position, dict(self.store.seen), len(self.published))
        try:
            yield self
        except BaseException:  # a rolled-back transaction leaves nothing behind
            self.store.position, self.store.seen = before[0], before[1]
            del self.published[before[2] :]
            raise

    async def pull(self, at: datetime) -> int:
        return await pull_spend(self.logs, self.transaction, at, LAG, OVERLAP)

    def ids(self) -> list[str]:
        return [e.request_id for e in self.published if isinstance(e, SpendRecorded)]


async def test_rows_of_a_closed_window_are_recorded_once_with_their_key_id() -> None:
    world = World()
    world.logs.rows = [row("r1", T0 - timedelta(seconds=90)), row("r2", T0 - timedelta(seconds=30))]
    assert await world.pull(T0) == 1  # r2 started within the lag: its window is still open
    assert world.ids() == ["r1"] and world.store.position == T0 - LAG
    first = world.published[0]
    assert isinstance(first, SpendRecorded) and first.key_id == "key-1"
    assert first.source == "pull"
    assert await world.pull(T0 + timedelta(seconds=40)) == 1  # the overlap re-reads r1: not again
    assert world.ids() == ["r1", "r2"]


async def test_a_row_written_later_than_the_lag_is_still_read_by_the_overlap() -> None:
    world = World()
    await world.pull(T0)
    world.logs.rows = [row("late", T0 - LAG - timedelta(seconds=50))]  # written after that pull
    await world.pull(T0 + timedelta(seconds=10))
    assert world.ids() == ["late"]


async def test_an_outage_moves_nothing_and_the_next_pull_reads_the_whole_gap() -> None:
    world = World()
    await world.pull(T0)
    world.logs.rows = [row("during", T0 + timedelta(seconds=30) - LAG)]
    world.logs.down = True
    with pytest.raises(DependencyUnavailable):
        await world.pull(T0 + timedelta(seconds=600))
    assert world.store.position == T0 - LAG and world.ids() == []
    world.logs.down = False
    await world.pull(T0 + timedelta(seconds=610))
    assert world.ids() == ["during"]
    assert world.logs.windows[-1].start == T0 - LAG - OVERLAP


async def test_a_crash_before_commit_reads_the_same_window_again() -> None:
    world = World()
    world.logs.rows = [row("r1", T0 - timedelta(seconds=90))]

    async def crash(event: Event) -> None:
        raise RuntimeError("killed mid-transaction")

    world.record = crash  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await world.pull(T0)
    assert world.store.position is None and world.store.seen == {}
    del world.record
    await world.pull(T0)
    assert world.ids() == ["r1"]


async def test_a_malformed_row_is_skipped_and_the_rest_recorded() -> None:
    world = World()
    bad = {**row("bad", T0 - timedelta(seconds=90)), "model_group": "", "model": ""}
    world.logs.rows = [bad, row("good", T0 - timedelta(seconds=90))]
    assert await world.pull(T0) == 1
    assert world.ids() == ["good"]


async def test_recorded_ids_are_forgotten_once_no_window_can_reach_them() -> None:
    world = World()
    world.logs.rows = [row("old", T0 - timedelta(seconds=90))]
    await world.pull(T0)
    await world.pull(T0 + 2 * OVERLAP + timedelta(seconds=120))
    assert "old" not in world.store.seen and world.ids() == ["old"]


async def test_a_pushed_record_is_published_but_not_counted_as_pulled() -> None:
    world = World()
    obj = {
        "id": "r1",
        "response_cost": "0.5",
        "model_group": "mock-gpt",
        "startTime": (T0 - timedelta(seconds=90)).timestamp(),
        "endTime": (T0 - timedelta(seconds=89)).timestamp(),
        "metadata": {"user_api_key_hash": "h1", "user_api_key_user_id": "u1"},
    }
    async with world.transaction() as tx:
        pushed = await record_pushed(obj, tx, T0)
    assert (pushed.source, pushed.key_id) == ("push", "key-1")
    world.logs.rows = [row("r1", T0 - timedelta(seconds=90))]
    await world.pull(T0)
    assert [(e.request_id, e.source) for e in world.published if isinstance(e, SpendRecorded)] == [
        ("r1", "push"),
        ("r1", "pull"),
    ]
