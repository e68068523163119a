"""A scratch database on the test stack's PostgreSQL, for servicekit's own integration tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.support.stack import Stack


@pytest.fixture
async def engine(stack: Stack) -> AsyncIterator[AsyncEngine]:
    """A database of its own (advisory locks and tables are per database)."""
    name = f"kit_{uuid.uuid4().hex[:8]}"
    url = stack.endpoints["AUTH_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    host = url.split("@", 1)[1].split("/", 1)[0]
    admin = await asyncpg.connect(f"postgresql://postgres@{host}/postgres")
    await admin.execute(f'CREATE DATABASE "{name}"')
    engine = create_async_engine(f"postgresql+asyncpg://postgres@{host}/{name}")
    try:
        yield engine
    finally:
        await engine.dispose()
        await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        await admin.close()
