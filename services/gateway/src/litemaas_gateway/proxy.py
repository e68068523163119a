"""Forwarding a request to the service that owns it, with correlation and trace context.

On the hot path of every API call, so it works at the ASGI level with one shared aiohttp
session (a pool of keep-alive connections per service) and no framework in between: the
profile of the first version put two thirds of the gateway's time in httpx and in Starlette's
middleware stack, not in forwarding.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import aiohttp
from yarl import URL

Headers = list[tuple[bytes, bytes]]

# RFC 9110 hop-by-hop headers, plus what the client recomputes
_HOP = {
    b"connection",
    b"keep-alive",
    b"proxy-authenticate",
    b"proxy-authorization",
    b"te",
    b"trailer",
    b"transfer-encoding",
    b"upgrade",
    b"host",
    b"content-length",
}


#: the server in front of the gateway sets its own Date and Server
_NOT_BACK = _HOP | {b"date", b"server"}


class Unreachable(Exception):
    """The service did not answer (refused, reset, timed out)."""


class Unforwardable(Exception):
    """The request cannot be written to the service as it came (a path no URL can hold)."""


def new_session(timeout_seconds: float) -> aiohttp.ClientSession:
    """Must be called inside the running event loop (the app's lifespan)."""
    connector = aiohttp.TCPConnector(
        limit=200,
        # below uvicorn's 5 s keep-alive: never reuse a connection the service is closing
        keepalive_timeout=4,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=timeout_seconds),
        # the shared session must never add one user's cookies to another's call
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,  # the body goes back as it came, Content-Encoding and all
        skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
    )


def forwarded_headers(
    raw: list[tuple[bytes, bytes]], peer: str | None, ours: dict[bytes, bytes]
) -> Headers:
    """The request's headers less hop-by-hop ones and those this hop sets (``ours``:
    correlation, trace context), plus this hop in X-Forwarded-For (RFC 7239 practice: the
    services trust the chain only from the proxies they are configured to trust)."""
    chain = [v for k, v in raw if k.lower() == b"x-forwarded-for"]
    if peer is not None:
        chain.append(peer.encode())
    replaced = _HOP | set(ours) | {b"x-forwarded-for", b"traceparent", b"tracestate"}
    headers = [(k, v) for k, v in raw if k.lower() not in replaced]
    headers += list(ours.items())
    if chain:
        headers.append((b"x-forwarded-for", b", ".join(chain)))
    return headers


def _as_text(headers: Headers) -> list[tuple[str, str]]:
    """aiohttp writes header values as UTF-8: a value that is UTF-8 goes out byte for byte;
    one that is not has no meaning to any service and is left out (it was a 500 once)."""
    out = []
    for name, value in headers:
        try:
            out.append((name.decode("latin-1"), value.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    return out


async def forward(
    session: aiohttp.ClientSession,
    base_url: str,
    scope: MutableMapping[str, Any],
    headers: Headers,
    body: bytes,
) -> tuple[int, Headers, bytes]:
    """The service's answer: status, headers (as bytes, every Set-Cookie, less hop-by-hop
    ones) and body. Raises ``Unreachable`` when the service does not answer."""
    # the path as it came, still percent-encoded: decoded, a %00 in it is a URL a client
    # refuses; the service decides what the path means (a 422 for a NUL in an id)
    path = scope.get("raw_path") or scope["path"].encode()
    query = scope.get("query_string", b"")
    target = base_url + path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
    try:
        url = URL(target, encoded=True)
    except ValueError as exc:
        raise Unforwardable(str(exc)) from exc
    # a GET may meet a kept-alive connection the service closed that very moment: once more
    attempts = 2 if scope["method"] == "GET" else 1
    for attempt in range(attempts):
        try:
            async with session.request(
                scope["method"],
                url,
                headers=_as_text(headers),
                data=body or None,
                allow_redirects=False,
            ) as upstream:
                content = await upstream.read()
                answer = [
                    (k.lower(), v) for k, v in upstream.raw_headers if k.lower() not in _NOT_BACK
                ]
                return upstream.status, answer, content
        except aiohttp.ServerDisconnectedError as exc:
            if attempt + 1 == attempts:
                raise Unreachable(str(exc)) from exc
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise Unforwardable(str(exc)) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise Unreachable(str(exc)) from exc
    raise AssertionError("unreachable")  # pragma: no cover
