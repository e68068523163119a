"""Sessions: refresh tokens work once; logout revokes the access token in every service."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.clients import TOKENS_SEEN, dev_login
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_refresh_rotates_and_logout_revokes_everywhere(stack: Stack) -> None:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], f"sess-{uuid.uuid4().hex[:8]}")
    assert login["expires_in"] == 15 * 60 and login["refresh_expires_in"] > login["expires_in"]
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        renewed = await http.post(
            "/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]}
        )
        assert renewed.status_code == 200
        fresh = renewed.json()
        TOKENS_SEEN.extend([fresh["access_token"], fresh["refresh_token"]])
        assert fresh["refresh_token"] != login["refresh_token"]
        replay = await http.post(
            "/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]}
        )
        assert replay.status_code == 401, "a refresh token works once"
        assert replay.headers["content-type"].startswith("application/problem+json")

        token = fresh["access_token"]
        assert (await http.get("/api/v1/models", headers=_bearer(token))).status_code == 200
        assert (await http.get("/api/v1/teams", headers=_bearer(token))).status_code == 200
        out = await http.post(
            "/api/v1/auth/logout",
            headers=_bearer(token),
            json={"refresh_token": fresh["refresh_token"]},
        )
        assert out.status_code == 204
        assert (await http.get("/api/v1/models", headers=_bearer(token))).status_code == 401
        assert (await http.get("/api/v1/teams", headers=_bearer(token))).status_code == 401
        assert (await http.get("/api/v1/auth/me", headers=_bearer(token))).status_code == 401
        after = await http.post(
            "/api/v1/auth/refresh", json={"refresh_token": fresh["refresh_token"]}
        )
        assert after.status_code == 401, "logout revoked the refresh token too"
        other = await http.get("/api/v1/models", headers=_bearer(login["access_token"]))
        assert other.status_code == 200, "only the logged-out session's token is revoked"


async def test_a_deactivated_user_can_neither_log_in_nor_refresh(stack: Stack) -> None:
    name = f"leaver-{uuid.uuid4().hex[:8]}"
    login = await dev_login(stack.endpoints["GATEWAY_URL"], name)
    admin = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        gone = await http.post(
            f"/api/v1/admin/users/{login['user']['id']}/deactivate",
            json={"reason": "left"},
            headers=_bearer(admin["access_token"]),
        )
        assert gone.status_code == 200
        again = await http.post("/api/v1/auth/dev-login", json={"username": name})
        assert again.status_code == 403
        refreshed = await http.post(
            "/api/v1/auth/refresh", json={"refresh_token": login["refresh_token"]}
        )
        assert refreshed.status_code == 401
