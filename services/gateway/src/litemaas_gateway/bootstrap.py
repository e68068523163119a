"""Composition root of the gateway."""

from __future__ import annotations

import asyncio
import gc
import html
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import redis.asyncio as aioredis
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from litemaas_gateway import events_api, playground
from litemaas_gateway.edge import Edge
from litemaas_gateway.limiting import RedisLimiter
from litemaas_gateway.live import LiveStore
from litemaas_gateway.notifier import notifier, run
from litemaas_gateway.openapi import CombinedOpenApi
from litemaas_gateway.policy import Policy, networks
from litemaas_gateway.proxy import Pool, new_session
from litemaas_gateway.settings import GatewaySettings
from litemaas_gateway.site import Site
from litemaas_gateway.subjects import Subjects
from litemaas_servicekit.http import create_app, problem
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.security import RedisRevocations, verifier_for


def build_app(settings: GatewaySettings) -> FastAPI:
    client = httpx.AsyncClient(timeout=settings.upstream_timeout_seconds)
    upstreams = settings.upstreams()
    site = Site(settings.static_dir)
    limiter = RedisLimiter.from_settings(
        settings.redis_url, settings.per_user_limit, settings.per_address_limit
    )
    policy = Policy(networks(settings.trusted_proxies), force_hsts=settings.hsts)
    edge: list[Edge] = []  # built with the middleware stack (for the lifespan, first of all)
    redis = aioredis.Redis.from_url(settings.redis_url)
    # waiting streams each hold a connection: a pool of their own, bounded
    waiting = aioredis.Redis.from_url(
        settings.redis_url,
        max_connections=settings.events_max_connections,
        socket_timeout=settings.events_block_seconds + 10,  # a blocking read is not a stall
    )
    store = LiveStore(
        waiting,
        maxlen=settings.events_stream_maxlen,
        ttl_seconds=settings.events_stream_ttl_seconds,
    )
    broker = notifier(settings.kafka_bootstrap, store) if settings.notifier_enabled else None
    checked = verifier_for(settings, redis)  # the gateway's own routes check access fully

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        edge[0].session = new_session(settings.upstream_timeout_seconds)
        stop = asyncio.Event()
        task = asyncio.create_task(run(broker, stop)) if broker is not None else None
        # what start-up made lives as long as the process: out of the collector's sight, a
        # full collection under load no longer walks ~150,000 objects (a p99 spike)
        gc.collect()
        gc.freeze()
        yield
        stop.set()
        if task is not None:
            await task
        await edge[0].session.close()
        await client.aclose()
        await waiting.aclose()
        await redis.aclose()

    async def status() -> dict[str, str]:
        async def one(url: str) -> str:
            try:
                response = await client.get(f"{url}/health/ready", timeout=3)
            except httpx.TransportError:
                return "unreachable"
            return "ready" if response.status_code == 200 else "not ready"

        async def service(urls: tuple[str, ...]) -> str:
            """Ready while one instance is: the gateway passes over the others."""
            found = await asyncio.gather(*(one(u) for u in urls))
            return min(found, key=["ready", "not ready", "unreachable"].index)

        results = await asyncio.gather(*(service(u) for u in upstreams.values()))
        return dict(zip(upstreams, results, strict=True))

    pages = APIRouter()

    @pages.get("/api/v1/status", tags=["status"], summary="Readiness of every service")
    async def services_status() -> dict[str, str]:
        return await status()

    @pages.get(
        "/api/v1/openapi.json",
        tags=["status"],
        summary="The whole API: every service's OpenAPI document in one (cached 30 s)",
    )
    async def combined_openapi() -> Response:
        return Response(await combined.document(), media_type="application/json")

    @pages.api_route(
        "/api/v1/{path:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def unrouted(request: Request, path: str) -> Response:
        """What the edge did not forward: no service owns this path."""
        return problem(404, f"No service answers {request.url.path}.")

    @pages.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def ui(request: Request, path: str) -> Response:
        """The built UI, or the status page while there is none."""
        asset = site.resolve(request.url.path)
        if asset is not None:
            answer = FileResponse(
                asset.file, headers={"Cache-Control": asset.cache_control}, stat_result=asset.stat()
            )
            if request.headers.get("if-none-match") == answer.headers["etag"]:
                kept = {k: answer.headers[k] for k in ("etag", "cache-control", "last-modified")}
                return Response(status_code=304, headers=kept)  # the browser's copy is current
            return answer
        if request.url.path == "/" and not site.built():
            return HTMLResponse(await _status_page(status), headers={"Cache-Control": "no-cache"})
        return problem(404, f"Nothing at {request.url.path}.")

    own = [
        events_api.router(
            store,
            checked,
            RedisRevocations(redis),
            block_seconds=settings.events_block_seconds,
            ping_seconds=settings.events_ping_seconds,
        ),
        playground.router(
            lambda: edge[0].session if edge else None,
            checked,
            keys=Pool(upstreams["keys"]),  # the key's lookup, passing over a dead instance
            litellm_url=settings.litellm_url.rstrip("/"),
            read_timeout=settings.playground_read_timeout_seconds,
        ),
    ]
    app = create_app(title="LiteMaaS gateway", lifespan=lifespan, routers=[*own, pages])
    combined = CombinedOpenApi(client, upstreams, app.openapi(), settings.openapi_cache_seconds)
    inner = app.build_middleware_stack

    def outermost() -> ASGIApp:
        """The edge in front of everything else, telemetry included (see ``edge``)."""
        subjects = Subjects(verifier_for(settings))
        edge[:] = [
            Edge(inner(), upstreams=upstreams, policy=policy, subjects=subjects, limiter=limiter)
        ]
        if not settings.cors_origins:
            return edge[0]
        return CORSMiddleware(
            edge[0],
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Correlation-ID"],
            expose_headers=["X-Correlation-ID", "Retry-After"],
            max_age=600,
        )

    app.build_middleware_stack = outermost  # type: ignore[method-assign]
    return app


async def _status_page(status: Callable[[], Awaitable[dict[str, str]]]) -> str:
    results = await status()
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in results.items()
    )
    return (
        "<!doctype html><title>LiteMaaS</title><h1>LiteMaaS</h1>"
        "<p>The platform is running. The web UI is not built yet "
        "(<code>scripts/frontend build</code> makes <code>frontend/dist</code>); "
        "the API is under <code>/api/v1</code> "
        "(<a href='/docs'>gateway docs</a>, <a href='/api/v1/openapi.json'>OpenAPI</a>).</p>"
        f"<table><tr><th>service</th><th>status</th></tr>{rows}</table>"
    )


SPEC = ServiceSpec(name="gateway", settings=GatewaySettings, app=build_app)
