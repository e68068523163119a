"""The replay's checksum (canonical, byte-stable) and the replay use case against fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from litemaas_billing.app.ingest import record_spends, remember_key
from litemaas_billing.app.replay import Batch, replay
from litemaas_billing.app.statements import Stored, close_due
from litemaas_billing.domain.checksum import checksum, money, render
from litemaas_billing.domain.statements import Spent, month
from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.topics import BILLING_SPEND, KEYS_APIKEYS
from litemaas_servicekit.dead_letters import REDRIVE_ACTION
from services.billing.tests.unit.fakes import Ledger
from services.billing.tests.unit.test_ledger import AT, record
from services.billing.tests.unit.test_use_cases import created

pytestmark = pytest.mark.unit
AT2 = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


def test_money_is_exact_and_scale_free() -> None:
    assert money(Decimal("0.0000135")) == money(Decimal("1.350E-5")) == "0.0000135"
    assert money(Decimal("12.50")) == "12.5"
    assert money(Decimal("1E+2")) == "100"
    assert money(Decimal("0.000")) == "0"


def test_rows_render_canonically_whatever_the_time_zone() -> None:
    east = AT2.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    row = (east, "alice", None, 3, Decimal("1.10"))
    assert render([row]) == b"2026-01-01T10:00:00+00:00\talice\t\t3\t1.1\n"
    assert render([row]) == render([(AT2, "alice", None, 3, Decimal("1.1"))])


def test_the_checksum_sees_every_cell_and_the_table_it_is_in() -> None:
    rows = [(AT2, "alice", Decimal("1"))]
    base = checksum({"usage_daily": rows, "usage_hourly": rows})
    assert base == checksum({"usage_hourly": rows, "usage_daily": list(rows)})
    assert base != checksum({"usage_daily": rows, "usage_hourly": [(AT2, "alice", Decimal("2"))]})
    assert base != checksum({"usage_daily": rows, "usage_hourly": []})
    assert base != checksum({"usage_daily": [], "usage_hourly": rows})


class Statements:
    """Lines from a fake ledger's entries; statements kept in a shared dict (the live ones)."""

    def __init__(self, ledger: Ledger, kept: dict[tuple[str, datetime], Stored]) -> None:
        self.ledger = ledger
        self.kept = kept

    async def due(self, closed: datetime) -> list[tuple[str, datetime]]:
        months = {(e.team_id, month(e.started_at)[0]) for e in self.ledger.entries.values()}
        return sorted(
            (t, m) for t, m in months if t and month(m)[1] <= closed and (t, m) not in self.kept
        )

    async def lines(self, team_id: str, start: datetime, end: datetime) -> list[Spent]:
        return [
            Spent(
                e.model,
                e.user_id,
                e.key_id or "",
                1,
                0,
                e.prompt_tokens,
                e.completion_tokens,
                e.cost,
            )
            for e in self.ledger.entries.values()
            if e.team_id == team_id and start <= e.started_at < end
        ]

    async def store(
        self, team_id: str, start: datetime, end: datetime, body: bytes, sha256: str
    ) -> bool:
        if (team_id, start) in self.kept:
            return False
        self.kept[(team_id, start)] = (team_id, start, end, body, sha256)
        return True

    async def stored(self, team_id: str | None = None) -> list[Stored]:
        return [v for k, v in sorted(self.kept.items()) if team_id in (None, k[0])]


class Tables:
    """Schemas of fake ledgers; the live one is None."""

    def __init__(self, live: Ledger) -> None:
        self.schemas: dict[str | None, Ledger] = {None: live}
        self.kept: dict[tuple[str, datetime], Stored] = {}

    async def create(self, schema: str) -> None:
        assert schema not in self.schemas
        self.schemas[schema] = Ledger()

    @asynccontextmanager
    async def ledger(self, schema: str | None) -> AsyncIterator[Ledger]:
        yield self.schemas[schema]

    @asynccontextmanager
    async def statements(self, schema: str | None) -> AsyncIterator[Statements]:
        yield Statements(self.schemas[schema], self.kept)

    async def aggregates(self, schema: str | None) -> dict[str, list[Sequence[object]]]:
        ledger = self.schemas[schema]
        rows = sorted((g, t) for g, t in ledger.aggregates.items())
        out: dict[str, list[Sequence[object]]] = {"usage_daily": [], "usage_hourly": []}
        for (period, *grain), totals in rows:
            out[f"usage_{period}ly".replace("dayly", "daily")].append((*grain, repr(totals)))
        return out


