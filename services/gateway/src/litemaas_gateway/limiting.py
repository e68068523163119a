"""Requests per user and per client address, counted in Redis so every gateway replica shares
the count (the ``limits`` library's fixed windows: one Redis round trip per limit checked).

The user is the subject of a *verified* access token: an unverified one would let anyone spend
someone else's allowance by writing their id in a forged token. A request without a valid token
is counted by its address only (the service behind answers it 401). When Redis cannot answer,
the request goes through: losing the limiter for a moment must not take the API down with it
(access itself stays checked by every service, which refuse when Redis is away).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from prometheus_client import Counter

log = logging.getLogger(__name__)
NAMESPACE = "litemaas-gateway"
#: the refusal is answered before any route, so the request histogram never sees it
REFUSED = Counter(
    "litemaas_gateway_rate_limited_total", "Requests refused by a rate limit, by whose", ["scope"]
)


@dataclass(frozen=True)
class Refusal:
    """Which allowance ran out, and in how many seconds it comes back."""

    scope: str
    limit: str
    retry_after: int


class Limiter(Protocol):
    async def check(self, user: str | None, address: str) -> Refusal | None: ...


class RedisLimiter:
    def __init__(
        self,
        storage: Storage,
        per_user: Sequence[RateLimitItem],
        per_address: Sequence[RateLimitItem],
    ) -> None:
        self.storage = storage
        self.strategy = FixedWindowRateLimiter(storage)
        self.per_user = tuple(per_user)
        self.per_address = tuple(per_address)
        self._warned_at = 0.0

    @classmethod
    def from_settings(cls, redis_url: str, per_user: str, per_address: str) -> RedisLimiter:
        storage = RedisStorage(f"async+{redis_url}", implementation="redispy", key_prefix=NAMESPACE)
        return cls(storage, _parse(per_user), _parse(per_address))

    async def check(self, user: str | None, address: str) -> Refusal | None:
        wanted = [("address", address, item) for item in self.per_address]
        if user:
            wanted = [("user", user, item) for item in self.per_user] + wanted
        try:
            # at once: one round trip's wait, not one per limit
            hits = await asyncio.gather(*(self.strategy.hit(i, s, w) for s, w, i in wanted))
            for (scope, who, item), allowed in zip(wanted, hits, strict=True):
                if not allowed:
                    stats = await self.strategy.get_window_stats(item, scope, who)
                    wait = max(1, math.ceil(stats.reset_time - time.time()))
                    REFUSED.labels(scope).inc()
                    return Refusal(scope, str(item), wait)
        except Exception as exc:  # the limiter is a guard, not a dependency: fail open
            now = time.monotonic()
            if now - self._warned_at > 60:  # once a minute, not once a request
                self._warned_at = now
                log.warning("rate limiter unavailable; not limiting", extra={"error": repr(exc)})
        return None


def _parse(text: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(text)) if text.strip() else ()
