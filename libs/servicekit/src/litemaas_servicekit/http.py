"""The HTTP face every service shares: problem+json errors, correlation ids, health, metrics."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from http import HTTPStatus
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST, Histogram, generate_latest
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from litemaas_servicekit.errors import Problem
from litemaas_servicekit.faults import is_transient
from litemaas_servicekit.logs import correlation_id

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
ReadinessCheck = Callable[[], Awaitable[object]]
REQUESTS = Histogram(
    "litemaas_http_request_duration_seconds", "HTTP requests", ["method", "route", "status"]
)


def problem(status: int, detail: str, title: str | None = None, **ext: Any) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **ext,
    }
    if cid := correlation_id.get():
        body["correlation_id"] = cid
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        body = exc.body(request.url.path)
        if cid := correlation_id.get():
            body["correlation_id"] = cid
        return JSONResponse(body, status_code=exc.status, media_type=PROBLEM_JSON)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field'] or 'body'}: {e['message']}" for e in errors)
        return problem(422, f"The request is not valid: {summary}", "Invalid input", errors=errors)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail))

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        """The database's refusals, by SQLSTATE class, as what they mean to the caller."""
        state = str(getattr(exc.orig, "sqlstate", "") or "")
        if state.startswith("23"):  # integrity: a unique race, a row gone meanwhile
            log.info("integrity conflict", extra={"path": request.url.path, "sqlstate": state})
            return problem(409, "Someone made a conflicting change at the same moment; look again.")
        if state.startswith("22"):  # data exception: a value the column cannot hold
            log.warning("value refused by the database", extra={"path": request.url.path})
            return problem(422, "A value is out of the range this field accepts.", "Invalid input")
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if is_transient(exc):  # the database, Redis or Kafka is away: not the caller's fault
            log.warning("dependency unavailable", extra={"path": request.url.path})
            response = problem(503, "A dependency is unavailable; try again shortly.")
            response.headers["Retry-After"] = "5"
            return response
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem(500, "An unexpected error occurred; the correlation id identifies it.")


def _health_router(readiness: Mapping[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        results: dict[str, str] = {}
        details: dict[str, object] = {}
        for name, check in readiness.items():
            try:
                value = await asyncio.wait_for(check(), timeout=3)
                results[name] = "ok"
                if isinstance(value, dict):
                    details[name] = value  # information, such as parked keys; not a failure
            except Exception as exc:
                results[name] = f"failing: {type(exc).__name__}"
        ok = all(v == "ok" for v in results.values())
        body: dict[str, object] = {"status": "ok" if ok else "unavailable", "checks": results}
        if details:
            body["details"] = details
        return JSONResponse(body, status_code=200 if ok else 503)

    @router.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


class Correlate:
    """The correlation id in (or a new one) and out on every answer, and the request metric by
    route. Plain ASGI: Starlette's ``@app.middleware("http")`` runs each request through an extra
    task and memory stream, a cost measured on every call through the gateway."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        came = next((v for k, v in scope["headers"] if k == b"x-correlation-id"), None)
        cid = came.decode("latin-1")[:100] if came else str(uuid.uuid4())
        token = correlation_id.set(cid)
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                kept = [(k, v) for k, v in message.get("headers", []) if k != b"x-correlation-id"]
                kept.append((b"x-correlation-id", cid.encode("latin-1")))
                message = {**message, "headers": kept}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            correlation_id.reset(token)
            route = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], route, status).observe(time.perf_counter() - started)


def create_app(
    *,
    title: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    routers: Sequence[APIRouter] = (),
    readiness: Mapping[str, ReadinessCheck] | None = None,
) -> FastAPI:
    app = FastAPI(title=title, version="0.1.0", lifespan=lifespan)
    _install_error_handlers(app)

    app.add_middleware(Correlate)

    app.include_router(_health_router(readiness or {}))
    for router in routers:
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="health/.*,metrics")
    return app
