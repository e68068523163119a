"""Records that arrive before what they need from another stream (``ordering.NotYet``), against
a real PostgreSQL: a young one waits for it, attempts not counted, and is applied when it comes;
one past the wait window is dead-lettered with its reason, as any failure is."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated
from litemaas_servicekit.batch import BatchConsumer
from litemaas_servicekit.dead_letters import Record
from litemaas_servicekit.ordering import NotYet

pytestmark = [pytest.mark.integration]
#: the ``batch_consumer`` fixture (conftest.py)
MakeConsumer = Callable[..., Awaitable[BatchConsumer]]
TOPIC = "litemaas.auth.users.v1"


class OwnerNotHereYet(NotYet):
    """A domain's reason, named in the dead letter."""


@dataclass
class World:
    """Users whose "owner" has arrived; the handler refuses the others with NotYet."""

    arrived: set[str] = field(default_factory=set)
    applied: list[list[str]] = field(default_factory=list)
    dead: list[dict[str, Any]] = field(default_factory=list)
    #: set once the handler has refused a record for want of its owner
    refused: asyncio.Event = field(default_factory=asyncio.Event)

    async def handler(self, session: AsyncSession, events: Sequence[tuple[Any, Envelope]]) -> None:
        for event, _ in events:
            if event.username.startswith("waits") and event.user_id not in self.arrived:
                self.refused.set()
                raise OwnerNotHereYet(f"{event.user_id} has no owner yet")
        self.applied.append([e.user_id for e, _ in events])

    async def send_and_wait(self, topic: str, **record: Any) -> None:
        self.dead.append({"topic": topic, **record})

    def reasons(self) -> list[bytes]:
        return [dict(d["headers"])["dlq_error_type"] for d in self.dead]


def _record(offset: int, user_id: str, name: str, age: timedelta = timedelta(0)) -> Record:
    event = UserCreated(user_id=user_id, username=name, created_at=datetime.now(UTC))
    envelope = Envelope.new(type=event.event_type, source="/tests", subject=user_id)
    envelope = replace(envelope, time=envelope.time - age)
    return Record(
        TOPIC,
        0,
        offset,
        user_id.encode(),
        event.model_dump_json().encode(),
        tuple(envelope.to_headers()),
    )


async def _attempts_counted(engine: AsyncEngine, consumer: BatchConsumer) -> int:
    async with engine.connect() as conn:
        found = await conn.execute(
            select(func.count()).select_from(consumer.single.lot.book.attempts)
        )
        return int(found.scalar_one())


async def test_a_record_that_came_first_waits_for_what_it_needs_and_keeps_its_order(
    batch_consumer: MakeConsumer, engine: AsyncEngine
) -> None:
    world = World()
    consumer = await batch_consumer("tests.waiting", world.handler, world, wait_window=60)
    before, waiting, after = (str(uuid.uuid4()) for _ in range(3))

    async def arrives_later() -> None:
        await world.refused.wait()  # it came first, and was told "not yet"
        world.arrived.add(waiting)

    later = asyncio.create_task(arrives_later())
    await consumer.process_batch(
        [_record(0, before, "before"), _record(1, waiting, "waits"), _record(2, after, "after")]
    )
    await later
    assert world.applied == [[before], [waiting], [after]], "each in order, none lost"
    assert world.dead == []
    assert await _attempts_counted(engine, consumer) == 0, "waiting is not failing"


async def test_a_record_past_the_wait_window_is_dead_lettered_with_its_reason(
    batch_consumer: MakeConsumer,
) -> None:
    world = World()
    consumer = await batch_consumer("tests.waiting", world.handler, world, wait_window=60)
    old, other = str(uuid.uuid4()), str(uuid.uuid4())
    await consumer.process_batch(
        [_record(0, old, "waits", age=timedelta(minutes=5)), _record(1, other, "other")]
    )
    assert world.reasons() == [b"OwnerNotHereYet"]
    assert dict(world.dead[0]["headers"])["dlq_reason"] == f"{old} has no owner yet".encode()
    assert world.applied == [[other]], "the other key goes on"


@pytest.mark.parametrize(
    "age",
    [timedelta(0), -timedelta(days=365)],
    ids=["its need never comes", "dated a year ahead: its own clock does not extend the wait"],
)
async def test_a_young_record_reaches_the_dlq_once_the_window_ends(
    batch_consumer: MakeConsumer, age: timedelta
) -> None:
    world = World()
    consumer = await batch_consumer("tests.waiting", world.handler, world, wait_window=1.5)
    never = str(uuid.uuid4())
    await consumer.process_batch([_record(0, never, "waits", age=age)])
    assert world.reasons() == [b"OwnerNotHereYet"], "bounded: it does not wait for ever"
    assert world.applied == []
