"""Login through a real OpenID Connect provider (zitadel/oidc's OP, a process of its own)."""

from __future__ import annotations

import secrets
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlparse

import httpx
import pytest

from tests.support.clients import TOKENS_SEEN, dev_login, eventually, litellm_user, query
from tests.support.oidc_provider import IMPOSTOR_USERNAME, OidcProvider, password_of
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
CALLBACK = "/api/v1/auth/oidc/callback"
#: the HttpOnly cookie ``/login`` sets: the login is finished only by the browser that has it
BINDING = "litemaas_login_binding"


class LoginForm(HTMLParser):
    """The first form of a page: where it posts, and its fields with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form" and self.action is None:
            self.action, self._inside = attributes.get("action", ""), True
        elif tag in ("input", "button") and self._inside and attributes.get("name"):
            self.fields[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        self._inside = self._inside and tag != "form"


async def _submit(browser: httpx.AsyncClient, page: httpx.Response, username: str) -> Any:
    """Fill in the login form (or approve a consent form) the way a person would."""
    form = LoginForm()
    form.feed(page.text)
    assert form.action is not None, f"no form on the provider's page: {page.text[:300]}"
    for name in form.fields:
        if "user" in name or "login" in name:
            form.fields[name] = username
        elif "pass" in name:
            form.fields[name] = password_of(username)
    return await browser.post(urljoin(str(page.url), form.action), data=form.fields)


async def browser_login(stack: Stack, oidc: OidcProvider, username: str) -> dict[str, str]:
    """What a browser does: LiteMaaS → the provider's login form → back with code and state
    (and LiteMaaS's login cookie, kept as ``binding``)."""
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        start = await api.get("/api/v1/auth/oidc/login", params={"redirect_uri": oidc.redirect_uri})
    assert start.status_code == 302, start.text
    cookie = start.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/api/v1/auth/oidc" in cookie
    binding = start.cookies[BINDING]
    url = start.headers["location"]
    sent = parse_qs(urlparse(url).query)
    assert url.startswith(oidc.issuer) and sent["client_id"] == [oidc.client_id]
    assert sent["code_challenge_method"] == ["S256"] and sent["nonce"][0] and sent["state"][0]
    async with httpx.AsyncClient(timeout=15) as browser:
        for _ in range(10):
            if url.startswith(oidc.redirect_uri):
                back = parse_qs(urlparse(url).query)
                assert back["state"] == sent["state"]
                TOKENS_SEEN.append(back["code"][0])  # no log line may hold a code either
                code, state = back["code"][0], back["state"][0]
                return {"code": code, "state": state, "binding": binding}
            page = await browser.get(url)
            if page.status_code == 200:
                page = await _submit(browser, page, username)
            assert page.status_code in (302, 303), page.text[:300]
            url = urljoin(str(page.url), page.headers["location"])
    raise AssertionError("the provider never redirected back")


async def post_callback(
    api: httpx.AsyncClient, callback: dict[str, str], binding: str | None = "same"
) -> httpx.Response:
    """The UI's POST of code and state, with the browser's login cookie (or ``binding``)."""
    cookie = callback["binding"] if binding == "same" else binding
    headers = {"Cookie": f"{BINDING}={cookie}"} if cookie is not None else {}
    body = {"code": callback["code"], "state": callback["state"]}
    return await api.post(CALLBACK, json=body, headers=headers)


def _is_named(user: dict[str, Any], body: dict[str, Any], wanted: str) -> bool:
    """The wanted username, or (taken by another identity, e.g. a dev login) the next free
    label, said in the notice."""
    return user["username"] == wanted or (
        user["username"].startswith(f"{wanted}-") and wanted in (body.get("notice") or "")
    )


async def _finish(api: httpx.AsyncClient, callback: dict[str, str]) -> dict[str, Any]:
    done = await post_callback(api, callback)
    assert done.status_code == 200, done.text
    body: dict[str, Any] = done.json()
    TOKENS_SEEN.extend([body["access_token"], body["refresh_token"]])
    return body


def _refused(answer: httpx.Response, status: int, why: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert why in answer.json()["detail"] and "access_token" not in answer.json()


async def _user_count(stack: Stack) -> int:
    [row] = await query(stack.endpoints["AUTH_DATABASE_URL"], "SELECT count(*) FROM users")
    return int(row[0])


async def test_oidc_login_creates_the_user_everywhere(stack: Stack, oidc: OidcProvider) -> None:
    callback = await browser_login(stack, oidc, "alice")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        body = await _finish(api, callback)
        assert body["token_type"] == "Bearer" and body["expires_in"] > 0
        user = body["user"]
        assert _is_named(user, body, "alice") and user["email"] == "alice@oidc.example"
        assert user["full_name"] == "Alice Oidc" and user["roles"] == ["user"]
        me = await api.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.status_code == 200 and me.json()["id"] == user["id"]
    found = await eventually(
        lambda: litellm_user(stack.endpoints, user["id"]), within=15, what="the user in LiteLLM"
    )
    assert (found["user_email"], found["user_alias"]) == ("alice@oidc.example", user["username"])


async def test_a_replayed_or_tampered_state_creates_nothing(
    stack: Stack, oidc: OidcProvider
) -> None:
    callback = await browser_login(stack, oidc, "bob")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        await _finish(api, callback)
        users = await _user_count(stack)
        _refused(await post_callback(api, callback), 422, "already completed")
        fresh = await browser_login(stack, oidc, "bob")
        last = fresh["state"][-1]
        tampered = {**fresh, "state": fresh["state"][:-1] + ("A" if last != "A" else "B")}
        _refused(await post_callback(api, tampered), 422, "start the login again")
        assert await _user_count(stack) == users, "a refused login creates no one"
        body = await _finish(api, fresh)
        assert _is_named(body["user"], body, "bob"), "the true state works"


async def test_a_code_is_bound_to_its_login_attempt(stack: Stack, oidc: OidcProvider) -> None:
    first = await browser_login(stack, oidc, "bob")
    second = await browser_login(stack, oidc, "bob")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        swapped = {"code": first["code"], "state": second["state"], "binding": second["binding"]}
        # the provider refuses: the code was issued for another PKCE challenge
        _refused(await post_callback(api, swapped), 401, "refused the authorization code")


@pytest.mark.parametrize(("who", "role"), [("admin", "admin"), ("auditor", "admin-readonly")])
async def test_the_providers_groups_grant_roles(
    stack: Stack, oidc: OidcProvider, who: str, role: str
) -> None:
    username = oidc.session_admin if who == "admin" else oidc.session_auditor
    if not username:
        pytest.skip("this stack's auth service maps no identity-provider group to roles")
    callback = await browser_login(stack, oidc, username)
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        body = await _finish(api, callback)
        assert sorted(body["user"]["roles"]) == sorted([role, "user"])
        users = await api.get(
            "/api/v1/admin/users", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert users.status_code == 200, "the group's role opens the admin's user list"


@pytest.mark.parametrize("cookie", ["missing", "another-browsers"])
async def test_a_callback_without_the_browsers_login_cookie_is_refused(
    stack: Stack, oidc: OidcProvider, cookie: str
) -> None:
    """A state (and code) sent to someone else's browser cannot log that browser in."""
    callback = await browser_login(stack, oidc, "bob")
    other = await browser_login(stack, oidc, "bob")
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        users = await _user_count(stack)
        wrong = None if cookie == "missing" else other["binding"]
        _refused(await post_callback(api, callback, wrong), 403, "another browser")
        assert await _user_count(stack) == users
        body = await _finish(api, callback)  # the browser that started it still can
        assert _is_named(body["user"], body, "bob")


async def test_login_starts_are_rate_limited_per_client_address(
    stack: Stack, oidc: OidcProvider
) -> None:
    """Behind the gateway, the address is the one the gateway saw (X-Forwarded-For); each
    address has its own budget, and the answer says when to come back."""
    address = f"203.0.113.{secrets.randbelow(250) + 1}"
    limited = None
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        for _ in range(200):
            start = await api.get(
                "/api/v1/auth/oidc/login",
                params={"redirect_uri": oidc.redirect_uri},
                headers={"X-Forwarded-For": address},
            )
            if start.status_code != 302:
                limited = start
                break
        assert limited is not None and limited.status_code == 429, "never limited"
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        elsewhere = await api.get(
            "/api/v1/auth/oidc/login",
            params={"redirect_uri": oidc.redirect_uri},
            headers={"X-Forwarded-For": "198.51.100.77"},
        )
        assert elsewhere.status_code == 302, "another address is not limited"


async def test_a_provider_account_named_like_the_admin_gets_its_own_user(
    stack: Stack, oidc: OidcProvider
) -> None:
    """Usernames are labels: the provider's (issuer, subject) is who logs in, never a name."""
    admin = await dev_login(stack.endpoints["GATEWAY_URL"], IMPOSTOR_USERNAME)
    assert "admin" in admin["user"]["roles"]
    callback = await browser_login(stack, oidc, IMPOSTOR_USERNAME)
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as api:
        body = await _finish(api, callback)
        user = body["user"]
        assert user["id"] != admin["user"]["id"], "no takeover of the admin's account"
        assert user["roles"] == ["user"] and user["username"].startswith("admin-")
        assert "belongs to another account" in body["notice"]
        users = await api.get(
            "/api/v1/admin/users", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert users.status_code == 403
        again = await _finish(api, await browser_login(stack, oidc, IMPOSTOR_USERNAME))
        assert again["user"]["id"] == user["id"], "the same identity finds the same user"
