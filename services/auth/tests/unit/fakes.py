"""In-memory stand-ins for the auth service's ports, shared by its unit tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litemaas_auth.domain.users import User
from litemaas_contracts import Event


class FakeUsers:
    """Users and the events recorded with them, as one transaction would hold them."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.events: list[Event] = []

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeUsers]:
        yield self

    async def user_by_username(self, username: str) -> User | None:
        return self.users.get(username)

    async def user_by_id(self, user_id: str) -> User | None:
        return next((u for u in self.users.values() if u.id == user_id), None)

    async def add_user(self, user: User) -> bool:
        if user.username in self.users:
            return False
        self.users[user.username] = user
        return True

    async def save_user(self, user: User) -> None:
        self.users[user.username] = user

    async def record(self, event: Event) -> None:
        self.events.append(event)
