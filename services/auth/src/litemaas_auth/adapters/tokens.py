"""Signed JWT access tokens (HS256)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from litemaas_auth.domain.users import User

ALGORITHM = "HS256"


class InvalidToken(Exception):
    pass


@dataclass(frozen=True)
class JwtTokens:
    signing_key: str
    issuer: str
    lifetime: timedelta

    def issue(self, user: User) -> tuple[str, int]:
        now = datetime.now(UTC)
        claims = {
            "iss": self.issuer,
            "sub": user.id,
            "preferred_username": user.username,
            "email": user.email,
            "roles": list(user.roles),
            "iat": now,
            "exp": now + self.lifetime,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(claims, self.signing_key, algorithm=ALGORITHM), int(
            self.lifetime.total_seconds()
        )

    def verify(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.signing_key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        return claims
