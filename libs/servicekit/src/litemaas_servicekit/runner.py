"""The command line of every service: ``python -m litemaas_<svc> serve|relay|migrate``."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import uvicorn
from fastapi import FastAPI
from prometheus_client import start_http_server
from sqlalchemy import Table

from litemaas_servicekit.db import make_engine
from litemaas_servicekit.kafka import make_producer
from litemaas_servicekit.logs import configure_logging
from litemaas_servicekit.relay import OutboxRelay
from litemaas_servicekit.settings import DatabaseSettings, ServiceSettings, load_settings
from litemaas_servicekit.telemetry import setup_tracing

S = TypeVar("S", bound=ServiceSettings)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceSpec(Generic[S]):
    name: str
    settings: type[S]
    app: Callable[[S], FastAPI]
    migrations: Path | None = None
    outbox: Table | None = None


def main(spec: ServiceSpec[S], argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "serve"
    settings = load_settings(spec.settings)
    configure_logging(spec.name, settings.log_level)
    setup_tracing(spec.name, settings.otlp_endpoint)
    if command == "serve":
        uvicorn.run(
            spec.app(settings),
            host=settings.http_host,
            port=settings.http_port,
            log_config=None,
            access_log=False,
        )
        return 0
    if command == "migrate" and spec.migrations and isinstance(settings, DatabaseSettings):
        from litemaas_servicekit.migrations import upgrade

        upgrade(settings.database_url.get_secret_value(), spec.migrations)
        log.info("migrations applied")
        return 0
    if command == "relay" and spec.outbox is not None and isinstance(settings, DatabaseSettings):
        asyncio.run(_relay(spec.name, settings, spec.outbox))
        return 0
    print(f"usage: python -m litemaas_{spec.name} serve|migrate|relay", file=sys.stderr)
    return 2


async def _relay(name: str, settings: DatabaseSettings, table: Table) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    failpoint = settings.relay_failpoint if settings.environment == "development" else ""
    if settings.relay_metrics_port:  # the relay has no HTTP app; its gauges need a scrape target
        start_http_server(settings.relay_metrics_port, addr=settings.http_host)
    engine = make_engine(settings.database_url.get_secret_value(), pool_size=2)
    producer = make_producer(settings.kafka_bootstrap, f"{name}-relay")
    while not stop.is_set():
        try:
            await producer.start()
            break
        except Exception as exc:
            log.warning("kafka not reachable yet", extra={"error": repr(exc)})
            await producer.stop()
            producer = make_producer(settings.kafka_bootstrap, f"{name}-relay")
            await asyncio.sleep(1)
    log.info("outbox relay started", extra={"failpoint": failpoint or None})
    relay = OutboxRelay(
        engine,
        table,
        producer,
        poll_seconds=settings.outbox_poll_seconds,
        failpoint=failpoint,
        new_producer=lambda: make_producer(settings.kafka_bootstrap, f"{name}-relay"),
    )
    try:
        await relay.run(stop)
    finally:
        await relay.producer.stop()
        await engine.dispose()
        log.info("outbox relay stopped")
