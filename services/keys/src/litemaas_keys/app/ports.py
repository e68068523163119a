"""What the keys use cases need: one transaction over keys, entitlements and events."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from litemaas_contracts import Event
from litemaas_keys.domain.keys import ApiKey
from litemaas_keys.domain.quotas import QuotaHold


class KeysStore(Protocol):
    async def record(self, event: Event) -> None: ...
    async def entitled(self, user_id: str, *, lock: bool = False) -> set[str]: ...
    async def hold_user(self, user_id: str, *, exclusive: bool) -> None:
        """A transaction-long lock on one user: shared to act for them, exclusive to change
        their status (so the change sees every key committed before it)."""

    async def deactivated(self, user_id: str) -> bool: ...
    async def set_user_state(self, user_id: str, deactivated: bool, at: datetime) -> bool:
        """Record the user's status as of ``at``; False (and nothing changes) when a later
        status is already recorded."""

    async def custody_keys(self, user_id: str, team_id: str | None = None) -> list[ApiKey]:
        """Active keys (locked) the user answers for, optionally only one team's."""

    async def teams_of(self, user_id: str) -> dict[str, str]: ...
    async def set_member(self, team_id: str, user_id: str, role: str) -> None: ...
    async def drop_member(self, team_id: str, user_id: str) -> None: ...
    async def set_entitlement(
        self, user_id: str, model_id: str, subscription_id: str, status: str, at: datetime
    ) -> None: ...
    async def key(self, key_id: str, *, lock: bool = False) -> ApiKey | None: ...
    async def keys(
        self, owner: str | None, page: int, size: int, team_id: str | None = None
    ) -> tuple[list[ApiKey], int]:
        """``owner``'s keys and their teams' (everyone's when None), only ``team_id``'s if set."""

    async def active_keys_with(self, user_id: str, model_id: str) -> list[ApiKey]: ...
    async def due(
        self, now: datetime, warn_before: datetime
    ) -> tuple[list[ApiKey], list[ApiKey]]: ...
    async def warned(self, key_id: str, at: datetime) -> None: ...
    async def entitlement(self, user_id: str, model_id: str) -> str | None:
        """The subscription id behind an active entitlement, None when there is none."""

    async def hold(self, budget_id: str) -> QuotaHold | None: ...
    async def save_hold(self, hold: QuotaHold) -> None: ...
    async def held_models(self, user_id: str) -> set[str]:
        """The user's models withdrawn for a quota period that has not closed yet."""

    async def keys_withdrawn(self, user_id: str, model_id: str) -> list[ApiKey]:
        """Active keys (locked) from which this model is withdrawn."""

    async def save(self, key: ApiKey) -> None: ...


class KeysTransactions(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[KeysStore]: ...


class SecretSealer(Protocol):
    def seal(self, plaintext: str, context: str) -> str: ...
