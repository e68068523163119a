"""Spend from real chats through LiteLLM reaches ``litemaas.billing.spend.v1``: pushed by
LiteLLM's callback within seconds, pulled from LiteLLM's spend logs once the window has
closed, with LiteLLM's own cost to the last digit; with sync away during the chat, the pull
alone brings it. (The launcher runs sync with a 5 s lag and a 2 s pull interval.)"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from litemaas_contracts.topics import BILLING_SPEND
from tests.support.clients import eventually, records
from tests.support.journeys import api, make_key, subscribe
from tests.support.journeys import chat_response as chat
from tests.support.stack import LocalStack, Stack, read_env_file

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def user_with_key(stack: Stack, model: str) -> tuple[str, dict[str, Any]]:
    """A new user with a key over ``model`` that LiteLLM already accepts."""
    user, user_id = await api(stack, f"spend-{uuid.uuid4().hex[:8]}")
    async with user:
        await subscribe(user, model)
        key = await make_key(user, [model])

    async def accepted() -> bool:
        return (await chat(stack, key["key"], model)).status_code == 200

    await eventually(accepted, within=60, what="the key reaching LiteLLM")
    return user_id, key


async def recorded(stack: Stack, request_id: str, source: str) -> list[dict[str, Any]]:
    """The SpendRecorded values on the topic for this request from this source."""
    values = [r["value"] for r in await records(stack.endpoints, BILLING_SPEND.name)]
    return [v for v in values if v["request_id"] == request_id and v["source"] == source]


async def litellm_row(stack: Stack, request_id: str) -> dict[str, Any] | None:
    """LiteLLM's own spend-log row of the request, its cost read as the exact JSON number."""
    today = datetime.now(UTC).date()
    params = {
        "request_id": request_id,
        "start_date": str(today - timedelta(days=1)),
        "end_date": str(today + timedelta(days=1)),
    }
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        response = await http.get(
            "/spend/logs/v2",
            params=params,
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    response.raise_for_status()
    rows: list[dict[str, Any]] = json.loads(response.text, parse_float=Decimal)["data"]
    return rows[0] if rows else None


def assert_matches(event: dict[str, Any], row: dict[str, Any], key: dict[str, Any]) -> None:
    assert event["key_hash"] == hashlib.sha256(key["key"].encode()).hexdigest() == row["api_key"]
    assert event["key_id"] == key["id"]
    assert (event["model"], event["status"]) == (row["model_group"], "success")
    assert event["prompt_tokens"] == row["prompt_tokens"] > 0
    assert event["completion_tokens"] == row["completion_tokens"] > 0
    assert isinstance(event["cost"], str)  # an exact decimal string, never a JSON float
    assert Decimal(event["cost"]) == Decimal(str(row["spend"])) > 0


async def test_a_chat_is_pushed_within_seconds_and_pulled_once_its_window_closed(
    stack: Stack,
) -> None:
    user_id, key = await user_with_key(stack, "mock-gpt")
    answer = await chat(stack, key["key"], "mock-gpt")
    assert answer.status_code == 200, answer.text
    request_id = answer.json()["id"]

    pushed = await eventually(
        lambda: recorded(stack, request_id, "push"), within=10, what="the pushed record"
    )
    row = await eventually(
        lambda: litellm_row(stack, request_id), within=20, what="LiteLLM's spend-log row"
    )
    assert len(pushed) == 1 and pushed[0]["user_id"] == user_id
    assert_matches(pushed[0], row, key)

    pulled = await eventually(
        lambda: recorded(stack, request_id, "pull"), within=30, what="the pulled record"
    )
    assert pulled[0]["user_id"] == user_id and pulled[0]["team_id"] is None
    assert_matches(pulled[0], row, key)
    # LiteLLM answered with its cost too; both records carry exactly that figure
    assert Decimal(pulled[0]["cost"]) == Decimal(answer.headers["x-litellm-response-cost"])

    await eventually(  # later pulls re-read the overlap: the request is not published again
        lambda: _pulls_since(stack, pulled[0]["recorded_at"]), within=20, what="later pulls"
    )
    assert len(await recorded(stack, request_id, "pull")) == 1


async def _pulls_since(stack: Stack, moment: str) -> bool:
    async with httpx.AsyncClient(timeout=10) as http:
        health = (await http.get(f"{stack.endpoints['SYNC_URL']}/health/integration")).json()
    last = health["spend_pull"]
    after = datetime.fromisoformat(moment) + timedelta(seconds=6)
    return bool(last.get("ok")) and datetime.fromisoformat(last["at"]) > after


async def test_with_sync_away_during_the_chat_the_pull_still_brings_it(stack: Stack) -> None:
    _, key = await user_with_key(stack, "mock-claude")
    stack.stop("sync")
    try:
        answer = await chat(stack, key["key"], "mock-claude")
        assert answer.status_code == 200, "the callback must never break LiteLLM's request"
    finally:
        stack.start("sync")
    request_id = answer.json()["id"]

    pulled = await eventually(
        lambda: recorded(stack, request_id, "pull"), within=40, what="the pulled record"
    )
    row = await litellm_row(stack, request_id)
    assert row is not None
    assert_matches(pulled[0], row, key)
    assert await recorded(stack, request_id, "push") == []  # the push had nowhere to go


async def test_the_push_endpoint_refuses_strangers_and_bad_records(stack: Stack) -> None:
    if not isinstance(stack, LocalStack):
        pytest.skip("the push secret is in the local launcher's state dir")
    secret = read_env_file(stack.state_dir / "secrets.env")["SPEND_PUSH_SECRET"]
    url = f"{stack.endpoints['SYNC_URL']}/internal/spend"
    good = {"Authorization": f"Bearer {secret}"}
    async with httpx.AsyncClient(timeout=10) as http:
        stranger = await http.post(url, json={"id": "x"}, headers={"Authorization": "Bearer no"})
        no_model = await http.post(url, json={"id": "x", "metadata": {}}, headers=good)
        not_json = await http.post(url, content=b"{", headers=good)
        huge = await http.post(url, content=b"[" + b"1," * 40_000 + b"1]", headers=good)
    assert stranger.status_code == 401
    for refused in (no_model, not_json):
        assert refused.status_code == 422, refused.text
        assert refused.headers["content-type"] == "application/problem+json"
    assert huge.status_code == 413


async def test_admins_pull_spend_on_demand_and_no_one_else(stack: Stack) -> None:
    admin, _ = await api(stack, "admin")
    user, _ = await api(stack, f"spend-{uuid.uuid4().hex[:8]}")
    path = "/api/v1/admin/sync/spend"
    async with admin, user, httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"]) as anyone:
        answers = [await client.post(path) for client in (admin, user, anyone)]
    assert [a.status_code for a in answers] == [200, 403, 401]
    assert isinstance(answers[0].json()["recorded"], int)
