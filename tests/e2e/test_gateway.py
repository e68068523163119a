"""The gateway is what a browser talks to: security headers on every answer, one OpenAPI document
for the whole API, the built UI with the right caching, CORS only where configured, and rate
limits per user in Redis (429 problem+json with Retry-After).

The stack's gateway runs with the development limits (never reached by the suite); the limits,
CORS and the UI are checked on a second gateway this module starts beside it with its own
settings, against the same services and the same Redis."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.clients import dev_login, eventually, query
from tests.support.stack import ROOT, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
ORIGIN = "https://ui.example.test"
ASSET = "assets/index-3f9a1c7e.js"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A UI as Vite builds it: index.html naming content-hashed assets."""
    root = tmp_path_factory.mktemp("dist")
    (root / "assets").mkdir()
    (root / "index.html").write_text(f'<!doctype html><script src="/{ASSET}"></script>')
    (root / ASSET).write_text("console.log('ui')")
    (root / "favicon.ico").write_bytes(b"\0icon")
    return root


@pytest.fixture(scope="module")
def second_gateway(stack: Stack, dist: Path) -> Iterator[str]:
    ends = stack.endpoints
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ) | {
        "LITEMAAS_ENV": "development",
        "REDIS_URL": ends["REDIS_URL"],
        "AUTH_URL": ends["AUTH_URL"],
        "GATEWAY_HTTP_PORT": str(port),
        "GATEWAY_STATIC_DIR": str(dist),
        "GATEWAY_CORS_ORIGINS": ORIGIN,
        "GATEWAY_RATE_LIMIT_PER_USER": "3/minute",
        "GATEWAY_RATE_LIMIT_PER_ADDRESS": "",
    }
    env |= {f"GATEWAY_{s}_URL": ends[f"{s}_URL"] for s in ("AUTH", "CATALOG", "KEYS")}
    env |= {f"GATEWAY_{s}_URL": ends[f"{s}_URL"] for s in ("BILLING", "SYNC")}
    process = subprocess.Popen(
        [sys.executable, "-m", "litemaas_gateway", "serve"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "no second gateway"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _secure(response: httpx.Response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff", response.url
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert len(headers.get_list("date")) == 1  # the service's Date is not doubled


async def test_every_answer_carries_the_security_headers(stack: Stack) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    token = (await dev_login(gateway, f"gw-{uuid.uuid4().hex[:8]}"))["access_token"]
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        for path, headers, status in [
            ("/api/v1/auth/me", _bearer(token), 200),
            ("/api/v1/models", _bearer(token), 200),
            ("/api/v1/auth/me", {}, 401),
            ("/api/v1/nowhere", {}, 404),
            ("/health/live", {}, 200),
            ("/", {}, 200),
        ]:
            response = await http.get(path, headers=headers)
            assert response.status_code == status, (path, response.text)
            _secure(response)
            csp = response.headers["content-security-policy"]
            assert "script-src 'self';" in csp and "connect-src 'self'" in csp
            assert "strict-transport-security" not in response.headers  # plain HTTP
            assert "access-control-allow-origin" not in response.headers  # same origin only
        docs = await http.get("/docs")
        _secure(docs)  # Swagger UI: its inline script and CDN allowed there only
        assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
        # behind a TLS-terminating proxy on this host (trusted): HSTS
        tls = await http.get("/api/v1/auth/me", headers={"X-Forwarded-Proto": "https"})
        assert tls.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_one_openapi_document_holds_every_service(stack: Stack) -> None:
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=15) as http:
        response = await http.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    for owned in ("/api/v1/auth/me", "/api/v1/models", "/api/v1/api-keys", "/api/v1/budgets"):
        assert owned in paths, owned
    assert any(p.startswith("/api/v1/admin/sync/") for p in paths)
    assert "/api/v1/status" in paths  # the gateway's own
    assert not [p for p in paths if not p.startswith("/api/v1/")]  # no /health, /internal
    assert "x-unavailable" not in document
    refs = [v for v in _strings(document) if v.startswith("#/components/schemas/")]
    schemas = document["components"]["schemas"]
    assert all(ref.removeprefix("#/components/schemas/") in schemas for ref in refs)


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


async def test_a_user_past_their_limit_gets_429_with_retry_after(
    stack: Stack, second_gateway: str
) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    busy = (await dev_login(gateway, f"gw-busy-{uuid.uuid4().hex[:8]}"))["access_token"]
    calm = (await dev_login(gateway, f"gw-calm-{uuid.uuid4().hex[:8]}"))["access_token"]
    async with httpx.AsyncClient(base_url=second_gateway, timeout=15) as http:
        for _ in range(3):
            assert (await http.get("/api/v1/auth/me", headers=_bearer(busy))).status_code == 200
        refused = await http.get("/api/v1/auth/me", headers=_bearer(busy))
        assert refused.status_code == 429
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert "user" in refused.json()["detail"]
        _secure(refused)
        # the allowance is the user's: another user, and calls without a token, go through
        assert (await http.get("/api/v1/auth/me", headers=_bearer(calm))).status_code == 200
        assert (await http.get("/api/v1/auth/me")).status_code == 401


async def test_the_built_ui_is_served_with_caching_for_hashed_assets(second_gateway: str) -> None:
    async with httpx.AsyncClient(base_url=second_gateway, timeout=15) as http:
        asset = await http.get(f"/{ASSET}")
        assert asset.status_code == 200 and asset.text == "console.log('ui')"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "javascript" in asset.headers["content-type"]
        for route in ("/", "/models/openai/gpt-4o", "/admin/approvals"):  # the app's routes
            page = await http.get(route)
            assert page.status_code == 200 and ASSET in page.text, route
            assert page.headers["cache-control"] == "no-cache"
            _secure(page)
        revalidated = await http.get("/", headers={"If-None-Match": page.headers["etag"]})
        assert revalidated.status_code == 304
        assert (await http.get("/favicon.ico")).headers["cache-control"] == "no-cache"
        assert (await http.get("/assets/index-missing.js")).status_code == 404  # never HTML
        missing_api = await http.get("/api/v1/nowhere")
        assert missing_api.status_code == 404
        assert missing_api.headers["content-type"].startswith("application/problem+json")
        escaped = await http.get("/%2e%2e/%2e%2e/%2e%2e/etc/hostname")
        assert ASSET in escaped.text  # a route of the app, never a file outside the build


async def test_cors_answers_only_the_configured_origin(second_gateway: str) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    async with httpx.AsyncClient(base_url=second_gateway, timeout=15) as http:
        allowed = await http.options("/api/v1/api-keys", headers={"Origin": ORIGIN, **preflight})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        other = await http.options(
            "/api/v1/api-keys", headers={"Origin": "https://evil.example", **preflight}
        )
        assert "access-control-allow-origin" not in other.headers
        simple = await http.get("/api/v1/models", headers={"Origin": ORIGIN})
        assert simple.headers["access-control-allow-origin"] == ORIGIN


async def _users_read_now(stack: Stack) -> int:
    rows = await query(
        stack.endpoints["AUTH_DATABASE_URL"],
        "SELECT seq_scan + coalesce(idx_scan, 0) AS n FROM pg_stat_user_tables"
        " WHERE relname = 'users'",
    )
    return int(rows[0]["n"])


async def _users_read(stack: Stack) -> int:
    """How often PostgreSQL has read auth's users table so far, once its statistics settled.
    A backend that flushed its statistics less than a second ago holds the next ones back for
    up to 10 s (PGSTAT_IDLE_INTERVAL): the count is taken when it has not moved for 11 s, so
    the login's reads before the window are in it and none arrives late inside it."""
    readings: list[tuple[float, int]] = []

    async def settled() -> tuple[int] | None:
        readings.append((time.monotonic(), await _users_read_now(stack)))
        now, count = readings[-1]
        since = now
        for at, n in reversed(readings):
            if n != count:
                break
            since = at
        return (count,) if now - since >= 11 else None

    (count,) = await eventually(settled, within=90, interval=1.0, what="auth's read count")
    return count


async def test_asking_who_i_am_again_and_again_costs_no_database_query(stack: Stack) -> None:
    """The benchmark's request (an authenticated GET through the gateway) at steady state
    reads Redis (the token's epoch and deny-list) and no PostgreSQL table."""
    gateway = stack.endpoints["GATEWAY_URL"]
    token = (await dev_login(gateway, f"gw-me-{uuid.uuid4().hex[:8]}"))["access_token"]
    async with httpx.AsyncClient(base_url=gateway, timeout=15) as http:
        first = await http.get("/api/v1/auth/me", headers=_bearer(token))
        assert first.status_code == 200
        before = await _users_read(stack)
        for _ in range(60):
            again = await http.get("/api/v1/auth/me", headers=_bearer(token))
            assert again.json() == first.json()
        after = await _users_read(stack)
        assert after - before < 5, f"{after - before} reads of users for 60 requests"
        # and access still ends at once: logged out, the same token is refused
        out = await http.post("/api/v1/auth/logout", headers=_bearer(token), json={})
        assert out.status_code in (200, 204), out.text
        assert (await http.get("/api/v1/auth/me", headers=_bearer(token))).status_code == 401
