"""Ingestion and usage use cases against in-memory ports."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from litemaas_billing.app import usage as uc
from litemaas_billing.app.ingest import record_spend, record_spends, remember_key
from litemaas_billing.domain.ledger import UnknownOwner
from litemaas_billing.domain.usage import RangeRefused, Scope, Segment
from litemaas_contracts.keys import ApiKeyCreated
from litemaas_servicekit.errors import Forbidden
from litemaas_servicekit.security import ADMIN_READONLY, USER, Principal
from services.billing.tests.unit.fakes import Ledger, Reader
from services.billing.tests.unit.test_ledger import AT, record

pytestmark = pytest.mark.unit
ALICE = Principal("alice", "alice", frozenset({USER}))
AUDITOR = Principal("auditor", "auditor", frozenset({USER, ADMIN_READONLY}))
DAY = AT.replace(hour=0, minute=0, second=0, microsecond=0)


def created(key_hash: str, owner: str, team: str | None = None) -> ApiKeyCreated:
    return ApiKeyCreated(
        key_id=f"id-{key_hash}",
        key_hash=key_hash,
        owner_user_id=owner,
        team_id=team,
        name="k",
        key_prefix="sk-abc",
        models=("mock-gpt",),
        created_by=owner,
        created_at=AT,
    )


async def test_the_same_request_from_both_sources_is_counted_once() -> None:
    ledger = Ledger()
    await remember_key(ledger, created("hash-a", "alice"))
    assert await record_spend(ledger, record(source="pull"), "e1")
    assert not await record_spend(ledger, record(source="push"), "e2")
    assert not await record_spend(ledger, record(source="pull"), "e3")
    [daily] = [t for g, t in ledger.aggregates.items() if g[0] == "day"]
    assert (daily.requests, daily.cost) == (1, Decimal("0.0000135"))


async def test_a_batch_counts_each_request_once_within_it_and_across_batches() -> None:
    ledger = Ledger()
    await remember_key(ledger, created("hash-a", "alice"))
    batch = [
        (record(request_id="r1", source="push"), "e1"),
        (record(request_id="r2"), "e2"),
        (record(request_id="r1", source="pull"), "e3"),  # the other source, same batch
    ]
    assert await record_spends(ledger, batch) == {"r1", "r2"}
    assert await record_spends(ledger, batch) == set(), "a redelivered batch adds nothing"
    [daily] = [t for g, t in ledger.aggregates.items() if g[0] == "day"]
    assert (daily.requests, daily.cost) == (2, Decimal("0.0000270"))


async def test_a_keys_owner_is_the_one_it_was_created_with() -> None:
    ledger = Ledger()
    await remember_key(ledger, created("hash-a", "alice", "team-1"))
    await remember_key(ledger, created("hash-a", "mallory"))  # a replay cannot re-own it
    await record_spend(ledger, record(), "e1")
    entry = ledger.entries["chatcmpl-1"]
    assert (entry.user_id, entry.team_id, entry.key_id) == ("alice", "team-1", "id-hash-a")


async def test_unowned_spend_is_refused_and_nothing_is_counted() -> None:
    ledger = Ledger()
    with pytest.raises(UnknownOwner):
        await record_spend(ledger, record(key_hash="litellm_proxy_master_key"), "e1")
    assert not ledger.entries and not ledger.aggregates


def test_a_user_asks_about_their_own_spend_whatever_they_name() -> None:
    scope = uc.scope_for(ALICE, everyone=False, filters=uc.Filters(user_id="bob", model="m"))
    assert scope == Scope(user_id="alice", model="m")


def test_everyones_usage_is_for_admins_and_admin_readonly() -> None:
    with pytest.raises(Forbidden):
        uc.scope_for(ALICE, everyone=True, filters=uc.Filters())
    assert uc.scope_for(AUDITOR, everyone=True, filters=uc.Filters()) == Scope()
    narrowed = uc.scope_for(AUDITOR, everyone=True, filters=uc.Filters(user_id="bob"))
    assert narrowed == Scope(user_id="bob")


async def test_a_summary_adds_the_hourly_edges_and_the_whole_days_exactly() -> None:
    ledger = Ledger()
    await remember_key(ledger, created("hash-a", "alice"))
    costs = {AT - timedelta(days=1): "0.1", AT: "0.2", AT + timedelta(hours=1): "0.0000000001"}
    for n, (started, cost) in enumerate(costs.items()):
        await record_spend(
            ledger, record(request_id=f"r{n}", started_at=started, cost=cost), f"e{n}"
        )
    await record_spend(ledger, record(request_id="bob", user_id="bob", cost="7"), "e9")
    reader = Reader(ledger)
    start, end = DAY - timedelta(days=1), DAY + timedelta(days=1, hours=1)
    totals = await uc.summary(reader, Scope(user_id="alice"), start, end)
    assert (totals.requests, totals.cost) == (3, Decimal("0.3000000001"))
    assert reader.asked[0][1] == [
        Segment("day", start, DAY + timedelta(days=1)),
        Segment("hour", DAY + timedelta(days=1), end),
    ]


async def test_an_hourly_series_reads_hourly_rows_over_at_most_31_days() -> None:
    reader = Reader(Ledger())
    await uc.series(reader, Scope(), DAY, DAY + timedelta(days=2), "hour")
    assert reader.asked[0][1:3] == ([Segment("hour", DAY, DAY + timedelta(days=2))], "hour")
    with pytest.raises(RangeRefused, match="31 days"):
        await uc.series(reader, Scope(), DAY, DAY + timedelta(days=32), "hour")
    await uc.series(reader, Scope(), DAY, DAY + timedelta(days=32), "day")


async def test_no_spend_is_zero_not_an_error() -> None:
    totals = await uc.summary(Reader(Ledger()), Scope(user_id="x"), DAY, DAY + timedelta(days=1))
    assert (totals.requests, totals.cost) == (0, Decimal(0))
