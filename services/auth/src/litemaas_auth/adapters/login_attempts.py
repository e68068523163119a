"""Logins in flight through an identity provider: state, PKCE verifier, nonce; single use.

Kept server-side so the browser only carries the opaque ``state``; an attempt expires after
ten minutes and can be finished once.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, String, Table, insert, select, update

from litemaas_auth.adapters.tables import metadata
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Invalid

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("state", String(64), primary_key=True),
    Column("provider", String(32), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("redirect_uri", String(2000), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)
LIFETIME = timedelta(minutes=10)


def code_challenge(verifier: str) -> str:
    """PKCE S256 (RFC 7636): base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


@dataclass(frozen=True)
class Attempt:
    state: str
    code_verifier: str
    nonce: str
    redirect_uri: str


@dataclass(frozen=True)
class LoginAttempts:
    sessions: Sessions

    async def begin(self, provider: str, redirect_uri: str) -> Attempt:
        attempt = Attempt(
            secrets.token_urlsafe(32),
            secrets.token_urlsafe(64),
            secrets.token_urlsafe(32),
            redirect_uri,
        )
        async with self.sessions.begin() as session:
            await session.execute(
                insert(login_attempts).values(
                    state=attempt.state,
                    provider=provider,
                    code_verifier=attempt.code_verifier,
                    nonce=attempt.nonce,
                    redirect_uri=redirect_uri,
                    expires_at=datetime.now(UTC) + LIFETIME,
                )
            )
        return attempt

    async def finish(self, provider: str, state: str) -> Attempt:
        """The attempt ``state`` names, spent; a replayed, expired or foreign state is refused."""
        now = datetime.now(UTC)
        async with self.sessions.begin() as session:
            row = (
                await session.execute(
                    select(login_attempts)
                    .where(login_attempts.c.state == state, login_attempts.c.provider == provider)
                    .with_for_update()
                )
            ).first()
            if row is None or row.used_at is not None or row.expires_at <= now:
                raise Invalid(
                    "the login attempt is unknown, already used or expired; start the login again"
                )
            await session.execute(
                update(login_attempts).where(login_attempts.c.state == state).values(used_at=now)
            )
        return Attempt(row.state, row.code_verifier, row.nonce, row.redirect_uri)
