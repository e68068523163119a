"""Spend into billing's ledger, and the usage API over its aggregates.

SpendRecorded records are produced here as sync will (both sources, re-published, several
keys, users and a team): each LiteLLM request is counted once, attributed to its key's owner
(from ApiKeyCreated when the record names no user), and the usage API shows exact totals. A
user sees only their own; admins and admin-readonly see everyone's. Spend no one owns lands in
the DLQ with its reason."""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from litemaas_contracts.topics import BILLING_SPEND
from tests.support.billing import envelope_of, produce, published_long_ago, spend
from tests.support.clients import eventually, records
from tests.support.journeys import api, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
#: D is midnight three days ago: buckets on both sides of two UTC midnights, away from "now"
D = (datetime.now(UTC) - timedelta(days=3)).replace(hour=0, minute=0, second=0, microsecond=0)
RANGE = {
    "from": (D - timedelta(hours=1)).isoformat(),
    "to": (D + timedelta(days=2, hours=1)).isoformat(),
}


@dataclass
class World:
    admin: httpx.AsyncClient
    reader: httpx.AsyncClient
    alice: httpx.AsyncClient
    bob: httpx.AsyncClient
    ids: dict[str, str]


@pytest.fixture(scope="module")
async def world(stack: Stack) -> AsyncIterator[World]:
    tag = uuid.uuid4().hex[:8]
    admin, _ = await api(stack, "admin")
    alice, alice_id = await api(stack, f"spender-a-{tag}")
    bob, bob_id = await api(stack, f"spender-b-{tag}")
    reader, reader_id = await api(stack, f"auditor-{tag}")
    made = await admin.put(
        f"/api/v1/admin/users/{reader_id}/roles", json={"roles": ["admin-readonly"]}
    )
    assert made.status_code == 200, made.text
    await reader.aclose()
    reader, _ = await api(stack, f"auditor-{tag}")  # a new token carries the new role
    team = await bob.post("/api/v1/teams", json={"name": f"spenders-{tag}"})
    assert team.status_code == 201, team.text
    await subscribe(alice, "mock-gpt")
    key = await make_key(alice, ["mock-gpt"])
    ids = {
        "alice": alice_id,
        "bob": bob_id,
        "team": team.json()["id"],
        "key": key["id"],
        "key_hash": hashlib.sha256(key["key"].encode()).hexdigest(),
    }
    yield World(admin, reader, alice, bob, ids)
    for client in (admin, reader, alice, bob):
        await client.aclose()


