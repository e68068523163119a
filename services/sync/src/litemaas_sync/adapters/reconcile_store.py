"""The reconciler's transaction: desired state, billing's budgets over it, conflicts, drift and
the audit trail, with every event through the outbox (the only place this SQL lives)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import and_, delete, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Event
from litemaas_contracts.sync import LiteLLMChangeApplied, SyncConflict
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox
from litemaas_sync.adapters.desired_store import SqlDesiredStore
from litemaas_sync.adapters.desired_tables import sync_audit_log, sync_conflicts, sync_drift
from litemaas_sync.adapters.tables import budgets
from litemaas_sync.domain.budgets import ENFORCED_IN_LITELLM, Budget
from litemaas_sync.domain.desired import Overlay
from litemaas_sync.domain.drift import Kind, as_text, money

_DIFFERENCE = ("ours", "theirs", "ours_changed_at", "theirs_changed_at", "policy", "decision")


class SqlReconcileTx:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session = session
        self.outbox = outbox
        self.desired = SqlDesiredStore(session)

    async def overlay(self, kind: Kind | None = None, entity_id: str | None = None) -> Overlay:
        """Billing's live budgets as LiteLLM should hold them, and the subjects whose
        ``max_budget`` a credit cap owns. For one object its rows are read ``FOR SHARE``: a
        budget handler that has changed them but not yet committed (it writes LiteLLM in
        between) is waited for, so its new value is never pushed back as drift."""
        query = select(budgets).where(~budgets.c.removed, budgets.c.scope.in_(ENFORCED_IN_LITELLM))
        caps = "SELECT scope, subject FROM credit_caps"
        if kind is not None and entity_id is not None:
            query = query.where(budgets.c.scope == kind, budgets.c.subject == entity_id)
            query = query.with_for_update(read=True)
            caps += " WHERE scope = :scope AND subject = :subject FOR SHARE"
        rows = await self.session.execute(query)
        found: dict[tuple[str, str], dict[str, Any]] = {}
        for r in rows:
            budget = Budget(
                r.budget_id, r.scope, r.subject, r.period, r.hard_limit, r.soft_limit,
                False, r.set_at, carry=r.carry,
            )  # fmt: skip
            wanted = budget.in_litellm()
            values: dict[str, Any] = {
                "max_budget": money(wanted.max_budget),
                "budget_duration": wanted.budget_duration,
            }
            if r.scope == "key":
                values["soft_budget"] = money(wanted.soft_budget)
            found[(r.scope, r.subject)] = values
        capped = await self.session.execute(text(caps), {"scope": kind, "subject": entity_id})
        return Overlay(found, frozenset((c.scope, c.subject) for c in capped))

    async def publish(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    async def conflict(self, event: SyncConflict) -> None:
        await self.session.execute(
            sync_conflicts.insert().values(**event.model_dump(include=set(_CONFLICT_COLUMNS)))
        )
        await self.publish(event)

    async def audit(self, change: LiteLLMChangeApplied) -> None:
        await record_audit(self.session, self.outbox, change)

    async def replace_drift(
        self, kind: Kind, entity_id: str | None, found: Sequence[SyncConflict]
    ) -> None:
        """The drift report of a kind is its last full cycle; one object's cycle replaces
        only that object's rows."""
        where = sync_drift.c.entity_type == kind
        if entity_id is not None:
            where = and_(where, sync_drift.c.entity_id == entity_id)
        await self.session.execute(delete(sync_drift).where(where))
        for c in found:
            values = c.model_dump(include={"entity_type", "entity_id", "field", *_DIFFERENCE})
            values["detected_at"] = c.detected_at
            await self.session.execute(sync_drift.insert().values(**values))


_CONFLICT_COLUMNS = (
    "conflict_id", "entity_type", "entity_id", "field", *_DIFFERENCE, "before", "after",
    "source_event_id", "detected_at",
)  # fmt: skip


async def record_audit(session: AsyncSession, outbox: Outbox, change: LiteLLMChangeApplied) -> None:
    """One audit record: the event on the audit topic and the row the admin API reads."""
    await outbox.add(session, change)
    await session.execute(sync_audit_log.insert().values(**change.model_dump()))


def unconfirmed_reporter(session: AsyncSession, outbox: Outbox) -> Any:
    """Reports a push whose read-back still differs after a retry, as an unresolved conflict."""

    async def report(kind: Kind, entity_id: str, field: str, ours: Any, theirs: Any) -> None:
        now = datetime.now(UTC)
        event = SyncConflict(
            conflict_id=str(uuid4()),
            entity_type=kind,
            entity_id=entity_id,
            field=field,
            ours=as_text(ours),
            theirs=as_text(theirs),
            policy="read_back",
            decision="unresolved",
            before=as_text(theirs),
            after=as_text(theirs),
            detected_at=now,
        )
        await SqlReconcileTx(session, outbox).conflict(event)

    return report


#: one reconcile cycle at a time across every sync instance (any constant unique to this use)
_CYCLE_LOCK = 0x5C_0DE_2EC0


@asynccontextmanager
async def cycle_lock(sessions: Sessions) -> AsyncIterator[bool]:
    """True while this instance holds the cluster-wide reconcile lock; False when another
    instance is in a cycle (this one then skips instead of reporting every difference twice)."""
    async with sessions() as session:
        held = bool(
            await session.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": _CYCLE_LOCK})
        )
        try:
            yield held
        finally:
            if held:
                await session.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _CYCLE_LOCK})
