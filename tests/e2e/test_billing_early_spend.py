"""Spend that reaches billing before its key's ApiKeyCreated (another topic, so Kafka does not
order the two): a key used the moment it is made, its spend pushed by LiteLLM's callback at
once. The spend waits for the key and is attributed to its owner; it is not dead-lettered. (It
was, after three quick tries, until a CI run lost this race.)"""

from __future__ import annotations

import hashlib
import signal
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from litemaas_contracts.topics import BILLING_SPEND
from tests.support.billing import produce, spend
from tests.support.clients import eventually, records
from tests.support.journeys import api, consumed, make_key, signal_component, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _waiting(stack: Stack) -> float:
    return (await consumed(stack, "billing")).get(("billing.ledger", "waiting"), 0.0)


async def test_spend_that_comes_before_its_keys_creation_waits_for_it(stack: Stack) -> None:
    user, _ = await api(stack, f"early-{uuid.uuid4().hex[:8]}")
    await subscribe(user, "mock-gpt")
    at = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=2)
    window = {
        "from": (at - timedelta(hours=1)).isoformat(),
        "to": (at + timedelta(hours=1)).isoformat(),
    }
    waited_before = await _waiting(stack)
    signal_component(stack, "keys-relay", signal.SIGSTOP)  # ApiKeyCreated stays in the outbox
    try:
        key = await make_key(user, ["mock-gpt"])
        key_hash = hashlib.sha256(key["key"].encode()).hexdigest()
        await produce(stack, spend(key_hash, at, "0.25", source="push"))

        async def still_waiting() -> bool:
            # more turns than the three quick tries after which it used to be dead-lettered
            return await _waiting(stack) >= waited_before + 4

        await eventually(still_waiting, within=30, what="the spend waiting for its key")
    finally:
        signal_component(stack, "keys-relay", signal.SIGCONT)

    async def attributed() -> dict[str, Any] | None:
        response = await user.get("/api/v1/usage/breakdown", params={**window, "by": "key"})
        assert response.status_code == 200, response.text
        found = [k for k in response.json()["items"] if k["key_hash"] == key_hash]
        return found[0] if found else None

    mine = await eventually(attributed, within=60, what="the early spend, attributed")
    assert (mine["key_id"], Decimal(mine["cost"]), mine["requests"]) == (
        key["id"],
        Decimal("0.25"),
        1,
    )
    letters = await records(stack.endpoints, BILLING_SPEND.dlq_name)
    assert [r for r in letters if r["key"] == key_hash] == [], "none of it dead-lettered"
    await user.aclose()
