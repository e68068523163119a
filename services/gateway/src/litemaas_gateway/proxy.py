"""Forwarding a request to the service that owns it, with correlation and trace context.

On the hot path of every API call, so it works at the ASGI level with one shared aiohttp
session (a pool of keep-alive connections per service) and no framework in between: the
profile of the first version put two thirds of the gateway's time in httpx and in Starlette's
middleware stack, not in forwarding.

A service may run as several instances (``GATEWAY_<SVC>_URL`` lists them, comma-separated):
requests take turns over them, and one that does not take the connection is passed over for
the next, so an instance that is stopped or killed costs no request.
"""

from __future__ import annotations

import itertools
from collections.abc import MutableMapping, Sequence
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
#: methods that may be sent again after a connection broke mid-request (RFC 9110 9.2.2): the
#: first instance may have acted on it, and doing so twice changes nothing
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


class Pool:
    """The instances of one service, taken in turn (round robin)."""

    def __init__(self, urls: Sequence[str]) -> None:
        if not urls:
            raise ValueError("a service needs at least one URL")
        self.urls = tuple(u.rstrip("/") for u in urls)
        self._turn = itertools.count()

    def order(self) -> list[str]:
        """Every instance, beginning with the one whose turn it is."""
        start = next(self._turn) % len(self.urls)
        return [*self.urls[start:], *self.urls[:start]]


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
    pool: Pool | str,
    scope: MutableMapping[str, Any],
    headers: Headers,
    body: bytes,
) -> tuple[int, Headers, bytes]:
    """The service's answer: status, headers (as bytes, every Set-Cookie, less hop-by-hop
    ones) and body. Raises ``Unreachable`` when no instance of the service answers.

    An instance that refuses the connection never saw the request: the next one gets it,
    whatever the method. A connection that breaks before the answer (the instance died, or
    closed a kept-alive connection that very moment) is tried on the next one only for an
    idempotent method: a POST may have been acted on, and is not made twice."""
    # the path as it came, still percent-encoded: decoded, a %00 in it is a URL a client
    # refuses; the service decides what the path means (a 422 for a NUL in an id)
    path = scope.get("raw_path") or scope["path"].encode()
    query = scope.get("query_string", b"")
    tail = path.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
    method = scope["method"]
    bases = (pool if isinstance(pool, Pool) else Pool([pool])).order()
    if len(bases) == 1 and method == "GET":  # a kept-alive connection closing: once more
        bases *= 2
    for base in bases:
        try:
            url = URL(base + tail, encoded=True)
            async with session.request(
                method, url, headers=_as_text(headers), data=body or None, allow_redirects=False
            ) as upstream:
                content = await upstream.read()
                answer = [
                    (k.lower(), v) for k, v in upstream.raw_headers if k.lower() not in _NOT_BACK
                ]
                return upstream.status, answer, content
        except aiohttp.ClientConnectorError as exc:  # not connected: the request was not sent
            failure: Exception = exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
            if method not in _IDEMPOTENT:
                raise Unreachable(str(exc)) from exc
            failure = exc
        except (aiohttp.InvalidURL, ValueError) as exc:
            raise Unforwardable(str(exc)) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:  # slow, not gone: not sent again
            raise Unreachable(str(exc)) from exc
    raise Unreachable(str(failure))
