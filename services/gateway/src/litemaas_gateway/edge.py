"""The outermost layer of the gateway, in front of everything the framework does: security
headers on every answer, the rate limits, and ``/api/v1/<routed>`` forwarded straight to its
service. What is not forwarded (status, the combined OpenAPI document, docs, health, the UI)
goes on to the FastAPI app behind."""

from __future__ import annotations

import time
import uuid
from typing import Any

import aiohttp
from opentelemetry import propagate, trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from litemaas_gateway.limiting import Limiter
from litemaas_gateway.policy import Headers, Policy
from litemaas_gateway.proxy import Pool, Unforwardable, Unreachable, forward, forwarded_headers
from litemaas_gateway.routes import service_for
from litemaas_gateway.subjects import Subjects
from litemaas_servicekit.http import REQUESTS, problem
from litemaas_servicekit.logs import correlation_id

FORWARDED_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
_TRACE = (b"traceparent", b"tracestate", b"baggage")
tracer = trace.get_tracer(__name__)


def _one(raw: Headers, name: bytes) -> bytes | None:
    return next((v for k, v in raw if k.lower() == name), None)


def _with_headers(send: Send, extra: Headers) -> Send:
    names = {k for k, _ in extra}

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
            message = {**message, "headers": kept + extra}
        await send(message)

    return sending


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


class Edge:
    def __init__(
        self,
        app: ASGIApp,
        *,
        upstreams: dict[str, tuple[str, ...]],
        policy: Policy,
        subjects: Subjects,
        limiter: Limiter | None,
    ) -> None:
        self.app = app
        #: each service's instances, taken in turn
        self.pools = {name: Pool(urls) for name, urls in upstreams.items()}
        self.policy = policy
        self.subjects = subjects
        self.limiter = limiter
        #: opened in the app's lifespan (an aiohttp session belongs to a running loop)
        self.session: aiohttp.ClientSession | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw: Headers = scope["headers"]
        path: str = scope["path"]
        peer = scope["client"][0] if scope.get("client") else None
        forwarded_proto = _one(raw, b"x-forwarded-proto")
        tls = self.policy.behind_tls(
            scope.get("scheme", "http"),
            peer,
            forwarded_proto.decode("latin-1") if forwarded_proto else None,
        )
        send = _with_headers(send, self.policy.headers(path, tls=tls))
        if path.startswith("/api/") and self.limiter is not None:
            chain = [v.decode("latin-1") for k, v in raw if k.lower() == b"x-forwarded-for"]
            user = await self.subjects.of(_one(raw, b"authorization"))
            refusal = await self.limiter.check(user, self.policy.client_address(peer, chain))
            if refusal is not None:
                detail = f"Too many requests from this {refusal.scope} ({refusal.limit})."
                answer = problem(429, f"{detail} Try again in {refusal.retry_after} s.")
                answer.headers["Retry-After"] = str(refusal.retry_after)
                await answer(scope, receive, send)
                return
        service = service_for(path)
        if service is None or scope["method"] not in FORWARDED_METHODS or self.session is None:
            await self.app(scope, receive, send)
            return
        await self._forward(service, scope, receive, send, raw, peer)

    async def _forward(
        self, service: str, scope: Scope, receive: Receive, send: Send, raw: Headers, peer: Any
    ) -> None:
        """One request to its service and the answer back, as the service gave it."""
        assert self.session is not None
        came = _one(raw, b"x-correlation-id")
        cid = came.decode("latin-1")[:100] if came else str(uuid.uuid4())
        token = correlation_id.set(cid)
        started = time.perf_counter()
        status = 500
        carrier = {k.decode(): v.decode("latin-1") for k, v in raw if k.lower() in _TRACE}
        try:
            with tracer.start_as_current_span(
                f"{scope['method']} {service}",
                context=propagate.extract(carrier),
                kind=trace.SpanKind.SERVER,
            ):
                context: dict[str, str] = {}
                propagate.inject(context)
                ours = {k.encode(): v.encode("latin-1") for k, v in context.items()}
                ours[b"x-correlation-id"] = cid.encode("latin-1")
                headers = forwarded_headers(raw, peer, ours)
                try:
                    status, answer, content = await forward(
                        self.session, self.pools[service], scope, headers, await _body(receive)
                    )
                except Unreachable:
                    response = problem(503, f"The {service} service is unavailable; try again.")
                except Unforwardable:
                    response = problem(400, "The request's path cannot be forwarded as it is.")
                else:
                    answer = [(k, v) for k, v in answer if k != b"x-correlation-id"]
                    answer += [
                        (b"x-correlation-id", cid.encode("latin-1")),
                        (b"content-length", str(len(content)).encode()),
                    ]
                    await send({"type": "http.response.start", "status": status, "headers": answer})
                    await send({"type": "http.response.body", "body": content})
                    return
                status = response.status_code
                response.headers["X-Correlation-ID"] = cid
                await response(scope, receive, send)
        finally:
            correlation_id.reset(token)
            REQUESTS.labels(scope["method"], f"/api/v1 -> {service}", status).observe(
                time.perf_counter() - started
            )
