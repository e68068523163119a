"""Budgets against the real stack: spend past 80 % and 100 % of a key's budget raises each
threshold once and BudgetExceeded once (duplicates and all), and the alerts reach people — a
signed webhook call to a receiver started here, an in-app notification, a mail in a real SMTP
server (aiosmtpd) on the port the stack gives billing. A subscription's monthly token quota,
which billing learns from SubscriptionActivated, is enforced the same way. A one-minute
period rolls over: BudgetPeriodClosed carries the final spend and the thresholds re-arm."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope as Mail

from litemaas_contracts.topics import BILLING_BUDGETS
from tests.support.billing import (
    CLOSED,
    CROSSED,
    EXCEEDED,
    Mailbox,
    Receiver,
    alerts_for,
    kinds,
    mail_text,
    produce,
    set_budget,
    settled,
    spend,
)
from tests.support.clients import eventually
from tests.support.journeys import api, make_key, subscribe
from tests.support.spend import early_in_a_minute
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@dataclass
class World:
    admin: httpx.AsyncClient
    alice: httpx.AsyncClient
    ids: dict[str, str]
    hooks: Receiver
    secret: str
    mailbox: Mailbox | None
    minute_budget: dict[str, Any]


@pytest.fixture(scope="module")
async def world(stack: Stack) -> AsyncIterator[World]:
    tag = uuid.uuid4().hex[:8]
    admin, _ = await api(stack, "admin")
    alice, alice_id = await api(stack, f"budgeted-{tag}")
    bob, bob_id = await api(stack, f"minute-{tag}")
    await bob.aclose()
    # a one-minute budget starts first, so its rollover overlaps the other tests
    await early_in_a_minute(15)
    minute = await set_budget(
        admin, scope="user", subject_id=bob_id, period="minute", hard_limit="1", thresholds=[50]
    )
    await produce(stack, spend("bob-hash", datetime.now(UTC), "0.6", user_id=bob_id))
    hooks = Receiver()
    server = await asyncio.start_server(hooks.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    made = await admin.post("/api/v1/admin/webhooks", json={"url": f"http://127.0.0.1:{port}/h"})
    assert made.status_code == 201, made.text
    mailbox, controller = Mailbox(), None
    if "SMTP_PORT" in stack.endpoints:
        controller = Controller(
            mailbox, hostname="127.0.0.1", port=int(stack.endpoints["SMTP_PORT"])
        )
        controller.start()
    [sub] = await subscribe(alice, "mock-gpt")
    key = await make_key(alice, ["mock-gpt"])
    ids = {
        "alice": alice_id,
        "username": f"budgeted-{tag}",
        "bob": bob_id,
        "key": key["id"],
        "key_hash": hashlib.sha256(key["key"].encode()).hexdigest(),
        "subscription": sub["id"],
    }
    yield World(admin, alice, ids, hooks, made.json()["secret"], controller and mailbox, minute)
    await admin.delete(f"/api/v1/admin/webhooks/{made.json()['id']}")
    # a minute budget left behind would close a period every minute for the rest of the suite
    await admin.delete(f"/api/v1/admin/budgets/{minute['id']}")
    if controller is not None:
        controller.stop()
    server.close()
    for client in (admin, alice):
        await client.aclose()


async def test_a_key_past_80_and_100_percent_alerts_once_each_by_every_channel(
    stack: Stack, world: World
) -> None:
    budget = await set_budget(
        world.admin, scope="key", subject_id=world.ids["key"], period="day", hard_limit="1.00"
    )
    assert budget["thresholds"] == [50, 80, 90, 100]
    first = spend(world.ids["key_hash"], datetime.now(UTC), "0.85")
    await produce(stack, first, first)  # the same request twice counts once
    await produce(stack, spend(world.ids["key_hash"], datetime.now(UTC), "0.20"))

    async def all_raised() -> list[Any] | None:
        found = await alerts_for(stack, budget["id"])
        return found if len(found) >= 5 else None

    found = await eventually(all_raised, within=30, what="the alerts")
    await eventually(lambda: settled(stack), within=30, what="billing done with it all")
    found = await alerts_for(stack, budget["id"])
    assert kinds(found) == [
        (EXCEEDED, "spend"),
        *((CROSSED, threshold) for threshold in (50, 80, 90, 100)),
    ]
    exceeded = next(r["value"] for r in found if r["headers"]["ce_type"] == EXCEEDED)
    assert (Decimal(exceeded["used"]), Decimal(exceeded["limit"])) == (Decimal("1.05"), Decimal(1))
    event_ids = {r["headers"]["ce_id"] for r in found}

    async def delivered() -> list[Any] | None:
        mine = [c for c in world.hooks.calls if json.loads(c[1])["id"] in event_ids]
        return mine if len(mine) >= len(event_ids) else None

    calls = await eventually(delivered, within=30, what="the webhook calls")
    assert sorted(json.loads(body)["id"] for _, body in calls) == sorted(event_ids)
    for headers, body in calls:
        expected = hmac.new(world.secret.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["x-litemaas-signature"], f"sha256={expected}")
    log = (
        await world.admin.get("/api/v1/admin/alert-deliveries", params={"channel": "webhook"})
    ).json()
    assert {d["event_id"] for d in log if d["status"] == "sent"} >= event_ids

    inbox = (await world.alice.get("/api/v1/notifications")).json()
    mine = [n for n in inbox["items"] if n["data"].get("budget_id") == budget["id"]]
    assert sorted(n["kind"] for n in mine) == ["budget_exceeded"] + ["budget_threshold"] * 4
    read = await world.alice.post(f"/api/v1/notifications/{mine[0]['id']}/read")
    assert read.json() == {"marked": 1}
    after = (await world.alice.get("/api/v1/notifications", params={"unread": "true"})).json()
    assert after["unread"] == inbox["unread"] - 1
    mine_budgets = (await world.alice.get("/api/v1/budgets")).json()
    [seen] = [b for b in mine_budgets if b["id"] == budget["id"]]
    assert (Decimal(seen["usage"]["spend"]), seen["usage"]["requests"]) == (Decimal("1.05"), 2)

    if world.mailbox is not None:
        mailbox = world.mailbox

        async def mailed() -> list[Mail] | None:
            got = [m for m in mailbox.mails if budget["subject_id"] in mail_text(m)]
            return got if len(got) >= 5 else None

        mails = await eventually(mailed, within=30, what="the mails")
        delivered = lambda: settled(stack, budget["id"])  # noqa: E731
        await eventually(delivered, within=30, what="every delivery made")
        assert len([m for m in mailbox.mails if budget["subject_id"] in mail_text(m)]) == 5
        [to] = {tuple(m.rcpt_tos) for m in mails}
        assert to[0].startswith(world.ids["username"] + "@")


async def test_a_subscription_quota_from_the_catalog_is_enforced(
    stack: Stack, world: World
) -> None:
    async def quota_budget() -> dict[str, Any] | None:
        mine = (await world.alice.get("/api/v1/budgets")).json()
        return next((b for b in mine if b["subject_id"] == world.ids["subscription"]), None)

    budget = await eventually(quota_budget, within=30, what="the subscription's quota budget")
    assert (budget["scope"], budget["period"], budget["set_by"]) == (
        "subscription",
        "month",
        "system",
    )
    tokens = budget["max_tokens"]
    assert tokens is not None
    await produce(
        stack,
        spend(
            world.ids["key_hash"], datetime.now(UTC), "0", prompt_tokens=tokens, completion_tokens=1
        ),
    )

    async def exceeded() -> list[Any] | None:
        found = [
            r for r in await alerts_for(stack, budget["id"]) if r["headers"]["ce_type"] == EXCEEDED
        ]
        return found or None

    [event] = await eventually(exceeded, within=30, what="BudgetExceeded for the subscription")
    value = event["value"]
    assert (value["scope"], value["measure"], value["model_id"]) == (
        "subscription",
        "tokens",
        "mock-gpt",
    )
    assert value["user_id"] == world.ids["alice"]


async def test_a_short_period_rolls_over_with_its_final_spend_and_rearms(
    stack: Stack, world: World
) -> None:
    budget = world.minute_budget

    async def closed() -> list[Any] | None:
        found = await alerts_for(stack, budget["id"], BILLING_BUDGETS.name)
        return [r["value"] for r in found if r["headers"]["ce_type"] == CLOSED] or None

    [first, *_] = await eventually(closed, within=75, what="BudgetPeriodClosed")
    assert Decimal(first["spend"]) == Decimal("0.6")
    assert (first["requests"], first["late"]) == (1, False)
    assert datetime.fromisoformat(first["period_end"]) - datetime.fromisoformat(
        first["period_start"]
    ) == timedelta(minutes=1)
    crossed = [
        r["value"]
        for r in await alerts_for(stack, budget["id"])
        if r["headers"]["ce_type"] == CROSSED
    ]
    assert [c["period_start"] for c in crossed] == [first["period_start"]]

    await produce(stack, spend("bob-hash", datetime.now(UTC), "0.6", user_id=world.ids["bob"]))

    async def rearmed() -> list[Any] | None:
        found = await alerts_for(stack, budget["id"])
        again = [r for r in found if r["value"]["period_start"] != first["period_start"]]
        return again or None

    [again] = await eventually(rearmed, within=30, what="the threshold raised again")
    assert again["value"]["threshold"] == 50
    assert again["value"]["period_start"] >= first["period_end"]
