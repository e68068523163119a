"""Composition root of the auth service: everything is built from settings, nothing at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from redis.asyncio import Redis

from litemaas_auth.adapters.login_attempts import LoginAttempts
from litemaas_auth.adapters.oidc import OidcProvider
from litemaas_auth.adapters.openshift import OpenShiftOAuth
from litemaas_auth.adapters.principals import LocalVerifier
from litemaas_auth.adapters.rate_limit import RedisRateLimit
from litemaas_auth.adapters.repository import SqlTransactions, reseed_epochs
from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.adapters.tables import inbox, outbox
from litemaas_auth.adapters.team_repository import TeamTransactions
from litemaas_auth.adapters.tokens import JwtTokens
from litemaas_auth.entrypoints import (
    admin_users_api,
    jwks,
    provider_login,
    sessions_api,
    teams_api,
)
from litemaas_auth.entrypoints.api import router
from litemaas_auth.entrypoints.handlers import (
    EXTERNAL_CONSUMER,
    EXTERNAL_TOPICS,
    external_handlers,
)
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import make_engine, make_sessions, ping
from litemaas_servicekit.http import create_app
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.runner import ServiceSpec
from litemaas_servicekit.security import RedisRevocations

SOURCE = "/litemaas/auth"
log = logging.getLogger(__name__)


def build_app(settings: AuthSettings) -> FastAPI:
    engine = make_engine(settings.database_url.get_secret_value())
    sessions, events = make_sessions(engine), Outbox(outbox, SOURCE)
    redis = Redis.from_url(settings.redis_url)
    revocations = RedisRevocations(redis)
    transactions = SqlTransactions(sessions, events, revocations)
    team_tx = TeamTransactions(sessions, events)
    tokens = JwtTokens(
        settings.jwt_signing_key.get_secret_value(),
        settings.jwt_issuer,
        timedelta(minutes=settings.access_token_minutes),
    )
    refresh = RefreshTokens(sessions, timedelta(days=settings.refresh_token_days))
    login_rate = RedisRateLimit(redis, settings.login_rate_per_minute)
    verifier = LocalVerifier(tokens, revocations)
    http = httpx.AsyncClient(timeout=10)
    openshift = (
        OpenShiftOAuth(
            settings.openshift_api_url,
            settings.openshift_client_id,
            settings.openshift_client_secret.get_secret_value(),
            settings.openshift_scopes,
            http,
        )
        if settings.openshift_api_url
        else None
    )
    oidc = (
        OidcProvider(
            settings.oidc_issuer,
            settings.oidc_client_id,
            settings.oidc_client_secret.get_secret_value(),
            settings.oidc_scopes,
            http,
            settings.oidc_groups_claim,
        )
        if settings.oidc_issuer
        else None
    )
    attempts = LoginAttempts(sessions)
    consumers = Consumers.of_service(settings, "litemaas-auth", sessions, inbox)
    consumers.add(EXTERNAL_CONSUMER, external_handlers(events, revocations), *EXTERNAL_TOPICS)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # before serving: a Redis that lost its data must not revive ended tokens
        reseeded = await reseed_epochs(sessions, revocations)
        log.info("access epochs written to Redis", extra={"users": reseeded})
        await consumers.start()
        try:
            yield
        finally:
            await consumers.stop()
        await http.aclose()
        await redis.aclose()
        await engine.dispose()

    return create_app(
        title="LiteMaaS auth",
        lifespan=lifespan,
        routers=[
            router(settings, transactions, tokens, refresh, verifier),
            sessions_api.router(transactions, tokens, refresh, revocations, verifier),
            jwks.router(tokens),
            provider_login.router(
                "openshift",
                "AUTH_OPENSHIFT_API_URL",
                openshift,
                attempts,
                settings,
                transactions,
                tokens,
                refresh,
                login_rate,
            ),
            provider_login.router(
                "oidc",
                "AUTH_OIDC_ISSUER",
                oidc,
                attempts,
                settings,
                transactions,
                tokens,
                refresh,
                login_rate,
            ),
            teams_api.router(team_tx, verifier),
            admin_users_api.router(transactions, verifier),
        ],
        readiness={
            "database": lambda: ping(engine),
            "redis": redis.ping,
            "kafka": consumers.ready(),
        },
    )


SPEC = ServiceSpec(
    name="auth",
    settings=AuthSettings,
    app=build_app,
    migrations=Path(__file__).parent / "migrations",
    outbox=outbox,
)
