"""The user behind an access token, remembered for a few seconds: ``/me`` is what a browser asks
most, and it must not cost a PostgreSQL query each time.

Remembered per token (its id) and per access epoch: a new login is a new token (fresh data);
deactivation and role changes move the epoch, and every request checks the epoch in Redis
before this is consulted, so access never outlives them. What a cached answer can miss for up
to ``ttl`` seconds is a profile change that ends no access (a new email from another login).
"""

from __future__ import annotations

import time

from litemaas_auth.domain.users import User
from litemaas_servicekit.security import Principal

Key = tuple[str, str, int]


class RecentUsers:
    def __init__(self, ttl: float = 30.0, capacity: int = 10_000) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._users: dict[Key, tuple[User, float]] = {}

    @staticmethod
    def _key(caller: Principal) -> Key:
        return caller.user_id, caller.token_id, caller.epoch

    def get(self, caller: Principal) -> User | None:
        found = self._users.get(self._key(caller))
        if found is None or found[1] < time.monotonic():
            return None
        return found[0]

    def put(self, caller: Principal, user: User) -> None:
        if not caller.token_id:
            return  # a token without an id cannot be told from the next one
        if len(self._users) >= self.capacity:
            self._users.clear()  # bounded and simple; the next calls read once again
        self._users[self._key(caller)] = (user, time.monotonic() + self.ttl)
