"""Composition root of the sync service."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import make_engine, make_sessions, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.resilience import CircuitBreaker
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import verifier_for
from litemaas_sync.adapters.kafka_lag import ConsumerLag
from litemaas_sync.adapters.litellm import LiteLLMAdmin, LiteLLMTeams
from litemaas_sync.adapters.litellm_budgets import LiteLLMBudgets
from litemaas_sync.adapters.litellm_keys import LiteLLMKeys
from litemaas_sync.adapters.litellm_spend import LiteLLMSpendLogs
from litemaas_sync.adapters.litellm_state import LiteLLMState, WriteCounter
from litemaas_sync.adapters.tables import inbox, outbox
from litemaas_sync.entrypoints.budget_handlers import (
    BUDGETS_CONSUMER,
    BUDGETS_TOPICS,
    BudgetWatch,
    budget_handlers,
)
from litemaas_sync.entrypoints.handlers import CONSUMER, TOPICS, handlers
from litemaas_sync.entrypoints.integration import Integration
from litemaas_sync.entrypoints.integration import router as integration_router
from litemaas_sync.entrypoints.key_handlers import (
    KEYS_CONSUMER,
    KEYS_TOPICS,
    SECRETS_CONSUMER,
    SECRETS_TOPICS,
    key_handlers,
    secret_handlers,
)
from litemaas_sync.entrypoints.model_pull import ModelPull
from litemaas_sync.entrypoints.model_pull import router as model_pull_router
from litemaas_sync.entrypoints.reconcile_api import Reconciler
from litemaas_sync.entrypoints.reconcile_api import router as reconcile_router
from litemaas_sync.entrypoints.secret_prune import SecretPrune
from litemaas_sync.entrypoints.spend import SpendIngestion
from litemaas_sync.entrypoints.spend import router as spend_router
from litemaas_sync.entrypoints.spend_report_api import router as spend_report_router
from litemaas_sync.settings import SyncSettings

SOURCE = "/litemaas/sync"


def build_app(settings: SyncSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value())
    breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_reset_seconds)
    litellm = LiteLLMAdmin(
        settings.litellm_url,
        settings.litellm_master_key.get_secret_value(),
        timeout=settings.litellm_timeout_seconds,
        breaker=breaker,
    )
    sessions = make_sessions(engine)
    redis = Redis.from_url(settings.redis_url)
    events = Outbox(outbox, SOURCE)
    opener = Sealer(settings.provisioning_key.get_secret_value() or "development-only")
    consumers = Consumers.of_service(settings, "litemaas-sync", sessions, inbox)
    keys = LiteLLMKeys(litellm)
    verifier = verifier_for(settings, redis)
    # two-way sync: every LiteLLM write counted, the desired state kept, writes read back
    writes, state = WriteCounter(), LiteLLMState(litellm)
    writes.attach(litellm.http)
    reconciler = Reconciler(
        state, sessions, events, settings.policies(), settings.reconcile_seconds, writes
    )
    teams = LiteLLMTeams(litellm)
    consumers.add(CONSUMER, handlers(litellm, teams, keys, events, state), *TOPICS)
    consumers.add(KEYS_CONSUMER, key_handlers(keys, opener, events, state), *KEYS_TOPICS)
    consumers.add(SECRETS_CONSUMER, secret_handlers(), *SECRETS_TOPICS)
    budgets = LiteLLMBudgets(litellm)
    billing_http = httpx.AsyncClient(
        base_url=settings.billing_url, timeout=settings.litellm_timeout_seconds
    )
    consumers.add(BUDGETS_CONSUMER, budget_handlers(budgets, events), *BUDGETS_TOPICS)
    budget_watch = BudgetWatch(
        budgets,
        sessions,
        events,
        settings.budget_watch_seconds,
        timedelta(seconds=settings.budget_reset_tolerance_seconds),
    )
    model_pull = ModelPull(
        litellm,
        sessions,
        events,
        settings.model_pull_seconds,
        settings.model_retire_after_pulls,
    )
    secret_prune = SecretPrune(sessions, settings.secret_prune_seconds)
    spend = SpendIngestion(
        LiteLLMSpendLogs(litellm),
        sessions,
        events,
        interval=settings.spend_pull_seconds,
        lag=settings.spend_lag_seconds,
        overlap=settings.spend_overlap_seconds,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await consumers.start()
        background = [
            asyncio.create_task(model_pull.run_forever(), name="model-pull"),
            asyncio.create_task(secret_prune.run_forever(), name="secret-prune"),
            asyncio.create_task(spend.run_forever(), name="spend-pull"),
            asyncio.create_task(budget_watch.run_forever(), name="budget-watch"),
            asyncio.create_task(reconciler.run_forever(), name="reconcile"),
        ]
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await consumers.stop()
            await litellm.close()
            await billing_http.aclose()
            await redis.aclose()
            await engine.dispose()

    integration = Integration(
        settings.litellm_url,
        litellm,
        sessions,
        consumers,
        ConsumerLag(
            settings.kafka_bootstrap,
            {
                CONSUMER: TOPICS,
                KEYS_CONSUMER: KEYS_TOPICS,
                SECRETS_CONSUMER: SECRETS_TOPICS,
                BUDGETS_CONSUMER: BUDGETS_TOPICS,
            },
        ),
        pulls={
            "models": model_pull.history,
            "spend": spend.history,
            "reconcile": reconciler.history,
        },
        drift_counts=reconciler.drift_counts,
        extras=lambda: {
            "spend_pull": spend.last_pull,
            "budget_resets_late": budget_watch.late,
            "reconcile": reconciler.health(),
        },
    )

    return create_app(
        title="LiteMaaS sync",
        lifespan=lifespan,
        routers=[
            integration_router(integration),
            model_pull_router(model_pull, verifier),
            reconcile_router(reconciler, verifier),
            spend_report_router(
                billing_http, LiteLLMSpendLogs(litellm), budgets, sessions, verifier
            ),
            spend_router(spend, verifier, settings.spend_push_secret.get_secret_value()),
        ],
        readiness={"database": lambda: ping(engine), "kafka": consumers.ready()},
    )


SPEC = ServiceSpec(
    name="sync",
    settings=SyncSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
