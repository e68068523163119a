"""Composition root of the billing service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from redis.asyncio import Redis

from litemaas_billing.adapters.tables import inbox, outbox
from litemaas_billing.adapters.usage import UsageQueries
from litemaas_billing.entrypoints import api
from litemaas_billing.entrypoints.handlers import (
    KEYS_CONSUMER,
    KEYS_TOPICS,
    LEDGER_CONSUMER,
    LEDGER_TOPICS,
    key_handlers,
    ledger_handlers,
)
from litemaas_billing.settings import BillingSettings
from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import make_engine, make_sessions, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.security import verifier_for


def build_app(settings: BillingSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value())
    sessions = make_sessions(engine)
    redis = Redis.from_url(settings.redis_url)
    consumers = Consumers(
        settings.kafka_bootstrap,
        "litemaas-billing",
        sessions,
        inbox,
        settings.consumer_max_attempts,
        failpoint=settings.active_consumer_failpoint,
    )
    consumers.add(KEYS_CONSUMER, key_handlers(), *KEYS_TOPICS)
    consumers.add(LEDGER_CONSUMER, ledger_handlers(), *LEDGER_TOPICS)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await consumers.start()
        try:
            yield
        finally:
            await consumers.stop()
            await redis.aclose()
            await engine.dispose()

    return create_app(
        title="LiteMaaS billing",
        lifespan=lifespan,
        routers=[api.router(UsageQueries(sessions), verifier_for(settings, redis))],
        readiness={"database": lambda: ping(engine), "kafka": consumers.ready()},
    )


SPEC = ServiceSpec(
    name="billing",
    settings=BillingSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
