"""Billing's budgets enforced outside billing, on the real stack: key budgets by LiteLLM itself
(pushed by sync, restarted by sync when billing closes the period, without waiting for
LiteLLM's reset job), and a subscription's quota by withdrawing its model from the user's keys.

The test plays billing: it produces BudgetSet, BudgetExceeded and BudgetPeriodClosed on Kafka
with CloudEvents headers, for a real user, subscriptions and keys made through the API.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import BudgetExceeded, BudgetPeriodClosed, BudgetSet
from tests.support.clients import eventually
from tests.support.journeys import api, chat, litellm_key_models, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
GPT, CLAUDE = "mock-gpt", "mock-claude"


async def _publish(stack: Stack, event: Event) -> None:
    headers = Envelope.new(
        type=event.event_type,
        source="/tests/billing",
        subject=event.budget_id,  # type: ignore[attr-defined]
    ).to_headers()
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            event.topic,
            event.model_dump_json().encode(),
            key=event.budget_id.encode(),  # type: ignore[attr-defined]
            headers=headers,
        )
    finally:
        await producer.stop()


async def _key_info(stack: Stack, secret: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        response = await http.get(
            "/key/info",
            params={"key": hashlib.sha256(secret.encode()).hexdigest()},
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    response.raise_for_status()
    return dict(response.json()["info"])


def _tomorrow() -> tuple[datetime, datetime]:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today, today + timedelta(days=1)


async def test_a_key_budget_is_enforced_by_litellm_and_restarts_when_billing_closes_it(
    stack: Stack,
) -> None:
    user, user_id = await api(stack, f"budget-{uuid.uuid4().hex[:8]}")
    await subscribe(user, GPT)
    key = await make_key(user, [GPT])
    secret = key["key"]
    await eventually(lambda: litellm_key_models(stack, secret), within=60, what="the key")
    start, end = _tomorrow()
    ids = {
        "budget_id": str(uuid.uuid4()),
        "scope": "key",
        "subject_id": key["id"],
        "user_id": user_id,
        "key_hash": hashlib.sha256(secret.encode()).hexdigest(),
    }
    # a hard limit below two mock-gpt calls (1.35e-05 each)
    limit = Decimal("0.00002")
    await _publish(
        stack,
        BudgetSet(
            **ids,
            period="day",
            soft_limit=Decimal("0.00001"),
            hard_limit=limit,
            period_start=start,
            period_end=end,
            set_by="tests",
            set_at=datetime.now(UTC),
        ),
    )

    async def pushed() -> dict[str, Any] | None:
        info = await _key_info(stack, secret)
        return info if info.get("max_budget") == float(limit) else None

    info = await eventually(pushed, within=30, what="the budget reaching LiteLLM")
    assert info["budget_duration"] == "1d"
    # LiteLLM's period ends where billing's UTC day ends
    assert datetime.fromisoformat(info["budget_reset_at"]).astimezone(UTC) == end

    statuses = [await chat(stack, secret, GPT) for _ in range(4)]
    assert statuses[0] == 200 and statuses[-1] != 200, statuses  # LiteLLM's own refusal

    # billing closes the period (early here, so the test need not wait for midnight)
    closed = BudgetPeriodClosed(
        **ids,
        period_start=start,
        period_end=end,
        spend=Decimal("0.000027"),
        requests=2,
        tokens=56,
        closed_at=datetime.now(UTC),
    )
    await _publish(stack, closed)

    async def works() -> bool:
        return await chat(stack, secret, GPT) == 200

    # at once: LiteLLM's reset job (every ~10 min) would not reset before tomorrow anyway
    await eventually(works, within=30, what="the key working again after the period closed")


async def test_an_exceeded_subscription_quota_withdraws_its_model_until_the_period_closes(
    stack: Stack,
) -> None:
    user, user_id = await api(stack, f"quota-{uuid.uuid4().hex[:8]}")
    subscriptions = await subscribe(user, GPT, CLAUDE)
    both = (await make_key(user, [GPT, CLAUDE]))["key"]
    only_gpt = await make_key(user, [GPT])
    for secret in (both, only_gpt["key"]):
        await eventually(lambda s=secret: litellm_key_models(stack, s), within=60, what="keys")
    start, end = _tomorrow()
    ids = {
        "budget_id": str(uuid.uuid4()),
        "scope": "subscription",
        "subject_id": next(s["id"] for s in subscriptions if s["model_id"] == GPT),
        "user_id": user_id,
        "model_id": GPT,
    }
    await _publish(
        stack,
        BudgetExceeded(
            **ids,
            measure="requests",
            used=Decimal(100),
            limit=Decimal(100),
            period_start=start,
            exceeded_at=datetime.now(UTC),
        ),
    )

    async def withdrawn() -> bool:
        return await litellm_key_models(stack, both) == [CLAUDE]

    async def gpt_refused(secret: str) -> bool:
        return await chat(stack, secret, GPT) in (401, 403)

    # each key is its own change, on its own partition: with several instances of keys and
    # sync, one key may be done a moment before the other
    await eventually(withdrawn, within=30, what="the model leaving the user's keys")
    await eventually(lambda: gpt_refused(only_gpt["key"]), within=30, what="the GPT-only key")
    assert await chat(stack, both, GPT) in (401, 403)
    assert await chat(stack, both, CLAUDE) == 200  # the user's other model goes on
    kept = (await user.get(f"/api/v1/api-keys/{only_gpt['id']}")).json()
    assert (kept["status"], kept["withdrawn_models"]) == ("active", [GPT])  # not archived
    refused = await user.post("/api/v1/api-keys", json={"name": "again", "models": [GPT]})
    assert refused.status_code == 409 and "quota exceeded" in refused.text

    await _publish(
        stack,
        BudgetPeriodClosed(
            **ids,
            period_start=start,
            period_end=end,
            spend=Decimal(0),
            requests=100,
            tokens=3000,
            closed_at=datetime.now(UTC),
        ),
    )

    async def restored() -> bool:
        # each key is updated on its own: wait for both, not only the first to come back
        only = await litellm_key_models(stack, only_gpt["key"])
        return only == [GPT] and GPT in (await litellm_key_models(stack, both) or [])

    await eventually(restored, within=30, what="the model coming back to both keys")
    assert await chat(stack, both, GPT) == 200
    assert await chat(stack, only_gpt["key"], GPT) == 200
