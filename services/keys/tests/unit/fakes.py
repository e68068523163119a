"""The KeysStore port in memory (one store; transactions are not isolated here).

It records which locks a use case asks for, so tests can check that a decision's inputs are
held (the real store's locks are proven against PostgreSQL by the e2e race tests).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from litemaas_contracts import Event
from litemaas_keys.app.ports import KeysTransactions
from litemaas_keys.domain.keys import ApiKey
from litemaas_keys.domain.quotas import QuotaHold


class Store:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.entitlements: dict[tuple[str, str], str] = {}
        self.saved: dict[str, ApiKey] = {}
        self.warned_at: dict[str, datetime] = {}
        self.members: dict[tuple[str, str], str] = {}
        self.status: dict[str, tuple[bool, datetime]] = {}
        self.locks: list[str] = []
        self.subscriptions: dict[tuple[str, str], str] = {}
        self.holds: dict[str, QuotaHold] = {}

    async def record(self, event: Event) -> None:
        self.events.append(event)

    async def entitled(self, user_id: str, *, lock: bool = False) -> set[str]:
        if lock:
            self.locks.append(f"entitlements {user_id} share")
        return {m for (u, m), s in self.entitlements.items() if u == user_id and s == "active"}

    async def hold_user(self, user_id: str, *, exclusive: bool) -> None:
        self.locks.append(f"user {user_id} {'exclusive' if exclusive else 'shared'}")

    async def deactivated(self, user_id: str) -> bool:
        return self.status.get(user_id, (False, None))[0]

    async def set_user_state(self, user_id: str, deactivated: bool, at: datetime) -> bool:
        if user_id in self.status and self.status[user_id][1] > at:
            return False
        self.status[user_id] = (deactivated, at)
        return True

    async def custody_keys(self, user_id: str, team_id: str | None = None) -> list[ApiKey]:
        return [
            k
            for k in self.saved.values()
            if k.custodian == user_id
            and k.status == "active"
            and (team_id is None or k.team_id == team_id)
        ]

    async def teams_of(self, user_id: str) -> dict[str, str]:
        return {t: role for (t, u), role in self.members.items() if u == user_id}

    async def set_member(self, team_id: str, user_id: str, role: str) -> None:
        self.members[(team_id, user_id)] = role

    async def drop_member(self, team_id: str, user_id: str) -> None:
        self.members.pop((team_id, user_id), None)

    async def set_entitlement(
        self, user_id: str, model_id: str, subscription_id: str, status: str, at: datetime
    ) -> None:
        self.entitlements[(user_id, model_id)] = status
        self.subscriptions[(user_id, model_id)] = subscription_id

    async def entitlement(self, user_id: str, model_id: str) -> str | None:
        if self.entitlements.get((user_id, model_id)) != "active":
            return None
        return self.subscriptions[(user_id, model_id)]

    async def hold(self, budget_id: str) -> QuotaHold | None:
        return self.holds.get(budget_id)

    async def save_hold(self, hold: QuotaHold) -> None:
        self.holds[hold.budget_id] = hold

    async def held_models(self, user_id: str) -> set[str]:
        return {h.model_id for h in self.holds.values() if h.user_id == user_id and h.held_since}

    async def keys_withdrawn(self, user_id: str, model_id: str) -> list[ApiKey]:
        return [
            k
            for k in self.saved.values()
            if k.owner_user_id == user_id and k.status == "active" and model_id in k.withdrawn
        ]

    async def key(self, key_id: str, *, lock: bool = False) -> ApiKey | None:
        return self.saved.get(key_id)

    async def keys(
        self, owner: str | None, page: int, size: int, team_id: str | None = None
    ) -> tuple[list[ApiKey], int]:
        teams = set() if owner is None else set((await self.teams_of(owner)).keys())
        found = [
            k
            for k in self.saved.values()
            if (
                owner is None
                or (k.team_id is None and k.owner_user_id == owner)
                or k.team_id in teams
            )
            and (team_id is None or k.team_id == team_id)
        ]
        return found[(page - 1) * size : page * size], len(found)

    async def active_keys_with(self, user_id: str, model_id: str) -> list[ApiKey]:
        return [
            k
            for k in self.saved.values()
            if k.owner_user_id == user_id and k.status == "active" and model_id in k.models
        ]

    async def due(self, now: datetime, warn_before: datetime) -> tuple[list[ApiKey], list[ApiKey]]:
        live = [k for k in self.saved.values() if k.status == "active"]
        ending = [k for k in live if any(t and t <= now for t in (k.revoke_at, k.expires_at))]
        warn = [
            k
            for k in live
            if k.id not in self.warned_at and k.expires_at and now < k.expires_at <= warn_before
        ]
        return ending, warn

    async def warned(self, key_id: str, at: datetime) -> None:
        self.warned_at[key_id] = at

    async def save(self, key: ApiKey) -> None:
        self.saved[key.id] = key

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]


def transactions(store: Store) -> KeysTransactions:
    @asynccontextmanager
    async def begin() -> AsyncIterator[Store]:
        yield store

    return begin  # type: ignore[return-value]
