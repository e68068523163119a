"""Who is calling: every service verifies the access token itself and enforces roles itself.

Tokens are signed by the auth service with an Ed25519 key (EdDSA); other services verify them
with auth's public keys, fetched from its JWKS document and cached. No service but auth can
mint a token. Two checks in Redis, in one round trip, end access before a token expires: a
deny-list of token ids (logout), and a per-user epoch that deactivation and role changes move
forward (a token minted under an older epoch is refused on its next request, in every service).
No PostgreSQL query is on this path. When Redis cannot answer, access is refused (503), never
granted.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

import httpx
import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from redis.exceptions import RedisError

from litemaas_servicekit.errors import Forbidden, Unauthorized, Unavailable
from litemaas_servicekit.settings import ServiceSettings

log = logging.getLogger(__name__)

ADMIN, ADMIN_READONLY, USER = "admin", "admin-readonly", "user"


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    roles: frozenset[str]
    token_id: str = ""
    expires_at: int = 0
    #: the user's access epoch when the token was minted (see ``AccessEpochs``)
    epoch: int = 0

    @classmethod
    def of(cls, claims: Mapping[str, Any]) -> "Principal":
        return cls(
            claims["sub"],
            claims.get("preferred_username", ""),
            frozenset(claims.get("roles", ())),
            claims.get("jti", ""),
            int(claims.get("exp", 0)),
            _int(claims.get("epoch", 0)),
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


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return -1  # a malformed epoch claim is older than any epoch: refused


#: sets the user's epoch to ARGV[1] only when that moves it forward (bumps may race)
_ADVANCE = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then redis.call('SET', KEYS[1], ARGV[1]) return wanted end
return current
"""


class RedisRevocations:
    """Access ended before expiry, shared by every service via Redis: revoked token ids
    (logout) and per-user epochs (deactivation, role changes)."""

    PREFIX = "litemaas:revoked-jti:"
    EPOCH = "litemaas:user-epoch:"

    def __init__(self, redis: Any) -> None:
        self.redis = redis

    async def revoke(self, principal: Principal) -> None:
        seconds_left = principal.expires_at - int(time.time())
        if principal.token_id and seconds_left > 0:
            await self.redis.set(self.PREFIX + principal.token_id, "1", ex=seconds_left)

    async def advance_epoch(self, user_id: str, epoch: int) -> int:
        """Tokens minted under an epoch below ``epoch`` stop working; returns the epoch now."""
        return int(await self.redis.eval(_ADVANCE, 1, self.EPOCH + user_id, str(epoch)))

    async def epoch(self, user_id: str) -> int:
        return int(await self.redis.get(self.EPOCH + user_id) or 0)

    async def refusal(self, principal: Principal) -> str | None:
        """Why this token no longer grants access, or None. One Redis round trip."""
        revoked, epoch = await self.redis.mget(
            self.PREFIX + (principal.token_id or "-"), self.EPOCH + principal.user_id
        )
        if principal.token_id and revoked is not None:
            return "the access token was revoked (logged out)"
        if principal.epoch < int(epoch or 0):
            return "the access token predates a change to this account (roles or status)"
        return None

    async def is_revoked(self, principal: Principal) -> bool:
        return await self.refusal(principal) is not None

    async def check(self, principal: Principal) -> None:
        """Unauthorized when access has ended; Unavailable (never access) when Redis is down."""
        try:
            reason = await self.refusal(principal)
        except (OSError, RedisError) as exc:
            raise Unavailable("access cannot be checked right now; try again") from exc
        if reason is not None:
            raise Unauthorized(reason)


class Verifier(Protocol):
    async def verify(self, token: str) -> Principal: ...


class TokenVerifier:
    """Verifies access tokens against the issuer's JWKS, refetched when it is older than
    ``cache_seconds`` or on an unknown key id — but at most once per ``refetch_seconds``: a
    token naming a made-up key id must not make every request a call to the issuer. Given
    several URLs (one per instance of the issuer), a fetch tries each in turn until one answers.
    """

    def __init__(
        self,
        jwks_urls: str | Sequence[str],
        issuer: str,
        *,
        cache_seconds: float = 300,
        refetch_seconds: float = 2,
        transport: httpx.AsyncBaseTransport | None = None,
        revocations: RedisRevocations | None = None,
    ) -> None:
        self.jwks_urls = (jwks_urls,) if isinstance(jwks_urls, str) else tuple(jwks_urls)
        if not self.jwks_urls:
            raise ValueError("a token verifier needs the issuer's key set URL")
        self.issuer = issuer
        self.cache_seconds = cache_seconds
        self.refetch_seconds = refetch_seconds
        self.transport = transport
        self.revocations = revocations
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    def _age(self) -> float:
        return time.monotonic() - self._fetched_at

    async def _refresh(self, *, unless_younger_than: float = 0) -> None:
        async with self._lock:
            if self._fetched_at and self._age() < unless_younger_than:
                return  # fetched just now (by this request's neighbours, or a moment ago)
            await self._fetch()

    async def _fetch(self) -> None:
        async with httpx.AsyncClient(timeout=5, transport=self.transport) as http:
            for url in self.jwks_urls:
                try:
                    response = await http.get(url)
                    response.raise_for_status()
                    keys = jwt.PyJWKSet.from_dict(response.json()).keys
                    break
                except (httpx.HTTPError, ValueError, jwt.PyJWKSetError) as exc:
                    log.warning("no key set at %s: %s", url, type(exc).__name__)
            else:
                raise Unavailable("the token issuer's keys cannot be fetched")
            self._keys = {key.key_id: key for key in keys if key.key_id}
            self._fetched_at = time.monotonic()

    async def _key(self, kid: str) -> Any:
        if not self._fetched_at or self._age() > self.cache_seconds:
            await self._refresh(unless_younger_than=self.cache_seconds)
        elif kid not in self._keys:
            await self._refresh(unless_younger_than=self.refetch_seconds)
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
        if self.revocations is not None:
            await self.revocations.check(principal)
        return principal


def verifier_for(settings: ServiceSettings, redis: Any | None = None) -> TokenVerifier:
    revocations = RedisRevocations(redis) if redis is not None else None
    return TokenVerifier(settings.jwks_urls, settings.token_issuer, revocations=revocations)


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
