"""Login through OpenShift OAuth (against the recorded-contract server: no cluster runs here)."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.support.clients import TOKENS_SEEN, dev_login, eventually, litellm_user
from tests.support.openshift_contract import USERS, OpenShift
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _login_as(
    stack: Stack, openshift: OpenShift, username: str, http: httpx.AsyncClient
) -> dict[str, str]:
    """What the browser does: start at LiteMaaS, pass OpenShift, come back with code and state."""
    async with httpx.AsyncClient(timeout=10) as browser:
        await browser.post(f"{openshift.url}/_contract/next-user", json={"username": username})
        start = await http.get(
            "/api/v1/auth/openshift/login", params={"redirect_uri": openshift.contract.redirect_uri}
        )
        assert start.status_code == 302
        to_openshift = start.headers["location"]
        assert to_openshift.startswith(f"{openshift.url}/oauth/authorize?")
        assert parse_qs(urlparse(to_openshift).query)["code_challenge_method"] == ["S256"]
        back = await browser.get(to_openshift)
        assert back.status_code == 302
    query = parse_qs(urlparse(back.headers["location"]).query)
    return {"code": query["code"][0], "state": query["state"][0]}


async def test_openshift_login_creates_the_user_everywhere_with_group_roles(
    stack: Stack, openshift: OpenShift
) -> None:
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        callback = await _login_as(stack, openshift, "olga", http)
        done = await http.post("/api/v1/auth/openshift/callback", json=callback)
        assert done.status_code == 200, done.text
        body = done.json()
        TOKENS_SEEN.extend([body["access_token"], body["refresh_token"]])
        assert body["user"]["username"] == "olga"
        assert body["user"]["full_name"] == "Olga Operator"
        assert set(body["user"]["roles"]) == {"admin", "user"}, "litemaas-admins → admin"
        me = await http.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.json()["id"] == body["user"]["id"]

        replay = await http.post("/api/v1/auth/openshift/callback", json=callback)
        assert replay.status_code == 422, "a login attempt finishes once"
        assert replay.headers["content-type"].startswith("application/problem+json")

    found = await eventually(
        lambda: litellm_user(stack.endpoints, body["user"]["id"]),
        within=15,
        what="the OpenShift user in LiteLLM",
    )
    assert found["user_alias"] == "olga"


async def test_readonly_group_and_forged_state_or_code(stack: Stack, openshift: OpenShift) -> None:
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        callback = await _login_as(stack, openshift, "rory", http)
        forged = await http.post(
            "/api/v1/auth/openshift/callback", json={**callback, "state": "x" * 43}
        )
        assert forged.status_code == 422
        wrong_code = await http.post(
            "/api/v1/auth/openshift/callback", json={**callback, "code": "not-the-code"}
        )
        assert wrong_code.status_code == 401, "OpenShift refuses a code it did not issue"
        fresh = await _login_as(stack, openshift, "rory", http)
        done = await http.post("/api/v1/auth/openshift/callback", json=fresh)
        assert done.status_code == 200
        TOKENS_SEEN.extend([done.json()["access_token"], done.json()["refresh_token"]])
        assert set(done.json()["user"]["roles"]) == {"admin-readonly", "user"}
        bad_redirect = await http.get(
            "/api/v1/auth/openshift/login", params={"redirect_uri": "javascript:alert(1)"}
        )
        assert bad_redirect.status_code == 422


async def _finish(http: httpx.AsyncClient, callback: dict[str, str]) -> dict[str, Any]:
    done = await http.post("/api/v1/auth/openshift/callback", json=callback)
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    TOKENS_SEEN.extend([body["access_token"], body["refresh_token"]])
    return body


async def test_a_lost_group_takes_its_role_away_but_roles_set_by_an_admin_stay(
    stack: Stack, openshift: OpenShift
) -> None:
    name = f"gwen-{uuid.uuid4().hex[:6]}"
    USERS[name] = {"fullName": "Gwen Group", "groups": ["litemaas-admins"]}
    admin = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        first = await _finish(http, await _login_as(stack, openshift, name, http))
        assert first["user"]["group_roles"] == ["admin", "user"]
        by_hand = await http.put(
            f"/api/v1/admin/users/{first['user']['id']}/roles",
            json={"roles": ["admin-readonly"]},
            headers={"Authorization": f"Bearer {admin['access_token']}"},
        )
        assert by_hand.status_code == 200, by_hand.text
        USERS[name]["groups"] = []  # removed from the group at the provider
        later = await _finish(http, await _login_as(stack, openshift, name, http))
        assert later["user"]["id"] == first["user"]["id"]
        assert later["user"]["roles"] == ["admin-readonly", "user"], "admin gone, by hand kept"
        me = await http.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {first['access_token']}"}
        )
        assert me.status_code == 401, "the token minted with the group's admin role ended"


async def test_the_openshift_uid_not_the_name_is_who_logs_in(
    stack: Stack, openshift: OpenShift
) -> None:
    """A dev-login user named like an OpenShift user is a different person."""
    name = f"nina-{uuid.uuid4().hex[:6]}"
    USERS[name] = {"fullName": "Nina Name", "groups": []}
    local = await dev_login(stack.endpoints["GATEWAY_URL"], name)
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        body = await _finish(http, await _login_as(stack, openshift, name, http))
    assert body["user"]["id"] != local["user"]["id"]
    assert (
        body["user"]["username"] == f"{name}-2" and "belongs to another account" in body["notice"]
    )


async def test_a_callback_without_the_login_cookie_is_refused(
    stack: Stack, openshift: OpenShift
) -> None:
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        callback = await _login_as(stack, openshift, "alice", http)
        http.cookies.clear()  # another browser: same state and code, no cookie
        stranger = await http.post("/api/v1/auth/openshift/callback", json=callback)
        assert stranger.status_code == 403, stranger.text
        assert stranger.headers["content-type"].startswith("application/problem+json")
