"""Refresh tokens: opaque, single use (each refresh rotates them), revoked at logout."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from litemaas_auth.adapters.session_tables import refresh_tokens
from litemaas_auth.adapters.tables import users
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Unauthorized


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class RefreshTokens:
    sessions: Sessions
    lifetime: timedelta

    async def issue(self, user_id: str) -> tuple[str, int]:
        """A new refresh token (shown to the client once) and its lifetime in seconds."""
        token = "rt_" + secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        async with self.sessions.begin() as session:
            await session.execute(
                insert(refresh_tokens).values(
                    token_hash=_hash(token),
                    user_id=user_id,
                    issued_at=now,
                    expires_at=now + self.lifetime,
                )
            )
        return token, int(self.lifetime.total_seconds())

    async def redeem(self, token: str) -> str:
        """Spend a refresh token; returns its active user's id. Any token works once only."""
        now = datetime.now(UTC)
        async with self.sessions.begin() as session:
            row = (
                await session.execute(
                    select(
                        refresh_tokens.c.user_id,
                        refresh_tokens.c.expires_at,
                        refresh_tokens.c.revoked_at,
                        users.c.active,
                    )
                    .join(users, users.c.id == refresh_tokens.c.user_id)
                    .where(refresh_tokens.c.token_hash == _hash(token))
                    .with_for_update(of=refresh_tokens)
                )
            ).first()
            if row is None or row.revoked_at is not None or row.expires_at <= now:
                raise Unauthorized("the refresh token is unknown, used, revoked or expired")
            if not row.active:
                raise Unauthorized("the account is deactivated")
            await session.execute(
                update(refresh_tokens)
                .where(refresh_tokens.c.token_hash == _hash(token))
                .values(revoked_at=now)
            )
            return str(row.user_id)

    async def revoke(self, token: str, user_id: str) -> None:
        async with self.sessions.begin() as session:
            await session.execute(
                update(refresh_tokens)
                .where(
                    refresh_tokens.c.token_hash == _hash(token),
                    refresh_tokens.c.user_id == user_id,
                    refresh_tokens.c.revoked_at.is_(None),
                )
                .values(revoked_at=datetime.now(UTC))
            )
