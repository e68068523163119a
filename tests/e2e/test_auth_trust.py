"""Access ends when it should: deactivation, role removal and races, against the real stack."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from litemaas_contracts.topics import AUTH_USERS
from tests.support.clients import TOKENS_SEEN, dev_login, eventually, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def _status(http: httpx.AsyncClient, path: str, token: str) -> int:
    return (await http.get(path, headers=_bearer(token))).status_code


EVERY_SERVICE = ("/api/v1/auth/me", "/api/v1/api-keys", "/api/v1/models")


async def test_a_deactivated_users_token_ends_at_once_in_every_service_until_reactivated(
    stack: Stack,
) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    user, admin = await dev_login(gateway, _name("quitter")), await dev_login(gateway, "admin")
    user_id = user["user"]["id"]
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        for path in EVERY_SERVICE:
            assert await _status(http, path, user["access_token"]) == 200, path
        gone = await http.post(
            f"/api/v1/admin/users/{user_id}/deactivate",
            json={"reason": "left"},
            headers=_bearer(admin["access_token"]),
        )
        assert gone.status_code == 200 and gone.json()["active"] is False
        for path in EVERY_SERVICE:  # no waiting: the next request is refused
            assert await _status(http, path, user["access_token"]) == 401, path
        refused = await http.post(
            "/api/v1/auth/dev-login", json={"username": user["user"]["username"]}
        )
        assert refused.status_code == 403

        back = await http.post(
            f"/api/v1/admin/users/{user_id}/reactivate",
            json={"reason": "returned"},
            headers=_bearer(admin["access_token"]),
        )
        assert back.status_code == 200 and back.json()["active"] is True
        assert await _status(http, "/api/v1/auth/me", user["access_token"]) == 401, (
            "a token from before the deactivation stays ended"
        )
    again = await dev_login(gateway, user["user"]["username"])
    assert again["user"]["id"] == user_id, "the user logs in again, as themselves"
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        for path in EVERY_SERVICE:
            assert await _status(http, path, again["access_token"]) == 200, path

    async def reactivated() -> list[dict[str, Any]]:
        return [
            r
            for r in await records(stack.endpoints, AUTH_USERS.name)
            if r["key"] == user_id and r["headers"]["ce_type"].endswith("UserReactivated.v1")
        ]

    [event] = await eventually(reactivated, within=15, what="UserReactivated on auth.users")
    assert event["value"]["reason"] == "returned"
    assert event["value"]["reactivated_by"] == admin["user"]["id"]


async def test_a_removed_admin_role_ends_the_old_token_and_a_new_login_has_no_admin(
    stack: Stack,
) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    name, admin = _name("deputy"), await dev_login(gateway, "admin")
    user_id = (await dev_login(gateway, name))["user"]["id"]
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        granted = await http.put(
            f"/api/v1/admin/users/{user_id}/roles",
            json={"roles": ["admin"]},
            headers=_bearer(admin["access_token"]),
        )
        assert granted.status_code == 200 and granted.json()["admin_roles"] == ["admin", "user"]
        deputy = await dev_login(gateway, name)
        assert "admin" in deputy["user"]["roles"]
        assert await _status(http, "/api/v1/admin/users", deputy["access_token"]) == 200
        removed = await http.put(
            f"/api/v1/admin/users/{user_id}/roles",
            json={"roles": ["user"]},
            headers=_bearer(admin["access_token"]),
        )
        assert removed.status_code == 200 and removed.json()["roles"] == ["user"]
        # the token that still says "admin" is refused outright on its next call
        assert await _status(http, "/api/v1/admin/users", deputy["access_token"]) == 401
        fresh = await dev_login(gateway, name)
        assert fresh["user"]["roles"] == ["user"]
        assert await _status(http, "/api/v1/admin/users", fresh["access_token"]) == 403


async def test_two_logins_racing_a_deactivation_never_undo_it(stack: Stack) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    admin = await dev_login(gateway, "admin")
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as http:
        for round_ in range(10):
            name = _name(f"racer{round_}")
            user_id = (await dev_login(gateway, name))["user"]["id"]

            async def login(full_name: str, name: str = name) -> httpx.Response:
                # a changed profile makes the login write the user row
                return await http.post(
                    "/api/v1/auth/dev-login", json={"username": name, "full_name": full_name}
                )

            first, second, gone = await asyncio.gather(
                login(f"Racer {uuid.uuid4().hex[:6]}"),
                login(f"Racer {uuid.uuid4().hex[:6]}"),
                http.post(
                    f"/api/v1/admin/users/{user_id}/deactivate",
                    json={"reason": "race"},
                    headers=_bearer(admin["access_token"]),
                ),
            )
            assert gone.status_code == 200, gone.text
            for answer in (first, second):
                assert answer.status_code in (200, 403), answer.text
                if answer.status_code == 200:  # it won the race: its token must be dead now
                    TOKENS_SEEN.extend([answer.json()["access_token"]])
                    token = answer.json()["access_token"]
                    assert await _status(http, "/api/v1/auth/me", token) == 401
            listed = await http.get(
                "/api/v1/admin/users",
                params={"search": name},
                headers=_bearer(admin["access_token"]),
            )
            [row] = listed.json()["items"]
            assert row["active"] is False, f"round {round_}: a login undid the deactivation"
            named = await http.get(
                "/api/v1/admin/users",  # by id, as a list of subscriptions names its people
                params=[("id", user_id), ("id", "00000000-0000-0000-0000-000000000000")],
                headers=_bearer(admin["access_token"]),
            )
            assert [u["username"] for u in named.json()["items"]] == [name]
            after = await http.post("/api/v1/auth/dev-login", json={"username": name})
            assert after.status_code == 403


async def test_one_refresh_token_redeemed_ten_times_at_once_works_once(stack: Stack) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    login = await dev_login(gateway, _name("twin"))
    async with httpx.AsyncClient(base_url=gateway, timeout=30) as http:
        answers = await asyncio.gather(
            *(
                http.post("/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]})
                for _ in range(10)
            )
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [401] * 9, statuses
    for answer in answers:
        if answer.status_code == 200:
            TOKENS_SEEN.extend([answer.json()["access_token"], answer.json()["refresh_token"]])
        else:
            assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("limits", "field"),
    [
        ({"tpm_limit": 2**31}, "tpm_limit"),
        ({"rpm_limit": 2**70}, "rpm_limit"),
        ({"max_budget": "1e12"}, "max_budget"),
        ({"max_budget": "0.00001"}, "max_budget"),
    ],
)
async def test_team_limits_beyond_their_columns_are_bad_input(
    stack: Stack, limits: dict[str, Any], field: str
) -> None:
    admin = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        made = await http.post(
            "/api/v1/teams",
            json={"name": _name("huge"), "limits": limits},
            headers=_bearer(admin["access_token"]),
        )
    assert made.status_code == 422, made.text
    assert made.headers["content-type"].startswith("application/problem+json")
    assert field in made.text


@pytest.mark.parametrize(
    ("method", "path", "body", "params"),
    [
        ("POST", "/api/v1/teams", {"name": "nul\u0000team"}, None),
        ("POST", "/api/v1/teams", {"name": "ok", "description": "bell\u0007"}, None),
        ("POST", "/api/v1/auth/dev-login", {"username": "zed", "full_name": "Z\u0000"}, None),
        ("GET", "/api/v1/admin/users", None, {"search": "a\u0000b"}),
        ("GET", "/api/v1/admin/users", None, {"page": 10_001}),
        ("GET", "/api/v1/teams/abc%00def", None, None),
        ("DELETE", "/api/v1/teams/abc/members/x%00y", None, None),
        ("POST", "/api/v1/admin/users/u%00/reactivate", {"reason": ""}, None),
    ],
)
async def test_control_characters_and_unbounded_pages_are_bad_input(
    stack: Stack, method: str, path: str, body: Any, params: Any
) -> None:
    admin = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    # straight to auth: what the gateway does with such a path is the gateway's own test
    async with httpx.AsyncClient(base_url=stack.endpoints["AUTH_URL"], timeout=15) as http:
        answer = await http.request(
            method, path, json=body, params=params, headers=_bearer(admin["access_token"])
        )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_a_redis_that_lost_the_epochs_gets_them_back_when_auth_starts(stack: Stack) -> None:
    """Deactivation is in PostgreSQL; Redis only mirrors it. Auth writes every epoch again at
    start-up, so a flushed Redis does not bring a deactivated user's token back to life."""
    gateway = stack.endpoints["GATEWAY_URL"]
    user, admin = await dev_login(gateway, _name("flushed")), await dev_login(gateway, "admin")
    user_id = user["user"]["id"]
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        gone = await http.post(
            f"/api/v1/admin/users/{user_id}/deactivate",
            json={"reason": "left"},
            headers=_bearer(admin["access_token"]),
        )
        assert gone.status_code == 200
    redis = Redis.from_url(stack.endpoints["REDIS_URL"])
    key = f"litemaas:user-epoch:{user_id}"
    try:
        assert int(await redis.get(key) or 0) >= 1
        await redis.delete(key)  # what a flush (or a Redis without persistence) does
        stack.stop("auth")
        stack.start("auth")
        assert int(await redis.get(key) or 0) >= 1, "auth wrote the epoch back at start-up"
    finally:
        await redis.aclose()
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        assert await _status(http, "/api/v1/api-keys", user["access_token"]) == 401
