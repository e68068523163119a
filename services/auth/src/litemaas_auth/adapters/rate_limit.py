"""Unauthenticated calls counted per client address in Redis: a fixed one-minute window.

INCR and EXPIRE in one MULTI: every auth instance shares the count, and a key never outlives
its window. (A library such as ``limits`` would add a dependency for these few lines.)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from redis.exceptions import RedisError

from litemaas_servicekit.errors import Unavailable

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RedisRateLimit:
    redis: Any
    per_minute: int
    scope: str = "login"

    async def retry_after(self, address: str) -> int | None:
        """Count one call from ``address``; None while within the limit, else the seconds
        until the window ends. Unavailable (never a free pass) when Redis cannot count."""
        now = time.time()
        window = int(now) // WINDOW_SECONDS
        key = f"litemaas:auth:rate:{self.scope}:{address}:{window}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, WINDOW_SECONDS)
                count, _ = await pipe.execute()
        except (OSError, RedisError) as exc:
            raise Unavailable("logins cannot be started right now; try again") from exc
        if int(count) <= self.per_minute:
            return None
        return max(1, WINDOW_SECONDS - int(now) % WINDOW_SECONDS)
