"""The periodic sweep: ended rotations and expired keys are revoked; expiry is warned once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from litemaas_contracts import Event
from litemaas_contracts.keys import ApiKeyExpiring, ApiKeyRevoked, KeyLimits
from litemaas_keys.app.keys import sweep
from litemaas_keys.domain.keys import ApiKey, mint

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


class FakeStore:
    def __init__(self, keys: list[ApiKey]) -> None:
        self.keys = {k.id: k for k in keys}
        self.events: list[Event] = []
        self.warned_ids: set[str] = set()

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeStore]:
        yield self

    async def due(self, now: datetime, warn_before: datetime) -> tuple[list[ApiKey], list[ApiKey]]:
        active = [k for k in self.keys.values() if k.status == "active"]
        ending = [
            k
            for k in active
            if (k.revoke_at and k.revoke_at <= now) or (k.expires_at and k.expires_at <= now)
        ]
        warn = [
            k
            for k in active
            if k not in ending
            and k.id not in self.warned_ids
            and k.expires_at
            and k.expires_at <= warn_before
        ]
        return ending, warn

    async def save(self, key: ApiKey) -> None:
        self.keys[key.id] = key

    async def record(self, event: Event) -> None:
        self.events.append(event)

    async def warned(self, key_id: str, at: datetime) -> None:
        self.warned_ids.add(key_id)


def _key(**changes: object) -> ApiKey:
    key, _, _ = mint("u1", "k", ("m",), KeyLimits(), None, "u1", NOW - timedelta(days=1))
    return replace(key, **changes)  # type: ignore[arg-type]


async def test_sweep_ends_rotations_and_expiries_and_warns_once() -> None:
    rotated = _key(revoke_at=NOW - timedelta(seconds=1))
    expired = _key(expires_at=NOW - timedelta(minutes=1))
    soon = _key(expires_at=NOW + timedelta(hours=10))
    later = _key(expires_at=NOW + timedelta(days=30))
    store = FakeStore([rotated, expired, soon, later])

    assert await sweep(store, timedelta(hours=72)) == 3  # type: ignore[arg-type]
    assert store.keys[rotated.id].status == store.keys[expired.id].status == "revoked"
    reasons = {e.key_id: e.reason for e in store.events if isinstance(e, ApiKeyRevoked)}
    assert reasons == {rotated.id: "rotated", expired.id: "expired"}
    warnings = [e for e in store.events if isinstance(e, ApiKeyExpiring)]
    assert [w.key_id for w in warnings] == [soon.id]
    assert store.keys[later.id].status == "active"

    assert await sweep(store, timedelta(hours=72)) == 0, "nothing is revoked or warned twice"  # type: ignore[arg-type]
