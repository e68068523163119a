"""Bad input to the keys API gets problem+json with a clear message and creates nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.support.clients import dev_login
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
async def user(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], f"badkey-{uuid.uuid4().hex[:8]}")
    async with httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    ) as client:
        yield client


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({}, 422, "name"),
        ({"name": "k", "models": []}, 422, "models"),
        ({"name": "k", "models": ["mock-gpt"], "max_budget": -1}, 422, "max_budget"),
        ({"name": "k", "models": ["mock-gpt"], "secret": "mine"}, 422, "secret"),
        ({"name": "k", "models": ["mock-gpt"], "expires_at": "yesterday"}, 422, "expires_at"),
        (
            {"name": "k", "models": ["mock-gpt"], "expires_at": "2001-01-01T00:00:00Z"},
            422,
            "expires_at must be in the future",
        ),
        ({"name": "k\u0000", "models": ["mock-gpt"]}, 422, "control characters"),
        ({"name": "k", "models": ["mock-gpt"], "rpm_limit": 2**70}, 422, "rpm_limit"),
        ({"name": "k", "models": ["mock-gpt"], "tpm_limit": 2**31}, 422, "tpm_limit"),
        ({"name": "k", "models": ["mock-gpt"], "max_budget": 1e300}, 422, "max_budget"),
        ({"name": "k", "models": ["mock-gpt"], "budget_duration": "forever"}, 422, "budget_dur"),
        (
            {"name": "k", "models": ["mock-gpt"], "expires_at": "2999-01-01T00:00:00"},
            422,
            "timezone info",
        ),
        ({"name": "k", "models": ["mock-gpt"]}, 403, "no active subscription for: mock-gpt"),
    ],
)
async def test_bad_key_requests_are_refused_clearly(
    user: httpx.AsyncClient, body: dict[str, Any], status: int, says: str
) -> None:
    response = await user.post("/api/v1/api-keys", json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert says in response.json()["detail"]
    assert (await user.get("/api/v1/api-keys")).json()["total"] == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/api-keys/a%00b"),
        ("POST", "/api/v1/api-keys/a%00b/rotate"),
        ("DELETE", "/api/v1/api-keys/" + "x" * 37),
        ("GET", "/api/v1/api-keys?user_id=a%00b"),
    ],
)
async def test_bad_key_ids_are_refused_not_looked_up(
    user: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await user.request(method, path)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
