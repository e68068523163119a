"""The model catalog (synced from LiteLLM) and subscriptions, through the gateway like the UI."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from litemaas_contracts.topics import CATALOG_SUBSCRIPTIONS
from tests.support.clients import dev_login, eventually, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
SERVED = {"mock-gpt", "mock-claude", "mock-llama"}  # deploy/local/litellm/config.yaml


async def _client(stack: Stack, username: str) -> httpx.AsyncClient:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    return httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )


@pytest.fixture
async def user(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(stack, f"cat-{uuid.uuid4().hex[:8]}") as client:
        yield client


@pytest.fixture
async def admin(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(stack, "admin") as client:  # AUTH_INITIAL_ADMINS=admin
        yield client


async def _models(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/models", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_models_served_by_litellm_appear_in_the_catalog(user: httpx.AsyncClient) -> None:
    async def synced() -> dict[str, Any] | None:
        page = await _models(user)
        return page if {m["id"] for m in page["items"]} >= SERVED else None

    page = await eventually(synced, within=90, what="LiteLLM's models in the catalog")
    gpt = next(m for m in page["items"] if m["id"] == "mock-gpt")
    assert gpt["provider"] == "openai"
    assert float(gpt["input_cost_per_token"]) > 0 and gpt["context_length"] > 0
    assert "chat" in gpt["capabilities"]


async def test_search_filter_sort_and_pages(user: httpx.AsyncClient) -> None:
    await eventually(lambda: _served(user), within=90, what="the catalog")
    assert [m["id"] for m in (await _models(user, search="CLAUDE"))["items"]] == ["mock-claude"]
    assert {m["provider"] for m in (await _models(user, provider="openai"))["items"]} == {"openai"}
    costs = [
        float(m["input_cost_per_token"])
        for m in (await _models(user, sort="-input_cost"))["items"]
        if m["input_cost_per_token"]
    ]
    assert costs == sorted(costs, reverse=True)
    first = await _models(user, page_size=1, page=1)
    second = await _models(user, page_size=1, page=2)
    assert first["total"] >= 3 and len(first["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]


async def _served(client: httpx.AsyncClient) -> bool:
    return {m["id"] for m in (await _models(client))["items"]} >= SERVED


async def test_restricted_model_waits_for_approval_unrestricted_is_active_at_once(
    stack: Stack, user: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    await eventually(lambda: _served(user), within=90, what="the catalog")
    flagged = await admin.patch("/api/v1/admin/models/mock-claude", json={"restricted": True})
    assert flagged.status_code == 200 and flagged.json()["restricted"] is True
    try:
        open_sub = await user.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})
        assert open_sub.status_code == 201 and open_sub.json()["status"] == "active"
        pending = await user.post("/api/v1/subscriptions", json={"model_id": "mock-claude"})
        assert pending.status_code == 201 and pending.json()["status"] == "pending"
        sub_id = pending.json()["id"]

        refused = await user.post(f"/api/v1/admin/subscriptions/{sub_id}/approve", json={})
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("application/problem+json")
        queue = await admin.get("/api/v1/admin/subscriptions", params={"status": "pending"})
        assert sub_id in {s["id"] for s in queue.json()["items"]}
        approved = await admin.post(
            f"/api/v1/admin/subscriptions/{sub_id}/approve", json={"reason": "ok for the pilot"}
        )
        assert approved.status_code == 200 and approved.json()["status"] == "active"

        detail = (await user.get(f"/api/v1/subscriptions/{sub_id}")).json()
        assert [(h["from_status"], h["to_status"]) for h in detail["history"]] == [
            (None, "pending"),
            ("pending", "active"),
        ]
        assert detail["history"][1]["reason"] == "ok for the pilot"
        again = await user.post("/api/v1/subscriptions", json={"model_id": "mock-claude"})
        assert again.status_code == 409

        async def announced() -> list[str] | None:
            types = [
                r["headers"]["ce_type"].split(".")[-2]
                for r in await records(stack.endpoints, CATALOG_SUBSCRIPTIONS.name)
                if r["key"] == sub_id
            ]
            return types if len(types) >= 2 else None

        assert await eventually(announced, within=10, what="subscription events") == [
            "SubscriptionRequested",
            "SubscriptionActivated",
        ]
    finally:
        await admin.patch("/api/v1/admin/models/mock-claude", json={"restricted": False})


async def test_bulk_deny_needs_a_reason_and_changes_all_or_nothing(
    stack: Stack, admin: httpx.AsyncClient
) -> None:
    await admin.patch("/api/v1/admin/models/mock-llama", json={"restricted": True})
    try:
        ids = []
        for _ in range(2):
            async with await _client(stack, f"bulk-{uuid.uuid4().hex[:8]}") as someone:
                await eventually(lambda c=someone: _served(c), within=90, what="the catalog")
                made = await someone.post("/api/v1/subscriptions", json={"model_id": "mock-llama"})
                ids.append(made.json()["id"])
        no_reason = await admin.post(
            "/api/v1/admin/subscriptions/bulk", json={"action": "deny", "ids": ids}
        )
        assert no_reason.status_code == 409
        denied = await admin.post(
            "/api/v1/admin/subscriptions/bulk",
            json={"action": "deny", "ids": ids, "reason": "budget"},
        )
        assert [s["status"] for s in denied.json()] == ["denied", "denied"]
        replay = await admin.post(
            "/api/v1/admin/subscriptions/bulk", json={"action": "approve", "ids": ids}
        )
        assert replay.status_code == 409, "a denied subscription cannot be approved"
    finally:
        await admin.patch("/api/v1/admin/models/mock-llama", json={"restricted": False})


async def test_someone_elses_subscription_is_invisible(
    stack: Stack, user: httpx.AsyncClient
) -> None:
    await eventually(lambda: _served(user), within=90, what="the catalog")
    mine = (await user.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})).json()
    async with await _client(stack, f"other-{uuid.uuid4().hex[:8]}") as other:
        assert (await other.get(f"/api/v1/subscriptions/{mine['id']}")).status_code == 404
        assert (await other.delete(f"/api/v1/subscriptions/{mine['id']}")).status_code == 404
        assert (await other.get("/api/v1/subscriptions")).json()["total"] == 0
    assert (await user.delete(f"/api/v1/subscriptions/{mine['id']}")).json()[
        "status"
    ] == "cancelled"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/models?page=0", None),
        ("get", "/api/v1/models?sort=price", None),
        ("post", "/api/v1/subscriptions", {"model": "mock-gpt"}),
        ("post", "/api/v1/subscriptions", {"model_id": ""}),
        ("patch", "/api/v1/admin/models/mock-gpt", {"restricted": "perhaps"}),
    ],
)
async def test_bad_input_gets_problem_json(
    admin: httpx.AsyncClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    response = await admin.request(method, path, json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"].startswith("The request is not valid")


async def test_unknown_model_and_anonymous_callers(stack: Stack, user: httpx.AsyncClient) -> None:
    missing = await user.post("/api/v1/subscriptions", json={"model_id": "no-such-model"})
    assert missing.status_code == 404
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"]) as anonymous:
        assert (await anonymous.get("/api/v1/models")).status_code == 401


async def test_admins_pull_models_on_demand(
    user: httpx.AsyncClient, admin: httpx.AsyncClient
) -> None:
    assert (await user.post("/api/v1/admin/sync/models")).status_code == 403
    pulled = await admin.post("/api/v1/admin/sync/models")
    assert pulled.status_code == 200
    assert set(pulled.json()) == {"discovered", "updated", "retired"}
