"""Spend from end to end, through real chats in LiteLLM (nothing produced by the test):

- several keys of two users and a team key → billing's usage API totals per key, user and
  team equal LiteLLM's own spend for them, each request counted once although it came by
  push and by pull;
- a key budget set through billing's admin API → one alert per threshold by every channel,
  LiteLLM refuses the key, and it works again once the ``minute`` period rolled over (no
  waiting for LiteLLM's reset job);
- a subscription's request quota → that model leaves the user's key while the other model
  goes on, and comes back with the next period."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from litemaas_contracts.topics import BILLING_BUDGETS, BILLING_SPEND
from tests.support.billing import (
    CLOSED,
    CROSSED,
    EXCEEDED,
    Mailbox,
    Receiver,
    alerts_for,
    kinds,
    mail_text,
    set_budget,
    settled,
)
from tests.support.clients import eventually, records
from tests.support.journeys import api, litellm_key_models, make_key, subscribe
from tests.support.journeys import chat_response as chat
from tests.support.spend import (
    early_in_a_minute,
    litellm_get,
    litellm_logged,
    litellm_spend,
    this_hour,
    usage,
    usage_by_key,
)
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
GPT, CLAUDE = "mock-gpt", "mock-claude"
EXACT = Decimal("1e-9")


@dataclass
class Channels:
    admin: httpx.AsyncClient
    hooks: Receiver
    secret: str
    mailbox: Mailbox | None


@pytest.fixture(scope="module")
async def channels(stack: Stack) -> AsyncIterator[Channels]:
    """An admin, a webhook receiver registered with billing, and the SMTP server billing mails."""
    admin, _ = await api(stack, "admin")
    hooks = Receiver()
    server = await asyncio.start_server(hooks.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    made = await admin.post("/api/v1/admin/webhooks", json={"url": f"http://127.0.0.1:{port}/h"})
    assert made.status_code == 201, made.text
    mailbox, controller = Mailbox(), None
    if "SMTP_PORT" in stack.endpoints:
        port = int(stack.endpoints["SMTP_PORT"])
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
    yield Channels(admin, hooks, made.json()["secret"], mailbox if controller else None)
    await admin.delete(f"/api/v1/admin/webhooks/{made.json()['id']}")
    if controller is not None:
        controller.stop()
    server.close()
    await admin.aclose()


async def _ready_key(stack: Stack, user: httpx.AsyncClient, models: list[str], **extra: Any) -> Any:
    key = await make_key(user, models, **extra)
    await eventually(lambda: litellm_key_models(stack, key["key"]), within=60, what="the key")
    return key


def _hash(key: dict[str, Any]) -> str:
    return hashlib.sha256(key["key"].encode()).hexdigest()


async def test_usage_per_key_user_and_team_equals_litellms_own_spend_each_request_once(
    stack: Stack, channels: Channels
) -> None:
    tag = uuid.uuid4().hex[:8]
    alice, alice_id = await api(stack, f"e2e-alice-{tag}")
    bob, bob_id = await api(stack, f"e2e-bob-{tag}")
    await subscribe(alice, GPT, CLAUDE)
    await subscribe(bob, GPT)
    team = await bob.post("/api/v1/teams", json={"name": f"e2e-spend-{tag}"})
    assert team.status_code == 201, team.text
    team_id = team.json()["id"]
    a1 = await _ready_key(stack, alice, [GPT, CLAUDE])
    a2 = await _ready_key(stack, alice, [GPT])
    b1 = await _ready_key(stack, bob, [GPT])
    t1 = await _ready_key(stack, bob, [GPT], team_id=team_id)
    plan = [(a1, GPT), (a1, CLAUDE), (a1, GPT), (a2, GPT), (b1, GPT)]
    plan += [(b1, GPT), (t1, GPT), (t1, GPT)]
    by_key: dict[str, list[str]] = {k["id"]: [] for k in (a1, a2, b1, t1)}
    for key, model in plan:
        answer = await chat(stack, key["key"], model)
        assert answer.status_code == 200, answer.text
        by_key[key["id"]].append(answer.json()["id"])
    asked = {r for ids in by_key.values() for r in ids}

    async def both_sources() -> set[tuple[str, str]] | None:
        values = [r["value"] for r in await records(stack.endpoints, BILLING_SPEND.name)]
        seen = {(v["request_id"], v["source"]) for v in values if v["request_id"] in asked}
        return seen if len(seen) == 2 * len(asked) else None

    await eventually(both_sources, within=60, what="every request pushed and then pulled")

    async def all_counted() -> bool:
        totals = [await usage(channels.admin, user_id=u) for u in (alice_id, bob_id)]
        return sum(int(t["requests"]) for t in totals) >= len(asked)

    await eventually(all_counted, within=30, what="billing counting every request")
    await eventually(lambda: settled(stack), within=30, what="billing done with it all")

    async def counters_caught_up() -> bool:
        # LiteLLM commits its key, user and team counters together, in a batched write apart
        # from (and up to seconds after) its spend logs
        for owner in (alice_id, bob_id):
            total = await usage(channels.admin, user_id=owner)
            if abs(Decimal(total["cost"]) - await litellm_spend(stack, "user", owner)) > EXACT:
                return False
        return True

    await eventually(counters_caught_up, within=30, what="LiteLLM's counters catching up")
    for owner, keys in ((alice_id, (a1, a2)), (bob_id, (b1, t1))):
        shown = await usage_by_key(channels.admin, owner)
        for key in keys:
            logged = await litellm_logged(stack, api_key=_hash(key))
            assert set(logged) >= set(by_key[key["id"]])
            mine = [logged[r] for r in by_key[key["id"]]]
            assert shown[key["id"]]["requests"] == len(mine)  # once, whichever source
            assert Decimal(shown[key["id"]]["cost"]) == sum(mine, Decimal(0))  # exact
            in_litellm = await litellm_spend(stack, "key", _hash(key))
            assert abs(Decimal(shown[key["id"]]["cost"]) - in_litellm) <= EXACT
    for owner in (alice_id, bob_id):
        total = await usage(channels.admin, user_id=owner)
        assert abs(Decimal(total["cost"]) - await litellm_spend(stack, "user", owner)) <= EXACT
    team_total = await usage(channels.admin, team_id=team_id)
    assert team_total["requests"] == len(by_key[t1["id"]])
    assert abs(Decimal(team_total["cost"]) - await litellm_spend(stack, "team", team_id)) <= EXACT
    own = (await alice.get("/api/v1/usage/summary", params=this_hour())).json()
    assert (own["requests"], own["cost"]) == (
        len(by_key[a1["id"]]) + len(by_key[a2["id"]]),
        (await usage(channels.admin, user_id=alice_id))["cost"],
    )
    for client in (alice, bob):
        await client.aclose()


async def test_a_key_budget_alerts_once_per_threshold_refuses_and_rolls_over(
    stack: Stack, channels: Channels
) -> None:
    tag = uuid.uuid4().hex[:8]
    user, _ = await api(stack, f"e2e-capped-{tag}")
    await subscribe(user, GPT)
    key = await _ready_key(stack, user, [GPT])
    # a mock-gpt chat costs 1.35e-05: the 2nd is 90 % of the limit, the 3rd 135 %
    limit = Decimal("0.00003")
    # the chats fall in the budget's first period, so they cross its thresholds together
    await early_in_a_minute(40)
    budget = await set_budget(
        channels.admin,
        scope="key",
        subject_id=key["id"],
        period="minute",
        hard_limit=str(limit),
        thresholds=[80, 100],
    )

    async def pushed() -> bool:
        info = (await litellm_get(stack, "/key/info", key=_hash(key)))["info"]
        return bool(info.get("max_budget") == limit)

    await eventually(pushed, within=30, what="the budget reaching LiteLLM")
    asked = []
    for _ in range(3):
        answer = await chat(stack, key["key"], GPT)
        assert answer.status_code == 200, answer.text
        asked.append(answer.json()["id"])

    async def refused() -> bool:
        return (await chat(stack, key["key"], GPT)).status_code != 200

    await eventually(refused, within=10, what="LiteLLM refusing the key")

    async def raised() -> list[Any] | None:
        found = await alerts_for(stack, budget["id"])
        return found if len(found) >= 3 else None

    await eventually(raised, within=20, what="the alerts")
    await eventually(lambda: settled(stack), within=30, what="billing done with it all")
    found = await alerts_for(stack, budget["id"])
    assert kinds(found) == [(EXCEEDED, "spend"), (CROSSED, 80), (CROSSED, 100)]
    [period] = {r["value"]["period_start"] for r in found}
    assert datetime.fromisoformat(period) == datetime.fromisoformat(budget["period_start"])
    event_ids = {r["headers"]["ce_id"] for r in found}

    async def delivered() -> list[tuple[dict[str, str], bytes]] | None:
        mine = [c for c in channels.hooks.calls if json.loads(c[1])["id"] in event_ids]
        return mine if len(mine) >= len(event_ids) else None

    for headers, body in await eventually(delivered, within=30, what="the webhook calls"):
        expected = hmac.new(channels.secret.encode(), body, hashlib.sha256).hexdigest()
        assert headers["x-litemaas-signature"] == f"sha256={expected}"
    inbox = (await user.get("/api/v1/notifications")).json()["items"]
    mine = sorted(n["kind"] for n in inbox if n["data"].get("budget_id") == budget["id"])
    assert mine == ["budget_exceeded", "budget_threshold", "budget_threshold"]
    if (mailbox := channels.mailbox) is not None:

        async def mailed() -> bool:
            return len([m for m in mailbox.mails if key["id"] in mail_text(m)]) >= 3

        await eventually(mailed, within=30, what="the mails")

    async def works() -> bool:
        return (await chat(stack, key["key"], GPT)).status_code == 200

    await eventually(works, within=75, what="the key working in the next minute")
    closed = [
        r["value"]
        for r in await alerts_for(stack, budget["id"], BILLING_BUDGETS.name)
        if r["headers"]["ce_type"] == CLOSED and r["value"]["period_start"] == period
    ]
    logged = await litellm_logged(stack, api_key=_hash(key))
    assert [Decimal(c["spend"]) for c in closed] == [sum((logged[r] for r in asked), Decimal(0))]
    await user.aclose()


async def test_a_subscription_quota_withdraws_its_model_until_the_next_period(
    stack: Stack, channels: Channels
) -> None:
    user, _ = await api(stack, f"e2e-quota-{uuid.uuid4().hex[:8]}")
    subscriptions = await subscribe(user, GPT, CLAUDE)
    key = await _ready_key(stack, user, [GPT, CLAUDE])
    gpt = next(s for s in subscriptions if s["model_id"] == GPT)
    await early_in_a_minute(40)
    await set_budget(
        channels.admin,
        scope="subscription",
        subject_id=gpt["id"],
        period="minute",
        max_requests=2,
        thresholds=[100],
    )
    statuses = [(await chat(stack, key["key"], GPT)).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200], statuses

    async def withdrawn() -> bool:
        return await litellm_key_models(stack, key["key"]) == [CLAUDE]

    await eventually(withdrawn, within=20, what="the model leaving the user's key")
    assert (await chat(stack, key["key"], GPT)).status_code != 200
    assert (await chat(stack, key["key"], CLAUDE)).status_code == 200  # the other model goes on

    async def restored() -> bool:
        return await litellm_key_models(stack, key["key"]) == [CLAUDE, GPT]

    await eventually(restored, within=80, what="the model back in the next minute")
    assert (await chat(stack, key["key"], GPT)).status_code == 200
    await user.aclose()
