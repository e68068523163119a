"""Login through a real OpenID Connect provider (zitadel/oidc's OP, a process of its own)."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest

from tests.support.clients import TOKENS_SEEN, eventually, litellm_user
from tests.support.oidc_provider import OidcProvider
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def browser_login(stack: Stack, oidc: OidcProvider, username: str) -> dict[str, str]:
    """What a browser does: LiteMaaS → the provider's login form → back with code and state."""
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        start = await api.get("/api/v1/auth/oidc/login", params={"redirect_uri": oidc.redirect_uri})
    assert start.status_code == 302
    url = start.headers["location"]
    query = parse_qs(urlparse(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"][0]
    async with httpx.AsyncClient(timeout=15) as browser:
        for _ in range(10):
            if url.startswith(oidc.redirect_uri):
                back = parse_qs(urlparse(url).query)
                return {"code": back["code"][0], "state": back["state"][0]}
            page = await browser.get(url)
            if page.status_code == 200 and "password" in page.text:  # the login form
                request_id = parse_qs(urlparse(str(page.url)).query)["authRequestID"][0]
                page = await browser.post(
                    urljoin(str(page.url), "username"),
                    data={
                        "id": request_id,
                        "username": username,
                        "password": f"{username}-password-1",
                    },
                )
            assert page.status_code in (302, 303), page.text[:300]
            url = urljoin(str(page.url), page.headers["location"])
    raise AssertionError("the provider never redirected back")


async def test_oidc_login_creates_the_user_everywhere(stack: Stack, oidc: OidcProvider) -> None:
    callback = await browser_login(stack, oidc, "alice")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        done = await api.post("/api/v1/auth/oidc/callback", json=callback)
        assert done.status_code == 200, done.text
        body = done.json()
        TOKENS_SEEN.extend([body["access_token"], body["refresh_token"]])
        assert (body["user"]["username"], body["user"]["email"]) == ("alice", "alice@oidc.example")
        assert body["user"]["full_name"] == "Alice Oidc"
        replay = await api.post("/api/v1/auth/oidc/callback", json=callback)
        assert replay.status_code == 422, "a login attempt finishes once"
    found = await eventually(
        lambda: litellm_user(stack.endpoints, body["user"]["id"]),
        within=15,
        what="the OIDC user in LiteLLM",
    )
    assert (found["user_email"], found["user_alias"]) == ("alice@oidc.example", "alice")


async def test_a_code_is_bound_to_its_login_attempt(stack: Stack, oidc: OidcProvider) -> None:
    first = await browser_login(stack, oidc, "bob")
    second = await browser_login(stack, oidc, "bob")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        swapped = await api.post(
            "/api/v1/auth/oidc/callback", json={"code": first["code"], "state": second["state"]}
        )
        assert swapped.status_code == 401, "the PKCE verifier of another attempt is refused"
        assert swapped.headers["content-type"].startswith("application/problem+json")
        unknown = await api.post(
            "/api/v1/auth/oidc/callback", json={"code": first["code"], "state": "s" * 43}
        )
        assert unknown.status_code == 422
