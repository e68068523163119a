"""Composition root of the catalog service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from redis.asyncio import Redis

from litemaas_catalog.adapters.repository import CatalogTransactions
from litemaas_catalog.adapters.tables import inbox, outbox
from litemaas_catalog.domain.subscriptions import Quota
from litemaas_catalog.entrypoints import models_api, subscriptions_api
from litemaas_catalog.entrypoints.handlers import CONSUMER, TOPICS, handlers
from litemaas_catalog.settings import CatalogSettings
from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import make_engine, make_sessions, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.security import verifier_for

SOURCE = "/litemaas/catalog"


def build_app(settings: CatalogSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value())
    sessions = make_sessions(engine)
    events = Outbox(outbox, SOURCE)
    transactions = CatalogTransactions(sessions, events)
    redis = Redis.from_url(settings.redis_url)
    verifier = verifier_for(settings, redis)
    consumers = Consumers.of_service(settings, "litemaas-catalog", sessions, inbox)
    consumers.add(CONSUMER, handlers(events), *TOPICS)
    quota = Quota(settings.default_requests_per_month, settings.default_tokens_per_month)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await consumers.start()
        try:
            yield
        finally:
            await consumers.stop()
            await redis.aclose()
            await engine.dispose()

    app = create_app(
        title="LiteMaaS catalog",
        lifespan=lifespan,
        routers=[
            models_api.router(transactions, verifier),
            subscriptions_api.router(transactions, verifier, quota),
        ],
        readiness={"database": lambda: ping(engine), "kafka": consumers.ready()},
    )
    return app


SPEC = ServiceSpec(
    name="catalog",
    settings=CatalogSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