def _batch(*events: tuple[Event, Envelope]) -> Batch:
    return [
        (getattr(e, "key_hash", "k").encode(), e.model_dump_json().encode(), list(env.to_headers()))
        for e, env in events
    ]


def _env(event: Event) -> Envelope:
    return Envelope.new(type=event.event_type, source="/tests", subject="s")


async def test_a_replay_rebuilds_the_live_aggregates_and_leaves_out_spend_no_one_owns() -> None:
    key = created("h1", "alice", "team-1")
    spends = [
        record(request_id=f"r{i}", key_hash="h1", started_at=AT + timedelta(hours=i))
        for i in range(3)
    ]
    orphan = record(key_hash="nobody", user_id=None)
    live = Ledger()
    await remember_key(live, key)
    await record_spends(live, [(s, f"e{i}") for i, s in enumerate(spends)])
    # the same request from the other source, and a re-delivered event, count once
    again = spends[0].model_copy(update={"source": "push"})
    first = (spends[0], _env(spends[0]))
    topics = {
        KEYS_APIKEYS.name: [_batch((key, _env(key)))],
        BILLING_SPEND.name: [
            _batch(first, (orphan, _env(orphan)), (again, _env(again))),
            _batch(first, *((s, _env(s)) for s in spends[1:])),
            [(b"x", b"not json", list(_env(orphan).to_headers())), (b"y", b"{}", [])],
        ],
    }

    async def read(topic: str) -> AsyncIterator[Batch]:
        for batch in topics[topic]:
            yield batch

    tables = Tables(live)
    made = await close_due(lambda: tables.statements(None), AT + timedelta(days=70), timedelta(0))
    assert (
        made == 1
        and await close_due(lambda: tables.statements(None), AT + timedelta(days=70), timedelta(0))
        == 0
    )
    summary = await replay(tables, read, "replay_1")
    assert summary.statements_checked == 1 and summary.statements_differing == []
    assert summary.equal and summary.replay_checksum == summary.live_checksum
    assert (summary.keys, summary.ledger_rows, summary.unknown_owner) == (1, 3, 1)
    assert (summary.duplicates, summary.refused) == (1, 2)
    assert tables.schemas["replay_1"].entries.keys() == live.entries.keys()


async def test_a_statement_the_topic_does_not_give_again_is_reported() -> None:
    live = Ledger()
    tables = Tables(live)
    tables.kept[("team-1", AT2)] = ("team-1", AT2, AT2, b"{}", "0" * 64)

    async def read(topic: str) -> AsyncIterator[Batch]:
        for _ in ():
            yield []

    summary = await replay(tables, read, "replay_3")
    assert not summary.equal and summary.replay_checksum == summary.live_checksum
    assert summary.statements_differing == [f"team-1 {AT2.isoformat()}"]


async def test_spend_behind_a_dead_letter_of_its_key_waits_until_a_redrive() -> None:
    """As live: the orphan parks its key, the owned record behind it waits; a redrive of it
    (an operator's, later on the topic) applies it."""
    orphan = record(request_id="r0", key_hash="h9", user_id=None)
    waiting = record(request_id="r1", key_hash="h9", user_id="alice")
    redrive = [(REDRIVE_ACTION, b"redrive")]
    topics = {
        BILLING_SPEND.name: [
            _batch((orphan, _env(orphan)), (w := (waiting, _env(waiting)))),
            [(b"h9", w[0].model_dump_json().encode(), list(w[1].to_headers()) + redrive)],
        ],
    }

    async def read(topic: str) -> AsyncIterator[Batch]:
        for batch in topics.get(topic, []):
            yield batch

    tables = Tables(Ledger())
    summary = await replay(tables, read, "replay_4")
    assert (summary.unknown_owner, summary.parked, summary.ledger_rows) == (1, 1, 1)
    topics[BILLING_SPEND.name].pop()
    summary = await replay(tables, read, "replay_5")
    assert (summary.parked, summary.ledger_rows) == (1, 0)


async def test_a_live_model_that_differs_is_reported() -> None:
    spend: SpendRecorded = record(key_hash="h1", user_id="alice")
    live = Ledger()

    async def read(topic: str) -> AsyncIterator[Batch]:
        if topic == BILLING_SPEND.name:
            yield _batch((spend, _env(spend)))

    summary = await replay(Tables(live), read, "replay_2")
    assert not summary.equal and summary.ledger_rows == 1
