"""The app of a service whose context is not built yet: its database, health and metrics only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from litemaas_servicekit.db import make_engine, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.settings import DatabaseSettings


def health_only_app(title: str, settings: DatabaseSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value(), pool_size=2)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    return create_app(title=title, lifespan=lifespan, readiness={"database": lambda: ping(engine)})
