"""Signed JWT access tokens: EdDSA (Ed25519), so services can verify them but not mint them.

The Ed25519 private key is derived from ``AUTH_JWT_SIGNING_KEY`` (SHA-256 of the secret is the
32-byte seed): one random secret to configure, and the public half published as a JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from litemaas_auth.domain.users import User

ALGORITHM = "EdDSA"


class InvalidToken(Exception):
    pass


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True)
class JwtTokens:
    signing_key: str = field(repr=False)
    issuer: str
    lifetime: timedelta

    @cached_property  # derived once: it was a key derivation on every verify
    def _private(self) -> Ed25519PrivateKey:
        seed = hashlib.sha256(self.signing_key.encode()).digest()
        return Ed25519PrivateKey.from_private_bytes(seed)

    @cached_property
    def _public(self) -> Ed25519PublicKey:
        return self._private.public_key()

    @property
    def _public_raw(self) -> bytes:
        return self._private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self._public_raw).hexdigest()[:16]

    def jwks(self) -> dict[str, Any]:
        """The public key, for every service that verifies tokens (RFC 8037 OKP key)."""
        return {
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": _b64url(self._public_raw),
                    "kid": self.key_id,
                    "alg": ALGORITHM,
                    "use": "sig",
                }
            ]
        }

    def issue(self, user: User) -> tuple[str, int]:
        now = datetime.now(UTC)
        claims = {
            "iss": self.issuer,
            "sub": user.id,
            "preferred_username": user.username,
            "email": user.email,
            "roles": list(user.roles),
            # every service refuses this token once the user's epoch in Redis moves past it
            "epoch": user.token_epoch,
            "iat": now,
            "exp": now + self.lifetime,
            "jti": str(uuid.uuid4()),
        }
        token = jwt.encode(claims, self._private, algorithm=ALGORITHM, headers={"kid": self.key_id})
        return token, int(self.lifetime.total_seconds())

    def verify(self, token: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._public,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(str(exc)) from exc
        return claims
