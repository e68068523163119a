"""Fakes for the two-way sync: a desired state in memory, LiteLLM's objects as plain fields,
and a reconciler transaction that keeps what it would publish."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from litemaas_contracts import Event
from litemaas_contracts.sync import LiteLLMChangeApplied, SyncConflict
from litemaas_sync.domain.desired import Overlay, merge
from litemaas_sync.domain.drift import MEMBER, Desired, Kind, Observed, Status


class MemoryDesired:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], Desired] = {}
        self.baselines: set[str] = {"user", "team", "key"}

    async def get(self, kind: Kind, entity_id: str, *, lock: bool = False) -> Desired | None:
        return self.rows.get((kind, entity_id))

    async def load(self, kind: Kind) -> dict[str, Desired]:
        return {i: d for (k, i), d in self.rows.items() if k == kind}

    async def status(self, kind: Kind, entity_id: str) -> Status | None:
        found = self.rows.get((kind, entity_id))
        return found.status if found else None

    async def baselined(self, kind: Kind) -> bool:
        return kind in self.baselines

    async def mark_baselined(self, kind: Kind) -> None:
        self.baselines.add(kind)

    async def record(
        self,
        kind: Kind,
        entity_id: str,
        values: Mapping[str, Any],
        *,
        event_id: str | None,
        at: datetime | None,
        key_id: str | None = None,
    ) -> None:
        known = self.rows.get((kind, entity_id))
        fields = merge(known.fields if known else {}, values, event_id, at)
        status: Status = known.status if known else "live"
        if status == "foreign" and event_id not in ("litellm", "baseline"):
            status = "live"
        key = key_id or (known.key_id if known else None)
        self.rows[(kind, entity_id)] = Desired(kind, entity_id, fields, status, key)

    async def set_status(
        self, kind: Kind, entity_id: str, status: Status, at: datetime, key_id: str | None = None
    ) -> None:
        known = self.rows.get((kind, entity_id))
        fields = known.fields if known else {}
        key = key_id or (known.key_id if known else None)
        self.rows[(kind, entity_id)] = Desired(kind, entity_id, fields, status, key)


#: what LiteLLM says of a key beyond its compared fields (``Observed.about``)
KEY_ABOUT = ("user_id", "alias", "display")


class FakeLiteLLMState:
    """LiteLLM's objects as their compared fields; ``sticky`` fields ignore writes (a write
    that does not take)."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], dict[str, Any]] = {}
        self.updated_at: dict[tuple[str, str], datetime] = {}
        self.writes: list[tuple[str, str, dict[str, Any]]] = []
        self.sticky: set[str] = set()

    def put(self, kind: Kind, entity_id: str, at: datetime | None = None, **fields: Any) -> None:
        self.objects[(kind, entity_id)] = dict(fields)
        if at:
            self.updated_at[(kind, entity_id)] = at

    def _observed(self, kind: Kind, entity_id: str) -> Observed:
        fields = dict(self.objects[(kind, entity_id)])
        about = {n: fields.pop(n) for n in KEY_ABOUT if kind == "key" and n in fields}
        at = self.updated_at.get((kind, entity_id))
        return Observed(kind, entity_id, fields, at, about=about)

    async def list(self, kind: Kind) -> dict[str, Observed]:
        return {i: self._observed(kind, i) for (k, i) in self.objects if k == kind}

    async def one(self, kind: Kind, entity_id: str) -> Observed | None:
        return self._observed(kind, entity_id) if (kind, entity_id) in self.objects else None

    async def write(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None:
        self.writes.append((kind, entity_id, dict(values)))
        target = self.objects.setdefault((kind, entity_id), {})
        for name, value in values.items():
            if name in self.sticky:
                continue
            if name.startswith(MEMBER) and not value:
                target.pop(name, None)
            else:
                target[name] = value

    async def create(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None:
        self.writes.append((kind, entity_id, {"created": True}))
        self.objects[(kind, entity_id)] = {n: v for n, v in values.items() if v is not False}


class FakeTx:
    def __init__(self, desired: MemoryDesired, overlay: Overlay | None = None) -> None:
        self.desired = desired
        self._overlay = overlay or Overlay()
        self.published: list[Event] = []
        self.conflicts: list[SyncConflict] = []
        self.audits: list[LiteLLMChangeApplied] = []
        self.drift: dict[str, list[SyncConflict]] = {}

    async def overlay(self, kind: Kind | None = None, entity_id: str | None = None) -> Overlay:
        return self._overlay

    async def publish(self, event: Event) -> None:
        self.published.append(event)

    async def conflict(self, event: SyncConflict) -> None:
        self.conflicts.append(event)
        self.published.append(event)

    async def audit(self, change: LiteLLMChangeApplied) -> None:
        self.audits.append(change)

    async def replace_drift(
        self, kind: Kind, entity_id: str | None, found: Sequence[SyncConflict]
    ) -> None:
        self.drift[kind] = list(found)

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeTx]:
        yield self


T0 = datetime(2026, 11, 1, tzinfo=UTC)
