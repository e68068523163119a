"""Pull LiteLLM's users, teams and keys, diff them with the desired state, settle each
difference by policy: one SyncConflict event and one audit record per difference.

A full cycle lists every object (all pages) once, outside any transaction; then each object
that differs is looked at again under its desired row's lock (a push handler may have just
changed it) and settled in its own transaction, so a cycle never holds up the consumers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import uuid4

from litemaas_contracts import Event
from litemaas_contracts.sync import ExternalChangeDetected, LiteLLMChangeApplied, SyncConflict
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_sync.app.desired import DesiredPort, LiteLLMStatePort, differing
from litemaas_sync.domain.desired import Overlay, foreign_key
from litemaas_sync.domain.drift import WHOLE, Desired, Drift, Kind, Observed, as_text, diff
from litemaas_sync.domain.policy import Decision, Policies, decide

log = logging.getLogger(__name__)
_ACTIONS = {"pushed": "updated", "recreated": "created"}


class ReconcileTx(Protocol):
    @property
    def desired(self) -> DesiredPort: ...

    async def overlay(self, kind: Kind | None = None, entity_id: str | None = None) -> Overlay: ...
    async def publish(self, event: Event) -> None: ...
    async def conflict(self, event: SyncConflict) -> None: ...
    async def audit(self, change: LiteLLMChangeApplied) -> None: ...
    async def replace_drift(
        self, kind: Kind, entity_id: str | None, found: Sequence[SyncConflict]
    ) -> None: ...


Transaction = Callable[[], AbstractAsyncContextManager[ReconcileTx]]


def _desired_view(desired: Mapping[str, Desired], overlay: Overlay) -> dict[str, Desired]:
    return {entity_id: overlay.apply(want) for entity_id, want in desired.items()}


async def reconcile(
    kind: Kind,
    litellm: LiteLLMStatePort,
    transaction: Transaction,
    policies: Policies,
    entity_id: str | None = None,
) -> list[SyncConflict]:
    """Settles every difference of one kind (or of one object); returns the conflicts."""
    if entity_id is None:
        observed = await litellm.list(kind)
    else:
        one = await litellm.one(kind, entity_id)
        observed = {entity_id: one} if one else {}
    async with transaction() as tx:
        overlay = await tx.overlay()
        if entity_id is None:
            desired = await tx.desired.load(kind)
            if not await tx.desired.baselined(kind):
                await _baseline(kind, observed, tx)
                return []
        else:
            found = await tx.desired.get(kind, entity_id)
            desired = {entity_id: found} if found else {}
        drifts = diff(_desired_view(desired, overlay), observed)
    settled: list[SyncConflict] = []
    for target in sorted({d.entity_id for d in drifts}):
        try:
            settled.extend(await _settle(kind, target, litellm, transaction, policies))
        except DependencyUnavailable:
            raise  # LiteLLM or the database is away: the whole cycle waits for the next
        except Exception as exc:  # one object LiteLLM refuses must not stop the others
            log.exception("reconcile: %s %s not settled", kind, target)
            async with transaction() as tx:
                await tx.audit(_failed(kind, target, exc))
    async with transaction() as tx:
        await tx.replace_drift(kind, entity_id, settled)
    return settled


async def _baseline(kind: Kind, observed: Mapping[str, Observed], tx: ReconcileTx) -> None:
    """The first cycle of a kind after upgrading takes LiteLLM as it is for objects the
    desired state does not know yet (made before sync kept one); the events that follow
    refine it. Later cycles report objects only LiteLLM has."""
    for entity_id, seen in observed.items():
        if await tx.desired.get(kind, entity_id) is None:
            await tx.desired.record(
                kind, entity_id, seen.fields, event_id="baseline", at=None, key_id=seen.key_id
            )
    await tx.desired.mark_baselined(kind)
    now = datetime.now(UTC)
    await tx.audit(
        LiteLLMChangeApplied(
            entity_type=kind,
            entity_id="*",
            action="skipped",
            detail=f"baseline: {len(observed)} {kind}(s) in LiteLLM taken as desired",
            source_event_id=f"baseline-{kind}",
            source_event_type="litemaas.sync.Baseline",
            applied_at=now,
        )
    )


async def _settle(
    kind: Kind,
    entity_id: str,
    litellm: LiteLLMStatePort,
    transaction: Transaction,
    policies: Policies,
) -> list[SyncConflict]:
    """One object, looked at again under its row lock: only what still differs is settled."""
    async with transaction() as tx:
        found = await tx.desired.get(kind, entity_id, lock=True)
        overlay = await tx.overlay(kind, entity_id)
        seen = await litellm.one(kind, entity_id)
        desired = {entity_id: overlay.apply(found)} if found else {}
        drifts = diff(desired, {entity_id: seen} if seen else {})
        if not drifts:
            return []
        decided = [(drift, decide(drift, policies)) for drift in drifts]
        after = await _act(kind, entity_id, decided, litellm, tx, seen)
        now = datetime.now(UTC)
        conflicts = []
        for drift, decision in decided:
            field_after = after.get(drift.field, drift.theirs)
            final: str = "unresolved" if field_after is _UNRESOLVED else decision
            event = _conflict(drift, policies, final, field_after, now)
            await tx.conflict(event)
            await tx.audit(_audit(event))
            conflicts.append(event)
        return conflicts


_UNRESOLVED = object()


async def _act(
    kind: Kind,
    entity_id: str,
    decided: Sequence[tuple[Drift, Decision]],
    litellm: LiteLLMStatePort,
    tx: ReconcileTx,
    seen: Observed | None,
) -> dict[str, Any]:
    """Carries out the decisions; returns LiteLLM's value after each (``_UNRESOLVED`` when a
    write did not take even after a retry)."""
    now = datetime.now(UTC)
    after: dict[str, Any] = {}
    push = {d.field: d.ours for d, decision in decided if decision == "pushed"}
    if push:
        await litellm.write(kind, entity_id, push)
        left = await differing(litellm, kind, entity_id, push)
        if left:
            await litellm.write(kind, entity_id, {n: push[n] for n in left})
            left = await differing(litellm, kind, entity_id, push)
        after |= {name: (_UNRESOLVED if name in left else push[name]) for name in push}
    for drift, decision in decided:
        match decision:
            case "recreated":
                await litellm.create(kind, entity_id, drift.desired)
                after[WHOLE] = "present" if await litellm.one(kind, entity_id) else _UNRESOLVED
            case "tombstoned":
                await tx.desired.set_status(kind, entity_id, "tombstoned", now, drift.key_id)
                await tx.publish(_external(drift, "deleted", now))
            case "reported":
                await tx.desired.set_status(kind, entity_id, "foreign", now, drift.key_id)
            case "adopted" if drift.field == WHOLE:
                await tx.desired.set_status(kind, entity_id, "foreign", now, drift.key_id)
                await tx.publish(_external(drift, "present", now))
            case "adopted":
                at = drift.theirs_changed_at or now
                values = {drift.field: drift.theirs}
                await tx.desired.record(kind, entity_id, values, event_id="litellm", at=at)
                await tx.publish(_external(drift, drift.theirs, now))
    return after


def _external(drift: Drift, value: Any, now: datetime) -> ExternalChangeDetected:
    made_there = drift.kind == "key" and drift.presence == "only_litellm"
    return ExternalChangeDetected(
        conflict_id=str(uuid4()),
        entity_type=drift.kind,
        entity_id=drift.entity_id,
        field=drift.field,
        value=as_text(value),
        previous=as_text(drift.ours),
        changed_at=drift.theirs_changed_at or now,
        key_id=drift.key_id,
        key=foreign_key(drift.observed) if made_there else None,
    )


def _conflict(
    drift: Drift, policies: Policies, decision: str, after: Any, now: datetime
) -> SyncConflict:
    return SyncConflict(
        conflict_id=str(uuid4()),
        entity_type=drift.kind,
        entity_id=drift.entity_id,
        field=drift.field,
        ours=as_text(drift.ours),
        theirs=as_text(drift.theirs),
        ours_changed_at=drift.ours_changed_at,
        theirs_changed_at=drift.theirs_changed_at,
        policy=policies.describe(drift),
        decision=decision,
        before=as_text(drift.theirs),
        after=as_text(drift.theirs if after is _UNRESOLVED else after),
        source_event_id=drift.event_id,
        detected_at=now,
    )


def _audit(event: SyncConflict) -> LiteLLMChangeApplied:
    detail = (
        f"{event.field}: ours={event.ours} litellm={event.before} → {event.after} "
        f"({event.policy}: {event.decision})"
    )
    return LiteLLMChangeApplied(
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        action=_ACTIONS.get(event.decision, "skipped"),
        detail=detail[:1000],
        source_event_id=event.conflict_id,
        source_event_type=SyncConflict.event_type,
        applied_at=event.detected_at,
    )


def _failed(kind: Kind, entity_id: str, exc: Exception) -> LiteLLMChangeApplied:
    now = datetime.now(UTC)
    return LiteLLMChangeApplied(
        entity_type=kind,
        entity_id=entity_id,
        action="skipped",
        detail=f"reconcile could not settle it: {type(exc).__name__}: {str(exc)[:500]}",
        source_event_id=f"reconcile-{now.isoformat()}",
        source_event_type="litemaas.sync.Reconcile",
        applied_at=now,
    )
