"""The user journey: log in → models → subscribe (open and restricted) → one key for both →
chat works for both, not for a third → rotate → revoke; and a cancelled subscription leaves
the key."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.test_oidc_login import browser_login, post_callback
from tests.support.clients import TOKENS_SEEN, dev_login, eventually
from tests.support.journeys import chat
from tests.support.oidc_provider import OidcProvider
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def _client(stack: Stack, username: str) -> httpx.AsyncClient:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    return httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )


async def _works(stack: Stack, secret: str, model: str, status: int) -> bool:
    return await chat(stack, secret, model) == status


async def test_the_journey(stack: Stack, oidc: OidcProvider) -> None:
    callback = await browser_login(stack, oidc, oidc.session_user)  # log in through OIDC
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        login = (await post_callback(api, callback)).json()
    TOKENS_SEEN.extend([login["access_token"], login["refresh_token"]])
    user = httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )
    admin = await _client(stack, "admin")
    try:
        await _journey(stack, user, admin)
    finally:
        await admin.patch("/api/v1/admin/models/mock-claude", json={"restricted": False})
        await user.aclose()
        await admin.aclose()


async def _journey(stack: Stack, user: httpx.AsyncClient, admin: httpx.AsyncClient) -> None:
    async def listed() -> set[str] | None:
        ids = {m["id"] for m in (await user.get("/api/v1/models")).json()["items"]}
        return ids if {"mock-gpt", "mock-claude", "mock-llama"} <= ids else None

    await eventually(listed, within=90, what="the synced catalog")
    await admin.patch("/api/v1/admin/models/mock-claude", json={"restricted": True})
    gpt = (await user.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})).json()
    claude = (await user.post("/api/v1/subscriptions", json={"model_id": "mock-claude"})).json()
    assert (gpt["status"], claude["status"]) == ("active", "pending")

    early = await user.post(
        "/api/v1/api-keys", json={"name": "both", "models": ["mock-gpt", "mock-claude"]}
    )
    assert early.status_code == 403 and "mock-claude" in early.json()["detail"]
    approved = await admin.post(f"/api/v1/admin/subscriptions/{claude['id']}/approve", json={})
    assert approved.json()["status"] == "active"

    async def created() -> dict[str, Any] | None:  # the approval reaches keys through Kafka
        made = await user.post(
            "/api/v1/api-keys",
            json={"name": "both", "models": ["mock-gpt", "mock-claude"], "max_budget": 5},
        )
        return made.json() if made.status_code == 201 else None

    key = await eventually(created, within=15, what="a key for both models")
    secret = key["key"]
    TOKENS_SEEN.append(secret)
    assert secret.startswith("sk-") and key["key_prefix"] == secret[:10]
    again = (await user.get(f"/api/v1/api-keys/{key['id']}")).json()
    assert again["key"] is None, "the secret is shown once"

    await eventually(
        lambda: _works(stack, secret, "mock-gpt", 200), within=20, what="the key working in LiteLLM"
    )
    assert await chat(stack, secret, "mock-claude") == 200
    assert await chat(stack, secret, "mock-llama") == 403

    overlap = 15  # well above the keys sweep's period (2 s), so the check below cannot race it
    rotated_at = time.monotonic()
    rotated = (
        await user.post(f"/api/v1/api-keys/{key['id']}/rotate", json={"overlap_seconds": overlap})
    ).json()
    new_secret = rotated["key"]
    TOKENS_SEEN.append(new_secret)
    assert await chat(stack, secret, "mock-gpt") == 200, "the old key works during the overlap"
    assert time.monotonic() - rotated_at < overlap, "that check ran inside the overlap"
    await eventually(
        lambda: _works(stack, new_secret, "mock-gpt", 200),
        within=20,
        what="the rotated key working",
    )
    await eventually(
        lambda: _works(stack, secret, "mock-gpt", 401),
        within=overlap + 30,
        what="the old key stopping after the overlap",
    )

    revoked = await user.delete(f"/api/v1/api-keys/{rotated['id']}")
    assert revoked.json()["status"] == "revoked"
    await eventually(
        lambda: _works(stack, new_secret, "mock-gpt", 401),
        within=20,
        what="the revoked key refused",
    )


async def test_a_cancelled_subscription_leaves_the_key_and_an_empty_key_is_archived(
    stack: Stack,
) -> None:
    user = await _client(stack, f"cancel-{uuid.uuid4().hex[:8]}")
    admin = await _client(stack, "admin")
    try:
        await eventually(lambda: _has_models(user), within=90, what="the catalog")
        gpt = (await user.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})).json()
        llama = (await user.post("/api/v1/subscriptions", json={"model_id": "mock-llama"})).json()

        async def created() -> dict[str, Any] | None:
            made = await user.post(
                "/api/v1/api-keys", json={"name": "two", "models": ["mock-gpt", "mock-llama"]}
            )
            return made.json() if made.status_code == 201 else None

        key = await eventually(created, within=15, what="the key")
        TOKENS_SEEN.append(key["key"])
        await eventually(
            lambda: _works(stack, key["key"], "mock-llama", 200), within=20, what="the key working"
        )
        await user.delete(f"/api/v1/subscriptions/{llama['id']}")
        await eventually(
            lambda: _works(stack, key["key"], "mock-llama", 403),
            within=20,
            what="the cancelled model leaving the key",
        )
        assert await chat(stack, key["key"], "mock-gpt") == 200
        assert (await user.get(f"/api/v1/api-keys/{key['id']}")).json()["models"] == ["mock-gpt"]

        await user.delete(f"/api/v1/subscriptions/{gpt['id']}")

        async def archived() -> bool:
            found = (await admin.get(f"/api/v1/api-keys/{key['id']}")).json()
            return found["status"] == "archived"

        await eventually(archived, within=20, what="the empty key archived, visible to admins")
        await eventually(
            lambda: _works(stack, key["key"], "mock-gpt", 401),
            within=20,
            what="the archived key refused",
        )
        await asyncio.sleep(0)
    finally:
        await user.aclose()
        await admin.aclose()


async def _has_models(client: httpx.AsyncClient) -> bool:
    return "mock-llama" in {m["id"] for m in (await client.get("/api/v1/models")).json()["items"]}
