"""Composition root of the gateway."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import HTMLResponse

from litemaas_gateway.proxy import forward
from litemaas_gateway.routes import service_for
from litemaas_gateway.settings import GatewaySettings
from litemaas_servicekit.http import create_app, problem
from litemaas_servicekit.runner import ServiceSpec


def build_app(settings: GatewaySettings) -> FastAPI:
    client = httpx.AsyncClient(timeout=settings.upstream_timeout_seconds)
    upstreams = settings.upstreams()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await client.aclose()

    async def status() -> dict[str, str]:
        async def one(url: str) -> str:
            try:
                response = await client.get(f"{url}/health/ready", timeout=3)
            except httpx.TransportError:
                return "unreachable"
            return "ready" if response.status_code == 200 else "not ready"

        results = await asyncio.gather(*(one(u) for u in upstreams.values()))
        return dict(zip(upstreams, results, strict=True))

    pages = APIRouter()

    @pages.get("/api/v1/status", tags=["status"], summary="Readiness of every service")
    async def services_status() -> dict[str, str]:
        return await status()

    @pages.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home() -> str:
        rows = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
            for k, v in (await status()).items()
        )
        return (
            "<!doctype html><title>LiteMaaS</title><h1>LiteMaaS</h1>"
            "<p>The platform is running. The web UI arrives with its own issue; the API is "
            "under <code>/api/v1</code> (<a href='/docs'>gateway docs</a>).</p>"
            f"<table><tr><th>service</th><th>status</th></tr>{rows}</table>"
        )

    @pages.api_route(
        "/api/v1/{path:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def route(request: Request, path: str) -> Response:
        service = service_for(request.url.path)
        if service is None:
            return problem(404, f"No service answers {request.url.path}.")
        return await forward(client, upstreams[service], service, request)

    return create_app(title="LiteMaaS gateway", lifespan=lifespan, routers=[pages])


SPEC = ServiceSpec(name="gateway", settings=GatewaySettings, app=build_app)
