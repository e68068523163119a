"""Composition root of the keys service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from redis.asyncio import Redis

from litemaas_keys.adapters.repository import KeysTransactions
from litemaas_keys.adapters.sealed_outbox import prune_published_secrets
from litemaas_keys.adapters.tables import inbox, outbox
from litemaas_keys.app.keys import sweep
from litemaas_keys.entrypoints import api
from litemaas_keys.entrypoints.handlers import (
    CONSUMER,
    EXTERNAL_CONSUMER,
    EXTERNAL_TOPICS,
    QUOTAS_CONSUMER,
    QUOTAS_TOPICS,
    TOPICS,
    USERS_CONSUMER,
    USERS_TOPICS,
    external_handlers,
    handlers,
    quota_handlers,
    user_handlers,
)
from litemaas_keys.settings import KeysSettings
from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import make_engine, make_sessions, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import verifier_for

SOURCE = "/litemaas/keys"
log = logging.getLogger(__name__)


def build_app(settings: KeysSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value())
    sessions = make_sessions(engine)
    events = Outbox(outbox, SOURCE)
    tx = KeysTransactions(sessions, events)
    sealer = Sealer(settings.provisioning_key.get_secret_value() or "development-only")
    redis = Redis.from_url(settings.redis_url)
    consumers = Consumers.of_service(settings, "litemaas-keys", sessions, inbox)
    consumers.add(CONSUMER, handlers(events), *TOPICS)
    consumers.add(USERS_CONSUMER, user_handlers(events), *USERS_TOPICS)
    consumers.add(QUOTAS_CONSUMER, quota_handlers(events), *QUOTAS_TOPICS)
    consumers.add(EXTERNAL_CONSUMER, external_handlers(events), *EXTERNAL_TOPICS)
    warn_ahead = timedelta(hours=settings.expiry_warning_hours)

    async def sweeping() -> None:
        while True:
            try:
                await sweep(tx, warn_ahead)
                await prune_published_secrets(engine)
            except Exception:
                log.exception("key sweep failed; retrying")
            await asyncio.sleep(settings.sweep_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await consumers.start()
        task = asyncio.create_task(sweeping(), name="key-sweep")
        try:
            yield
        finally:
            task.cancel()
            await consumers.stop()
            await redis.aclose()
            await engine.dispose()

    app = create_app(
        title="LiteMaaS keys",
        lifespan=lifespan,
        routers=[api.router(tx, sealer, settings, verifier_for(settings, redis))],
        readiness={"database": lambda: ping(engine), "kafka": consumers.ready()},
    )
    return app


SPEC = ServiceSpec(
    name="keys",
    settings=KeysSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
