"""Every endpoint that takes a body answers a malformed or wrongly shaped one with
problem+json and a clear message, before anything changes."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support.clients import dev_login
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

ID = str(uuid.uuid4())
ENDPOINTS = [
    ("POST", "/api/v1/auth/dev-login"),
    ("POST", "/api/v1/auth/refresh"),
    ("POST", "/api/v1/auth/oidc/callback"),
    ("POST", "/api/v1/auth/openshift/callback"),
    ("PUT", f"/api/v1/admin/users/{ID}/roles"),
    ("POST", f"/api/v1/admin/users/{ID}/deactivate"),
    ("POST", "/api/v1/teams"),
    ("PATCH", f"/api/v1/teams/{ID}"),
    ("POST", f"/api/v1/teams/{ID}/members"),
    ("PATCH", "/api/v1/admin/models/mock-gpt"),
    ("POST", "/api/v1/subscriptions"),
    ("POST", f"/api/v1/admin/subscriptions/{ID}/deny"),
    ("POST", "/api/v1/admin/subscriptions/bulk"),
    ("POST", "/api/v1/api-keys"),
    ("POST", f"/api/v1/api-keys/{ID}/rotate"),
]


@pytest.fixture(scope="module")
async def admin(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    async with httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    ) as client:
        yield client


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=[f"{m} {p}" for m, p in ENDPOINTS])
@pytest.mark.parametrize(
    "body",
    [b"{not json", b'["a", "list"]', b'{"unexpected": true}'],
    ids=["malformed", "wrong-type", "unknown-field"],
)
async def test_bad_bodies_get_problem_json(
    admin: httpx.AsyncClient, method: str, path: str, body: bytes
) -> None:
    response = await admin.request(
        method, path, content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["detail"].startswith("The request is not valid")
    assert problem["errors"], "each problem names the field and what is wrong"
