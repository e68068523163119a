"""Kafka clients and topic administration."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import (
    InvalidProducerEpoch,
    OutOfOrderSequenceNumber,
    ProducerFenced,
    TopicAlreadyExistsError,
    UnknownProducerId,
)

from litemaas_contracts.topics import Topic
from litemaas_servicekit.kafka_security import client_options

log = logging.getLogger(__name__)


#: errors after which an idempotent producer cannot go on (seen after a broker restart): only a
#: new producer, with a new producer id and sequence numbers, can publish again
PRODUCER_FATAL = (OutOfOrderSequenceNumber, UnknownProducerId, InvalidProducerEpoch, ProducerFenced)


def producer_is_broken(exc: BaseException) -> bool:
    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, PRODUCER_FATAL):
            return True
        current = current.__cause__ or current.__context__
    return False


def make_producer(bootstrap: str, client_id: str) -> AIOKafkaProducer:
    """Idempotent producer that waits for every in-sync replica: no loss, no duplicates on retry."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        request_timeout_ms=15_000,
        **client_options(),
    )


def _new_topics(topics: Iterable[Topic], replication: int) -> list[NewTopic]:
    out = []
    for topic in topics:
        configs = topic.configs()
        out.append(NewTopic(topic.name, topic.partitions, replication, topic_configs=configs))
        if topic.dlq:
            dlq_configs = topic.dlq_configs()
            out.append(NewTopic(topic.dlq_name, 1, replication, topic_configs=dlq_configs))
    return out


async def _align_configs(admin: AIOKafkaAdminClient, topics: list[NewTopic]) -> list[str]:
    """Existing topics get the registry's configs too (a retention promise changed since they
    were made). Only the configs the registry names are compared; AlterConfigs sets them all."""
    if not topics:
        return []
    asked = [ConfigResource(ConfigResourceType.TOPIC, t.name) for t in topics]
    current = {
        res[3]: {entry[0]: entry[1] for entry in res[4]}
        for response in await admin.describe_configs(asked)
        for res in response.resources
    }
    stale = [
        t
        for t in topics
        if any(current.get(t.name, {}).get(k) != v for k, v in t.topic_configs.items())
    ]
    if not stale:
        return []
    changes = [ConfigResource(ConfigResourceType.TOPIC, t.name, t.topic_configs) for t in stale]
    for response in await admin.alter_configs(changes):
        for error_code, message, _, name in response.resources:
            if error_code:
                raise RuntimeError(f"cannot set the configs of topic {name}: {message}")
    names = [t.name for t in stale]
    log.info("topic configs brought in step with the registry", extra={"topics": names})
    return names


async def ensure_topics(bootstrap: str, topics: Iterable[Topic], replication: int = 1) -> list[str]:
    """Create the topics that do not exist yet, and align the configs of those that do;
    returns the names created."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="litemaas-topics", **client_options()
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        specs = _new_topics(topics, replication)
        await _align_configs(admin, [t for t in specs if t.name in existing])
        wanted = [t for t in specs if t.name not in existing]
        if not wanted:
            return []
        try:
            await admin.create_topics(wanted)
        except TopicAlreadyExistsError:
            log.info("another process created some of the topics first")
        return [t.name for t in wanted]
    finally:
        await admin.close()


class ManagedProducer:
    """A producer built when its owner starts (aiokafka needs a running loop to build one)."""

    def __init__(self, bootstrap: str, client_id: str) -> None:
        self.bootstrap = bootstrap
        self.client_id = client_id
        self._producer: AIOKafkaProducer | None = None

    async def start(self) -> None:
        self._producer = make_producer(self.bootstrap, self.client_id)
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def send_and_wait(self, topic: str, **kwargs: Any) -> None:
        if self._producer is None:
            raise RuntimeError(f"producer {self.client_id} used before start()")
        try:
            await self._producer.send_and_wait(topic, **kwargs)
        except PRODUCER_FATAL as exc:
            log.warning(
                "the producer cannot go on; a new one takes over", extra={"error": repr(exc)}
            )
            await self.stop()
            await self.start()
            raise ConnectionError(f"the Kafka producer was renewed after {exc!r}") from exc
