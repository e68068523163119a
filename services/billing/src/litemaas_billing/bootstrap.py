"""Composition root of the billing service."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from litemaas_billing.adapters.alerts import delivery_tx
from litemaas_billing.adapters.budgets import BudgetTx
from litemaas_billing.adapters.credits import CreditTx
from litemaas_billing.adapters.inbox_views import AlertViews
from litemaas_billing.adapters.replay import ReplayTables
from litemaas_billing.adapters.senders import MailSender, WebhookSender
from litemaas_billing.adapters.tables import inbox, outbox
from litemaas_billing.adapters.usage import UsageQueries
from litemaas_billing.app.deliver import Sender, deliver_due
from litemaas_billing.app.periods import close_due
from litemaas_billing.app.statements import close_due as close_statements
from litemaas_billing.entrypoints import alerts_api, api, budgets_api, credits_api, statements_api
from litemaas_billing.entrypoints.budget_handlers import (
    ALERTS_CONSUMER,
    ALERTS_TOPICS,
    DIRECTORY_CONSUMER,
    DIRECTORY_TOPICS,
    alert_handlers,
    directory_handlers,
)
from litemaas_billing.entrypoints.handlers import (
    KEYS_CONSUMER,
    KEYS_TOPICS,
    LEDGER_CONSUMER,
    LEDGER_TOPICS,
    LEDGER_TYPES,
    key_handlers,
    ledger_handler,
)
from litemaas_billing.settings import BillingSettings
from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import make_engine, make_sessions, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import verifier_for

log = logging.getLogger(__name__)
SOURCE = "/litemaas/billing"


LEDGER_BATCH_RECORDS = 2000


def _every(seconds: float, name: str, work: Callable[[], Awaitable[object]]) -> asyncio.Task[None]:
    async def loop() -> None:
        while True:
            try:
                await work()
            except Exception:  # the database is back next round; the loop must not die
                log.exception("%s failed; retrying", name)
            await asyncio.sleep(seconds)

    return asyncio.create_task(loop(), name=name)


def build_app(settings: BillingSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value())
    sessions = make_sessions(engine)
    events = Outbox(outbox, SOURCE)
    budgets = BudgetTx(sessions, events)
    sealer = Sealer(settings.sealing_key)
    redis = Redis.from_url(settings.redis_url)
    http = httpx.AsyncClient(timeout=settings.webhook_timeout_seconds, follow_redirects=False)
    consumers = Consumers.of_service(settings, "litemaas-billing", sessions, inbox)
    consumers.add(KEYS_CONSUMER, key_handlers(), *KEYS_TOPICS)
    ledger = ledger_handler(events, settings.pricing)
    # 2,000 records a transaction: each batch also pays a fixed cost (the offset commit, the
    # next fetch), which at 500 took over a third of the time (benchmarks/billing_ingest.py: 15 %
    # faster drains); below a backlog batches stay small, so latency does not change
    consumers.add_batch(
        LEDGER_CONSUMER, ledger, LEDGER_TYPES, *LEDGER_TOPICS, max_records=LEDGER_BATCH_RECORDS
    )
    consumers.add(DIRECTORY_CONSUMER, directory_handlers(events), *DIRECTORY_TOPICS)
    mail = settings.smtp_host is not None
    consumers.add(ALERTS_CONSUMER, alert_handlers(mail=mail), *ALERTS_TOPICS)
    senders: dict[str, Sender] = {"webhook": WebhookSender(http, sealer)}
    if mail:
        senders["email"] = MailSender(settings)
    grace = timedelta(seconds=settings.period_grace_seconds)
    base_delay = timedelta(seconds=settings.delivery_retry_base_seconds)
    queue = delivery_tx(sessions)

    async def close_periods() -> None:
        while await close_due(budgets, datetime.now(UTC), grace):
            pass

    replayable = ReplayTables(sessions)

    async def make_statements() -> None:
        await close_statements(lambda: replayable.statements(None), datetime.now(UTC), grace)

    async def deliver() -> None:
        while await deliver_due(
            queue,
            senders,
            datetime.now(UTC),
            max_attempts=settings.delivery_max_attempts,
            base_delay=base_delay,
        ):
            pass

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await consumers.start()
        tasks = [
            _every(settings.period_tick_seconds, "budget-periods", close_periods),
            _every(settings.delivery_tick_seconds, "alert-delivery", deliver),
            _every(settings.period_tick_seconds, "statements", make_statements),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await consumers.stop()
            await http.aclose()
            await redis.aclose()
            await engine.dispose()

    verifier = verifier_for(settings, redis)
    return create_app(
        title="LiteMaaS billing",
        lifespan=lifespan,
        routers=[
            api.router(UsageQueries(sessions), verifier),
            budgets_api.router(budgets, verifier, allow_minute=settings.allow_minute_periods),
            credits_api.router(
                CreditTx(sessions, events),
                settings.pricing,
                settings.credits_low_balance,
                verifier,
            ),
            alerts_api.router(AlertViews(sessions), sealer, verifier),
            statements_api.router(replayable, verifier),
        ],
        readiness={"database": lambda: ping(engine), "kafka": consumers.ready()},
    )


SPEC = ServiceSpec(
    name="billing",
    settings=BillingSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
