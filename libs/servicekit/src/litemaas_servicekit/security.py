"""Who is calling: every service verifies the access token itself and enforces roles itself.

Tokens are signed by the auth service with an Ed25519 key (EdDSA); other services verify them
with auth's public keys, fetched from its JWKS document and cached. No service but auth can
mint a token. A token revoked at logout is refused everywhere through a Redis deny-list.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

import httpx
import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from litemaas_servicekit.errors import Forbidden, Unauthorized, Unavailable
from litemaas_servicekit.settings import ServiceSettings

ADMIN, ADMIN_READONLY, USER = "admin", "admin-readonly", "user"


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    roles: frozenset[str]
    token_id: str = ""
    expires_at: int = 0

    @classmethod
    def of(cls, claims: Mapping[str, Any]) -> "Principal":
        return cls(
            claims["sub"],
            claims.get("preferred_username", ""),
            frozenset(claims.get("roles", ())),
            claims.get("jti", ""),
            int(claims.get("exp", 0)),
        )

    @property
    def is_admin(self) -> bool:
        return ADMIN in self.roles

    @property
    def can_read_everything(self) -> bool:
        return bool({ADMIN, ADMIN_READONLY} & self.roles)

    def require(self, *roles: str) -> None:
        if not set(roles) & self.roles:
            raise Forbidden(f"this needs one of the roles: {', '.join(roles)}")


class RedisRevocations:
    """Access tokens revoked before they expire (logout), shared by every service via Redis."""

    PREFIX = "litemaas:revoked-jti:"

    def __init__(self, redis: Any) -> None:
        self.redis = redis

    async def revoke(self, principal: Principal) -> None:
        seconds_left = principal.expires_at - int(time.time())
        if principal.token_id and seconds_left > 0:
            await self.redis.set(self.PREFIX + principal.token_id, "1", ex=seconds_left)

    async def is_revoked(self, principal: Principal) -> bool:
        return bool(principal.token_id) and bool(
            await self.redis.exists(self.PREFIX + principal.token_id)
        )


class Verifier(Protocol):
    async def verify(self, token: str) -> Principal: ...


class TokenVerifier:
    """Verifies access tokens against the issuer's JWKS (refetched on an unknown key id)."""

    def __init__(
        self,
        jwks_url: str,
        issuer: str,
        *,
        cache_seconds: float = 300,
        transport: httpx.AsyncBaseTransport | None = None,
        revocations: RedisRevocations | None = None,
    ) -> None:
        self.jwks_url = jwks_url
        self.issuer = issuer
        self.cache_seconds = cache_seconds
        self.transport = transport
        self.revocations = revocations
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _refresh(self) -> None:
        async with self._lock, httpx.AsyncClient(timeout=5, transport=self.transport) as http:
            try:
                response = await http.get(self.jwks_url)
                response.raise_for_status()
            except httpx.HTTPError as exc:
                raise Unavailable("the token issuer's keys cannot be fetched") from exc
            keys = jwt.PyJWKSet.from_dict(response.json()).keys
            self._keys = {key.key_id: key for key in keys if key.key_id}
            self._fetched_at = time.monotonic()

    async def _key(self, kid: str) -> Any:
        stale = time.monotonic() - self._fetched_at > self.cache_seconds
        if kid not in self._keys or stale:
            await self._refresh()
        if kid not in self._keys:
            raise Unauthorized("the access token was signed by an unknown key")
        return self._keys[kid]

    async def verify(self, token: str) -> Principal:
        try:
            kid = jwt.get_unverified_header(token).get("kid", "")
            key = await self._key(kid)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[key.algorithm_name or "EdDSA"],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the access token is not valid: {exc}") from exc
        principal = Principal.of(claims)
        if self.revocations and await self.revocations.is_revoked(principal):
            raise Unauthorized("the access token was revoked (logged out)")
        return principal


def verifier_for(settings: ServiceSettings, redis: Any | None = None) -> TokenVerifier:
    revocations = RedisRevocations(redis) if redis is not None else None
    return TokenVerifier(settings.jwks_url, settings.token_issuer, revocations=revocations)


def authenticated(verifier: Verifier) -> Callable[..., Awaitable[Principal]]:
    """A FastAPI dependency: the verified caller, or 401 problem+json."""
    bearer = HTTPBearer(auto_error=False)

    async def principal(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None:
            raise Unauthorized("a Bearer access token is required")
        return await verifier.verify(credentials.credentials)

    return principal
