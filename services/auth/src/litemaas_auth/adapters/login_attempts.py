"""Logins in flight through an identity provider, kept in auth's PostgreSQL; single use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, String, Table, delete, insert, select, update

from litemaas_auth.adapters.tables import metadata
from litemaas_auth.domain.login_attempts import (
    LIFETIME,
    Attempt,
    LoginAttemptRefused,
    binding_hash,
    check_bound,
    check_finishable,
    new_attempt,
)
from litemaas_servicekit.db import Sessions

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
    Column("binding_hash", String(64)),
)


@dataclass(frozen=True)
class LoginAttempts:
    sessions: Sessions

    async def begin(self, provider: str, redirect_uri: str) -> Attempt:
        attempt, now = new_attempt(redirect_uri), datetime.now(UTC)
        async with self.sessions.begin() as session:
            # anyone may start a login: attempts long past their expiry do not pile up
            await session.execute(
                delete(login_attempts).where(login_attempts.c.expires_at < now - LIFETIME)
            )
            await session.execute(
                insert(login_attempts).values(
                    state=attempt.state,
                    provider=provider,
                    code_verifier=attempt.code_verifier,
                    nonce=attempt.nonce,
                    redirect_uri=redirect_uri,
                    expires_at=now + LIFETIME,
                    binding_hash=binding_hash(attempt.binding),
                )
            )
        return attempt

    async def finish(self, provider: str, state: str, binding: str | None) -> Attempt:
        """The attempt ``state`` names, spent; a replayed, expired or foreign state is refused
        (LoginAttemptRefused), and so is one without its browser's binding (LoginNotBound,
        which leaves the attempt unspent: a stranger's request cannot burn it)."""
        now = datetime.now(UTC)
        async with self.sessions.begin() as session:
            row = (
                await session.execute(
                    select(login_attempts)
                    .where(login_attempts.c.state == state, login_attempts.c.provider == provider)
                    .with_for_update()
                )
            ).first()
            if row is None:
                raise LoginAttemptRefused(
                    "this login was not started here (unknown state); start the login again"
                )
            check_finishable(row.expires_at, row.used_at, now)
            check_bound(row.binding_hash, binding)
            await session.execute(
                update(login_attempts).where(login_attempts.c.state == state).values(used_at=now)
            )
        return Attempt(row.state, row.code_verifier, row.nonce, row.redirect_uri)
