"""The RBAC matrix: every endpoint, every role, someone else's resource. Nothing leaks.

Roles: anonymous, the resource's owner, another user, admin-readonly (set by an admin through
the API) and admin. Someone else's resource answers 404 (its existence is private); a role
that may see but not change answers 403, and so does an admin route to a non-admin, whatever
the id. Calls that would change shared state are checked only
for the callers who must be refused.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.support.clients import TOKENS_SEEN, dev_login, eventually
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@dataclass
class World:
    clients: dict[str, httpx.AsyncClient]
    ids: dict[str, str]


async def _login(stack: Stack, username: str) -> tuple[httpx.AsyncClient, str]:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    client = httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )
    return client, login["user"]["id"]


@pytest.fixture(scope="module")
async def world(stack: Stack) -> AsyncIterator[World]:
    tag = uuid.uuid4().hex[:8]
    admin, _ = await _login(stack, "admin")
    owner, owner_id = await _login(stack, f"owner-{tag}")
    other, other_id = await _login(stack, f"other-{tag}")
    reader, reader_id = await _login(stack, f"reader-{tag}")
    made = await admin.put(
        f"/api/v1/admin/users/{reader_id}/roles", json={"roles": ["admin-readonly"]}
    )
    assert made.status_code == 200, made.text
    await reader.aclose()
    reader, _ = await _login(stack, f"reader-{tag}")  # a new token carries the new role

    async def catalog_ready() -> bool:
        page = (await owner.get("/api/v1/models")).json()
        return "mock-gpt" in {m["id"] for m in page.get("items", [])}

    await eventually(catalog_ready, within=90, what="the catalog")
    sub = (await owner.post("/api/v1/subscriptions", json={"model_id": "mock-gpt"})).json()
    team = (await owner.post("/api/v1/teams", json={"name": f"rbac-{tag}"})).json()

    async def key_made() -> dict[str, Any] | None:
        made = await owner.post("/api/v1/api-keys", json={"name": "k", "models": ["mock-gpt"]})
        return made.json() if made.status_code == 201 else None

    key = await eventually(key_made, within=15, what="the owner's key")
    TOKENS_SEEN.append(key["key"])
    anonymous = httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15)
    clients = {
        "anonymous": anonymous,
        "owner": owner,
        "other": other,
        "reader": reader,
        "admin": admin,
    }
    ids = {
        "sub": sub["id"],
        "team": team["id"],
        "other": other_id,
        "owner": owner_id,
        "key": key["id"],
    }
    yield World(clients, ids)
    for client in clients.values():
        await client.aclose()


ALL = ("anonymous", "owner", "other", "reader", "admin")
# (method, path, body, {caller: expected status}); {sub}, {team}, {key}, {other} filled in
MATRIX: list[tuple[str, str, dict[str, Any] | None, dict[str, int]]] = [
    (
        "GET",
        "/api/v1/api-keys/{key}",
        None,
        {"anonymous": 401, "owner": 200, "other": 404, "reader": 200, "admin": 200},
    ),
    (
        "POST",
        "/api/v1/api-keys/{key}/rotate",
        {"overlap_seconds": 0},
        {"anonymous": 401, "other": 404, "reader": 403},
    ),
    ("DELETE", "/api/v1/api-keys/{key}", None, {"anonymous": 401, "other": 404, "reader": 403}),
    (
        "POST",
        "/api/v1/admin/api-keys/{key}/reset-spend",
        None,
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 403, "admin": 200},
    ),
    (
        "POST",
        "/api/v1/api-keys",
        {"name": "x", "models": ["mock-claude"]},
        {"anonymous": 401, "other": 403},
    ),
    (
        "GET",
        "/api/v1/auth/me",
        None,
        {"anonymous": 401, "owner": 200, "other": 200, "reader": 200, "admin": 200},
    ),
    (
        "GET",
        "/api/v1/admin/users",
        None,
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 200, "admin": 200},
    ),
    (
        "PUT",
        "/api/v1/admin/users/{other}/roles",
        {"roles": ["user"]},
        {"anonymous": 401, "owner": 403, "reader": 403, "admin": 200},
    ),
    (
        "POST",
        "/api/v1/admin/users/{other}/deactivate",
        {"reason": "x"},
        {"anonymous": 401, "owner": 403, "reader": 403},
    ),
    (
        "GET",
        "/api/v1/models",
        None,
        {"anonymous": 401, "owner": 200, "other": 200, "reader": 200, "admin": 200},
    ),
    ("GET", "/api/v1/models?include_hidden=true", None, {"owner": 200, "admin": 200}),
    (
        "PATCH",
        "/api/v1/admin/models/mock-gpt",
        {},
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 403, "admin": 200},
    ),
    (
        "GET",
        "/api/v1/subscriptions/{sub}",
        None,
        {"anonymous": 401, "owner": 200, "other": 404, "reader": 200, "admin": 200},
    ),
    (
        "DELETE",
        "/api/v1/subscriptions/{sub}",
        None,
        {"anonymous": 401, "other": 404, "reader": 403},
    ),
    (
        "GET",
        "/api/v1/admin/subscriptions",
        None,
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 200, "admin": 200},
    ),
    (
        "POST",
        "/api/v1/admin/subscriptions/{sub}/suspend",
        {"reason": "x"},
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 403},
    ),
    (
        "POST",
        "/api/v1/admin/subscriptions/bulk",
        {"action": "suspend", "ids": ["{sub}"]},
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 403},
    ),
    (
        "GET",
        "/api/v1/teams/{team}",
        None,
        {"anonymous": 401, "owner": 200, "other": 404, "reader": 200, "admin": 200},
    ),
    (
        "PATCH",
        "/api/v1/teams/{team}",
        {"limits": {"max_budget": 1}},
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 403},
    ),
    (
        "POST",
        "/api/v1/teams/{team}/members",
        {"user_id": "{other}"},
        {"anonymous": 401, "other": 404, "reader": 403},
    ),
    ("POST", "/api/v1/teams/{team}/archive", None, {"anonymous": 401, "other": 404, "reader": 403}),
    (
        "POST",
        "/api/v1/admin/sync/models",
        None,
        {"anonymous": 401, "owner": 403, "other": 403, "reader": 403, "admin": 200},
    ),
]


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX]
)
async def test_rbac_matrix(
    world: World, method: str, path: str, body: dict[str, Any] | None, expected: dict[str, int]
) -> None:
    outcomes = {}
    for caller in expected:
        response = await world.clients[caller].request(
            method, _fill(path, world.ids), json=_fill(body, world.ids)
        )
        outcomes[caller] = response.status_code
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
    assert outcomes == expected
    assert set(expected) <= set(ALL)


async def test_refused_calls_changed_nothing(world: World) -> None:
    owner = world.clients["owner"]
    sub = (await owner.get(f"/api/v1/subscriptions/{world.ids['sub']}")).json()
    assert sub["status"] == "active"
    assert [h["to_status"] for h in sub["history"]] == ["active"]
    key = (await owner.get(f"/api/v1/api-keys/{world.ids['key']}")).json()
    assert key["status"] == "active" and key["revoke_at"] is None
    team = (await owner.get(f"/api/v1/teams/{world.ids['team']}")).json()
    assert team["archived"] is False and team["max_budget"] is None
    assert [m["user_id"] for m in team["members"]] == [world.ids["owner"]]


async def test_lists_show_only_what_the_caller_may_see(world: World) -> None:
    """The list endpoints leak nothing: another user's lists hold none of the owner's things."""
    other, reader = world.clients["other"], world.clients["reader"]
    lists = {
        "/api/v1/subscriptions": ("items", world.ids["sub"]),
        "/api/v1/api-keys": ("items", world.ids["key"]),
        "/api/v1/teams": (None, world.ids["team"]),
    }
    for path, (field, owned) in lists.items():
        body = (await other.get(path)).json()
        items = body[field] if field else body
        assert owned not in {i["id"] for i in items}, path
    everyone = (await reader.get("/api/v1/api-keys")).json()["items"]
    assert world.ids["key"] in {k["id"] for k in everyone}, "admin-readonly sees all keys"
    for path in lists:
        assert (await world.clients["anonymous"].get(path)).status_code == 401
