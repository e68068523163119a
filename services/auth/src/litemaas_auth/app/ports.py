"""What the use cases need from the outside world."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from litemaas_auth.domain.users import User
from litemaas_contracts import Event


class UnitOfWork(Protocol):
    """One transaction: the user rows and the events recorded with them commit together.

    ``lock=True`` reads the user row FOR UPDATE: a read-modify-write of a user (login, role
    change, deactivation) never overwrites a change committed meanwhile.
    """

    async def user_by_identity(
        self, issuer: str, subject: str, *, lock: bool = False
    ) -> User | None: ...
    async def user_by_username(self, username: str, *, lock: bool = False) -> User | None: ...
    async def user_by_id(self, user_id: str, *, lock: bool = False) -> User | None: ...
    async def has_identity(self, user_id: str) -> bool:
        """Is any external identity linked to this user?"""
        ...

    async def link_identity(self, issuer: str, subject: str, user_id: str, at: datetime) -> bool:
        """False when this identity is linked already (a concurrent first login)."""
        ...

    async def taken_usernames(self, names: list[str]) -> set[str]: ...
    async def add_user(self, user: User) -> bool:
        """False when another login created the same username first."""
        ...

    async def save_user(self, user: User) -> None: ...
    async def users_page(
        self, search: str | None, page: int, size: int, ids: tuple[str, ...] = ()
    ) -> tuple[list[User], int]:
        """A page of users by username, matching ``search``, only ``ids`` when given."""

    async def record(self, event: Event) -> None: ...
    async def advance_epoch(self, user: User) -> int:
        """Every service refuses ``user``'s tokens minted before ``user.token_epoch``. Called
        before the commit: when this fails (Unavailable), the change is rolled back. Returns
        the epoch in force, which is higher when an earlier change reached Redis but not the
        database."""
        ...


class Transactions(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[UnitOfWork]: ...


class TokenIssuer(Protocol):
    def issue(self, user: User) -> tuple[str, int]:
        """An access token for ``user`` (carrying its epoch) and its lifetime in seconds."""
        ...
