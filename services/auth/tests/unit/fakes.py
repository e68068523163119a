"""In-memory stand-ins for the auth service's ports, shared by its unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from litemaas_auth.domain.users import User
from litemaas_contracts import Event
from litemaas_servicekit.errors import Unavailable


class FakeUsers:
    """Users, their identities, the events recorded with them and the epochs "in Redis".

    A transaction commits only when its block ends without an exception, as the real one does;
    ``redis_down`` makes moving an epoch fail like an unreachable Redis.
    """

    def __init__(self) -> None:
        self.users: dict[str, User] = {}  # by id
        self.identities: dict[tuple[str, str], str] = {}
        self.events: list[Event] = []
        self.epochs: dict[str, int] = {}
        self.redis_down = False
        self.locked: list[str] = []

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeUsers]:
        saved = (dict(self.users), dict(self.identities), list(self.events), dict(self.epochs))
        try:
            yield self
        except BaseException:
            self.users, self.identities, self.events, self.epochs = saved
            raise

    def by_username(self, username: str) -> User | None:
        return next((u for u in self.users.values() if u.username == username), None)

    def _lock(self, user: User | None, lock: bool) -> User | None:
        if user is not None and lock:
            self.locked.append(user.id)
        return user

    async def user_by_identity(
        self, issuer: str, subject: str, *, lock: bool = False
    ) -> User | None:
        user_id = self.identities.get((issuer, subject))
        return self._lock(self.users.get(user_id or ""), lock)

    async def user_by_username(self, username: str, *, lock: bool = False) -> User | None:
        return self._lock(self.by_username(username), lock)

    async def user_by_id(self, user_id: str, *, lock: bool = False) -> User | None:
        return self._lock(self.users.get(user_id), lock)

    async def has_identity(self, user_id: str) -> bool:
        return user_id in self.identities.values()

    async def link_identity(self, issuer: str, subject: str, user_id: str, at: datetime) -> bool:
        if (issuer, subject) in self.identities:
            return False
        self.identities[(issuer, subject)] = user_id
        return True

    async def taken_usernames(self, names: list[str]) -> set[str]:
        return {u.username for u in self.users.values()} & set(names)

    async def add_user(self, user: User) -> bool:
        if self.by_username(user.username) is not None:
            return False
        self.users[user.id] = user
        return True

    async def save_user(self, user: User) -> None:
        self.users[user.id] = user

    async def users_page(
        self, search: str | None, page: int, size: int, ids: tuple[str, ...] = ()
    ) -> tuple[list[User], int]:
        found = sorted(self.users.values(), key=lambda u: u.username)
        found = [u for u in found if not ids or u.id in ids]
        return found[(page - 1) * size : page * size], len(found)

    async def record(self, event: Event) -> None:
        self.events.append(event)

    async def advance_epoch(self, user: User) -> int:
        if self.redis_down:
            raise Unavailable("Redis is down")
        self.epochs[user.id] = max(self.epochs.get(user.id, 0), user.token_epoch)
        return self.epochs[user.id]
