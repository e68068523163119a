"""Forwarding a request to the service that owns it, with correlation and trace context."""

from __future__ import annotations

import httpx
from fastapi import Request, Response
from opentelemetry import propagate

from litemaas_servicekit.http import problem
from litemaas_servicekit.logs import correlation_id

# RFC 9110 hop-by-hop headers, plus what httpx recomputes
_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


def _forwarded_headers(request: Request) -> list[tuple[bytes, bytes]]:
    """The request's headers as the bytes that came (a header value may hold any byte but
    CR/LF/NUL; re-encoded as text for httpx, a non-ASCII one was a 500), less hop-by-hop ones,
    plus correlation, trace context and this hop in X-Forwarded-For."""
    context: dict[str, str] = {}
    propagate.inject(context)
    # Starlette decodes header bytes as latin-1: encoding back gives the bytes as they came
    ours = {"x-correlation-id": correlation_id.get() or "", **context}
    # RFC 7239 practice: append the peer this gateway saw; services trust the chain only from
    # the proxies they are configured to trust (auth's AUTH_TRUSTED_PROXIES)
    chain = [*request.headers.getlist("x-forwarded-for")]
    if request.client is not None:
        chain.append(request.client.host)
    if chain:
        ours["x-forwarded-for"] = ", ".join(chain)
    replaced = _HOP | set(ours) | {"traceparent"}
    headers = [
        (name, value)
        for name, value in request.headers.raw
        if name.decode("latin-1").lower() not in replaced
    ]
    return headers + [(k.encode(), v.encode("latin-1")) for k, v in ours.items()]


async def forward(
    client: httpx.AsyncClient, base_url: str, service: str, request: Request
) -> Response:
    headers = _forwarded_headers(request)
    # built as a bare Request, not with client.request(): the shared client's cookie jar (which
    # collects every upstream Set-Cookie) must never add one user's cookies to another's call
    # the path as it came, still percent-encoded: decoded, a %00 in it is a URL httpx refuses
    # (a 500 here); the service decides what the path means (a 422 for a NUL in an id)
    path = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
    outgoing = httpx.Request(
        request.method,
        f"{base_url}{path.split('?', 1)[0]}",
        params=request.query_params,
        headers=headers,
        content=await request.body(),
        extensions={"timeout": client.timeout.as_dict()},  # what client.request() would set
    )
    try:
        upstream = await client.send(outgoing)
    except httpx.TransportError:
        return problem(503, f"The {service} service is unavailable; try again shortly.")
    response = Response(upstream.content, status_code=upstream.status_code)
    # every Set-Cookie, not only the last; as bytes: decoded as text (UTF-8 when it parses),
    # an echoed header such as X-Correlation-ID no longer fit latin-1 on the way out (a 500)
    for name, value in upstream.headers.raw:
        if name.decode("latin-1").lower() not in _HOP | {"content-encoding"}:
            response.raw_headers.append((name.lower(), value))
    return response
