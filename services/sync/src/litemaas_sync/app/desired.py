"""Ports of the two-way sync: the desired state, LiteLLM as the reconciler sees it, and the
read-back that confirms a write took."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from litemaas_sync.domain.drift import Desired, Kind, Observed, Status, same


class DesiredPort(Protocol):
    async def get(self, kind: Kind, entity_id: str, *, lock: bool = False) -> Desired | None: ...
    async def load(self, kind: Kind) -> dict[str, Desired]: ...
    async def status(self, kind: Kind, entity_id: str) -> Status | None: ...
    async def baselined(self, kind: Kind) -> bool: ...
    async def mark_baselined(self, kind: Kind) -> None: ...
    async def record(
        self,
        kind: Kind,
        entity_id: str,
        values: Mapping[str, Any],
        *,
        event_id: str | None,
        at: datetime | None,
        key_id: str | None = None,
    ) -> None: ...
    async def set_status(
        self, kind: Kind, entity_id: str, status: Status, at: datetime, key_id: str | None = None
    ) -> None: ...


class LiteLLMStatePort(Protocol):
    async def list(self, kind: Kind) -> dict[str, Observed]: ...
    async def one(self, kind: Kind, entity_id: str) -> Observed | None: ...
    async def write(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None: ...
    async def create(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None: ...


#: reports a write LiteLLM did not take, even after one retry: (kind, id, field, ours, theirs)
Unconfirmed = Callable[[Kind, str, str, Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class Tracking:
    """What the push use cases need besides LiteLLM itself: where the desired state goes, how
    to read an object back, and where an unconfirmed write is reported."""

    desired: DesiredPort
    litellm: LiteLLMStatePort
    unconfirmed: Unconfirmed


async def differing(
    litellm: LiteLLMStatePort, kind: Kind, entity_id: str, expected: Mapping[str, Any]
) -> dict[str, Any]:
    """The expected fields LiteLLM does not hold (name → its value); all when it lacks the
    object."""
    seen = await litellm.one(kind, entity_id)
    if seen is None:
        return {name: None for name in expected}
    return {
        name: seen.fields.get(name)
        for name, value in expected.items()
        if not same(name, value, seen.fields.get(name))
    }


async def confirm(
    tracking: Tracking | None,
    kind: Kind,
    entity_id: str,
    expected: Mapping[str, Any],
    write: Callable[[], Awaitable[None]],
) -> bool:
    """Read back after a write; a write that did not take is made once more, and what still
    differs is reported as a conflict. True when LiteLLM holds every expected field."""
    if tracking is None:
        return True
    left = await differing(tracking.litellm, kind, entity_id, expected)
    if left:
        await write()
        left = await differing(tracking.litellm, kind, entity_id, expected)
    for name, theirs in left.items():
        await tracking.unconfirmed(kind, entity_id, name, expected[name], theirs)
    return not left


async def superseded(
    tracking: Tracking | None, kind: Kind, entity_id: str, names: Iterable[str], at: datetime
) -> bool:
    """A later event (or an adopted LiteLLM change) already set one of these fields: a replayed
    or late event must not write its older value to LiteLLM."""
    if tracking is None:
        return False
    known = await tracking.desired.get(kind, entity_id)
    if known is None:
        return False
    return any(
        (state := known.fields.get(name)) is not None
        and state.changed_at is not None
        and state.changed_at > at
        for name in names
    )
