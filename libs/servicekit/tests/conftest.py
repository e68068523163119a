"""A scratch database on the test stack's PostgreSQL, for servicekit's own integration tests,
and batch consumers built on it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import pytest
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated
from litemaas_servicekit.batch import BatchConsumer, BatchHandler
from litemaas_servicekit.consumer import EventConsumer
from litemaas_servicekit.db import make_sessions
from litemaas_servicekit.inbox import inbox_table
from tests.support.stack import Stack

MakeConsumer = Callable[..., Awaitable[BatchConsumer]]


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


@pytest.fixture
def batch_consumer(engine: AsyncEngine) -> MakeConsumer:
    """``make(name, handler, dead_letters, **options)``: a batch consumer of UserCreated on the
    scratch database (its inbox created), two attempts, dead letters to ``dead_letters``."""

    async def make(
        name: str, handler: BatchHandler, dead_letters: Any, **options: Any
    ) -> BatchConsumer:
        inbox = inbox_table(MetaData())
        async with engine.begin() as conn:
            await conn.run_sync(inbox.metadata.create_all)

        async def one(session: AsyncSession, event: Any, envelope: Envelope) -> None:
            await handler(session, [(event, envelope)])

        single = EventConsumer(
            name=name,
            sessions=make_sessions(engine),
            inbox=inbox,
            handlers={UserCreated: one},
            producer=dead_letters,
            max_attempts=2,
            **options,
        )
        return BatchConsumer(single, handler)

    return make
