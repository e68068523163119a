"""Prepaid credits on the real stack, through real chats in LiteLLM:

an admin grants a user a few requests' worth of credits → each chat is debited at the tier's
markup, the user is told when the balance runs low, LiteLLM refuses once it is spent, and a
grant makes the key work again — the balance projected into LiteLLM's own budget by sync."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.support.clients import eventually
from tests.support.journeys import api, chat_response, litellm_key_models, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
GPT = "mock-gpt"
#: a mock-gpt chat costs 1.35e-05 USD: 13.5 millicredits at the default 1000 credits per USD,
#: charged 19 at the starter tier (40 %: 18.9, rounded up)
PER_CHAT = 19


async def _account(client: httpx.AsyncClient) -> dict[str, Any]:
    found = await client.get("/api/v1/credits")
    assert found.status_code == 200, found.text
    [mine] = [a for a in found.json() if a["owner"] == "user"]
    return dict(mine)


async def test_credits_run_out_litellm_refuses_and_a_grant_brings_the_key_back(
    stack: Stack,
) -> None:
    admin, _ = await api(stack, "admin")
    user, user_id = await api(stack, f"e2e-credits-{uuid.uuid4().hex[:8]}")
    await subscribe(user, GPT)
    key = await make_key(user, [GPT])
    await eventually(lambda: litellm_key_models(stack, key["key"]), within=60, what="the key")
    base = f"/api/v1/admin/credits/user/{user_id}"

    refused = await admin.post(f"{base}/grants", json={"amount_millicredits": 0, "reason": "x"})
    assert refused.status_code == 422, refused.text
    nobody = await user.post(f"{base}/grants", json={"amount_millicredits": 5, "reason": "me"})
    assert nobody.status_code == 403, nobody.text  # only an admin grants credits

    tier = await admin.put(base, json={"tier": "starter", "low_balance_threshold": 30})
    assert tier.status_code == 200, tier.text
    # two and a bit chats' worth
    made = await admin.post(f"{base}/grants", json={"amount_millicredits": 45, "reason": "trial"})
    assert made.status_code == 201, made.text
    assert made.json()["balance_millicredits"] == 45

    answered: list[str] = []

    async def spent_out() -> bool:
        answer = await chat_response(stack, key["key"], GPT)
        if answer.status_code == 200:
            answered.append(answer.json()["id"])
            return False
        assert 400 <= answer.status_code < 500, answer.text
        return "budget" in answer.text.lower()

    async def answers() -> bool:
        answer = await chat_response(stack, key["key"], GPT)
        if answer.status_code == 200:
            answered.append(answer.json()["id"])
        return answer.status_code == 200

    # the empty account set up with the tier refused the key until the grant reached LiteLLM
    await eventually(answers, within=30, what="the key answering once the grant is in LiteLLM")
    await eventually(spent_out, within=60, what="LiteLLM refusing once the credits are spent")
    # ~2.4 chats' worth; one more may slip through while billing's report is on its way
    assert 1 <= len(answered) <= 4, f"{len(answered)} chats for ~2.4 chats' worth of credits"

    async def debited() -> dict[str, Any] | None:
        account = await _account(user)
        return account if account["balance_millicredits"] == 45 - PER_CHAT * len(answered) else None

    account = await eventually(debited, within=30, what="every chat debited once")
    # LiteLLM refuses when what is left cannot cover its reservation for the next request,
    # which may be before the balance reaches 0
    assert account["low_balance"], account
    lines = (await user.get(f"/api/v1/credits/user/{user_id}/transactions")).json()
    debits = [t for t in lines if t["kind"] == "debit"]
    assert sorted(t["request_id"] for t in debits) == sorted(answered)
    assert {t["amount_millicredits"] for t in debits} == {-PER_CHAT}
    [grant] = [t for t in lines if t["kind"] == "grant"]
    assert (grant["reason"], grant["amount_millicredits"]) == ("trial", 45)

    async def warned() -> bool:
        inbox = (await user.get("/api/v1/notifications")).json()["items"]
        return [n["kind"] for n in inbox].count("credits_low") == 1

    await eventually(warned, within=30, what="one low-balance notification")
    hidden = await (await api(stack, f"e2e-other-{uuid.uuid4().hex[:8]}"))[0].get(
        f"/api/v1/credits/user/{user_id}/transactions"
    )
    assert hidden.status_code == 404, "someone else's credits are private"

    topped = await admin.post(
        f"{base}/grants", json={"amount_millicredits": 10_000, "reason": "top-up"}
    )
    assert topped.status_code == 201, topped.text

    async def works() -> bool:
        return (await chat_response(stack, key["key"], GPT)).status_code == 200

    await eventually(works, within=30, what="the key working again after the grant")
    for client in (admin, user):
        await client.aclose()
