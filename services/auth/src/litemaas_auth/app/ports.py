"""What the use cases need from the outside world."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from litemaas_auth.domain.users import User
from litemaas_contracts import Event


class UnitOfWork(Protocol):
    """One transaction: the user rows and the events recorded with them commit together."""

    async def user_by_username(self, username: str) -> User | None: ...
    async def user_by_id(self, user_id: str) -> User | None: ...
    async def add_user(self, user: User) -> bool:
        """False when another login created the same username first."""
        ...

    async def save_user(self, user: User) -> None: ...
    async def users_page(
        self, search: str | None, page: int, size: int
    ) -> tuple[list[User], int]: ...
    async def record(self, event: Event) -> None: ...


class Transactions(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[UnitOfWork]: ...


class TokenIssuer(Protocol):
    def issue(self, user: User) -> tuple[str, int]:
        """An access token for ``user`` and its lifetime in seconds."""
        ...
