"""How many records sync's consumer groups have yet to read: work that waits in Kafka (for
example while LiteLLM is down). Asked of Kafka at most every ``ttl`` seconds, so a health
endpoint polled often costs Kafka little."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from litemaas_servicekit.kafka_security import client_options


class ConsumerLag:
    def __init__(self, bootstrap: str, groups: Mapping[str, Sequence[str]], *, ttl: float = 5.0):
        """``groups``: each consumer group and the topics it reads."""
        self.bootstrap, self.groups, self.ttl = bootstrap, dict(groups), ttl
        self._cached: dict[str, int] | None = None
        self._at = 0.0
        self._lock = asyncio.Lock()

    async def by_group(self) -> dict[str, int] | None:
        """Records behind per group (committed offset, or the log's start where the group has
        committed nothing yet, to the log's end); None when Kafka did not answer within a few
        seconds: lag unknown is not lag zero."""
        async with self._lock:
            if self._cached is None or time.monotonic() - self._at > self.ttl:
                try:
                    self._cached = await asyncio.wait_for(self._ask(), timeout=3)
                except Exception:  # the health endpoint must answer regardless
                    return None
                self._at = time.monotonic()
            return dict(self._cached)

    async def _ask(self) -> dict[str, int]:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, **client_options())
        reader = AIOKafkaConsumer(bootstrap_servers=self.bootstrap, **client_options())
        await admin.start()
        try:
            await reader.start()
            try:
                return {g: await self._behind(admin, reader, g) for g in self.groups}
            finally:
                await reader.stop()
        finally:
            await admin.close()

    async def _behind(
        self, admin: AIOKafkaAdminClient, reader: AIOKafkaConsumer, group: str
    ) -> int:
        described = await admin.describe_topics(list(self.groups[group]))
        partitions = [
            TopicPartition(topic["topic"], p["partition"])
            for topic in described
            for p in topic.get("partitions", ())
        ]
        if not partitions:
            return 0
        committed = await admin.list_consumer_group_offsets(group)
        starts = await reader.beginning_offsets(partitions)
        ends = await reader.end_offsets(partitions)
        return sum(
            max(0, ends[tp] - (committed[tp].offset if tp in committed else starts[tp]))
            for tp in partitions
        )
