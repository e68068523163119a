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


async def forward(
    client: httpx.AsyncClient, base_url: str, service: str, request: Request
) -> Response:
    headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP}
    headers["x-correlation-id"] = correlation_id.get() or ""
    headers.pop("traceparent", None)
    propagate.inject(headers)
    try:
        upstream = await client.request(
            request.method,
            f"{base_url}{request.url.path}",
            params=request.query_params,
            headers=headers,
            content=await request.body(),
        )
    except httpx.TransportError:
        return problem(503, f"The {service} service is unavailable; try again shortly.")
    kept = {
        k: v for k, v in upstream.headers.items() if k.lower() not in _HOP | {"content-encoding"}
    }
    return Response(upstream.content, status_code=upstream.status_code, headers=kept)