async def _summary(
    client: httpx.AsyncClient, path: str = "/api/v1/usage", **params: str
) -> dict[str, Any]:
    response = await client.get(f"{path}/summary", params={**RANGE, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_each_request_counted_once_attributed_and_shown_exactly(
    stack: Stack, world: World
) -> None:
    ids = world.ids
    bob_hash = hashlib.sha256(f"bob-{ids['bob']}".encode()).hexdigest()
    alice_other = hashlib.sha256(f"alice-{ids['alice']}".encode()).hexdigest()
    # alice's real key: the records name only its hash; billing knows its owner from
    # ApiKeyCreated (the key was made before any of its spend, as in life)
    first = spend(ids["key_hash"], D - timedelta(minutes=30), "0.0000135")
    again = (first, envelope_of(first))
    await produce(
        stack,
        again,
        first.model_copy(update={"source": "push"}),  # the other source
        again,  # a redelivery of the very same record
        first,  # re-published by sync: a new event id, the same request
        spend(ids["key_hash"], D + timedelta(minutes=15), "0.1000000001", source="push"),
        spend(
            bob_hash,
            D + timedelta(hours=12),
            "1.23456789012",
            user_id=ids["bob"],
            team_id=ids["team"],
            model="mock-claude",
            provider="anthropic",
            prompt_tokens=100,
            completion_tokens=7,
        ),
        spend(
            bob_hash,
            D - timedelta(minutes=50),
            "0",
            user_id=ids["bob"],
            team_id=ids["team"],
            status="failure",
            completion_tokens=0,
        ),
        spend(
            alice_other,
            D + timedelta(days=1, minutes=30),
            "0.5",
            user_id=ids["alice"],
            provider="openai",
        ),
    )

    async def all_in() -> dict[str, Any] | None:
        mine = await _summary(world.alice)
        return mine if mine["requests"] >= 3 else None

    alice = await eventually(all_in, within=20, what="alice's spend in the ledger")
    assert alice["requests"] == 3, "the same request from two sources and twice is counted once"
    assert Decimal(alice["cost"]) == Decimal("0.6000135001")
    assert (alice["prompt_tokens"], alice["completion_tokens"]) == (30, 60)
    bob = await eventually(lambda: _bob_in(world), within=10, what="bob's spend in the ledger")
    assert (bob["requests"], bob["failures"]) == (2, 1)
    assert Decimal(bob["cost"]) == Decimal("1.23456789012")

    keys = await _breakdown(world.alice, "key")
    by_hash = {k["key_hash"]: k for k in keys}
    assert by_hash[ids["key_hash"]]["key_id"] == ids["key"], "attributed through ApiKeyCreated"
    assert Decimal(by_hash[ids["key_hash"]]["cost"]) == Decimal("0.1000135001")
    assert by_hash[ids["key_hash"]]["requests"] == 2

    team = await _summary(world.admin, "/api/v1/admin/usage", team_id=ids["team"])
    assert (team["requests"], Decimal(team["cost"])) == (2, Decimal("1.23456789012"))
    models = {m["model"]: m for m in await _breakdown(world.bob, "model")}
    assert set(models) == {"mock-gpt", "mock-claude"}
    assert models["mock-claude"]["prompt_tokens"] == 100

    days = (
        await world.alice.get("/api/v1/usage/series", params={**RANGE, "granularity": "day"})
    ).json()
    assert [(p["at"][:10], Decimal(p["cost"])) for p in days["points"]] == [
        ((D - timedelta(days=1)).date().isoformat(), Decimal("0.0000135")),
        (D.date().isoformat(), Decimal("0.1000000001")),
        ((D + timedelta(days=1)).date().isoformat(), Decimal("0.5")),
    ], "each request in the UTC day it started on"
    hours = (
        await world.alice.get("/api/v1/usage/series", params={**RANGE, "granularity": "hour"})
    ).json()
    assert [datetime.fromisoformat(p["at"]) for p in hours["points"]] == [
        D - timedelta(hours=1),
        D,
        D + timedelta(days=1),
    ]


async def _bob_in(world: World) -> dict[str, Any] | None:
    mine = await _summary(world.bob)
    return mine if mine["requests"] >= 2 else None


async def _breakdown(
    client: httpx.AsyncClient, by: str, path: str = "/api/v1/usage", **params: str
) -> list[dict[str, Any]]:
    response = await client.get(f"{path}/breakdown", params={**RANGE, "by": by, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_a_user_sees_only_their_own_and_admins_see_everyone(world: World) -> None:
    ids = world.ids
    await eventually(lambda: _bob_in(world), within=20, what="bob's spend")
    users = await _breakdown(world.bob, "user", user_id=ids["alice"])
    assert [u["user_id"] for u in users] == [ids["bob"]], (
        "a user_id filter does not widen a user's view"
    )
    refused = await world.bob.get("/api/v1/admin/usage/summary", params=RANGE)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    for reader in (world.admin, world.reader):
        everyone = await _breakdown(reader, "user", "/api/v1/admin/usage")
        seen = {u["user_id"] for u in everyone}
        assert {ids["alice"], ids["bob"]} <= seen
        top = (
            await reader.get(
                "/api/v1/admin/usage/top", params={**RANGE, "by": "user", "limit": 100}
            )
        ).json()
        costs = [Decimal(u["cost"]) for u in top["items"]]
        assert costs == sorted(costs, reverse=True), "the top consumers, costliest first"
        only_alice = await _summary(reader, "/api/v1/admin/usage", user_id=ids["alice"])
        assert Decimal(only_alice["cost"]) == Decimal("0.6000135001")


async def test_csv_export_matches_json(world: World) -> None:
    await eventually(lambda: _bob_in(world), within=20, what="bob's spend")
    params = {**RANGE, "granularity": "day", "by": "model", "team_id": world.ids["team"]}
    as_json = await world.admin.get("/api/v1/admin/usage/export", params=params)
    as_csv = await world.admin.get("/api/v1/admin/usage/export", params={**params, "format": "csv"})
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    expected = as_json.json()["rows"]
    assert len(rows) == len(expected) == 2
    for got, want in zip(rows, expected, strict=True):
        assert (got["at"], got["model"], int(got["requests"])) == (
            want["at"],
            want["model"],
            want["requests"],
        )
        assert Decimal(got["cost"]) == Decimal(want["cost"])


H0, H24 = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("series", {"from": H24, "to": H0}),
        ("series", {"from": "2024-01-01T00:00:00Z", "to": H24}),
        ("series", {"from": "2026-01-01T00:30:00Z", "to": H24}),
        ("series", {"from": H0, "to": "2026-03-01T00:00:00Z", "granularity": "hour"}),
        ("series", {"from": "0001-01-01T00:00:00+01:00", "to": H24}),
        ("series", {"from": H0, "to": H24, "model": "a\x00b"}),
        ("series", {"from": H0}),
        ("breakdown", {"from": H0, "to": H24, "by": "key", "page": str(10**12)}),
        ("breakdown", {"from": H0, "to": H24, "by": "everything"}),
        ("export", {"from": H0, "to": H24, "format": "xml"}),
    ],
)
async def test_bad_questions_get_422_problem_json(
    world: World, path: str, params: dict[str, str]
) -> None:
    response = await world.alice.get(f"/api/v1/usage/{path}", params=params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_spend_no_one_owns_is_dead_lettered_with_its_reason(
    stack: Stack, world: World
) -> None:
    stranger = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
    # published an hour ago: no key's ApiKeyCreated can still be on its way for it
    await produce(stack, published_long_ago(spend(stranger, D, "0.25")))

    async def dead() -> list[dict[str, Any]]:
        return [
            r
            for r in await records(stack.endpoints, BILLING_SPEND.dlq_name)
            if r["key"] == stranger and r["headers"]["dlq_consumer"] == "billing.ledger"
        ]

    letters = await eventually(dead, within=30, what="the unowned spend in the DLQ")
    assert "no owner" in letters[0]["headers"]["dlq_reason"]
    assert letters[0]["headers"]["dlq_error_type"] == "UnknownOwner"
