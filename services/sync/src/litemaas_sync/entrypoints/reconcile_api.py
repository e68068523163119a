"""Two-way reconciliation on a schedule and on demand, and what admins can read about it.

``POST /api/v1/admin/sync/reconcile`` (one kind, one object, or everything),
``GET /api/v1/admin/sync/drift``, ``GET /api/v1/admin/sync/conflicts``,
``GET /api/v1/admin/sync/audit``. Admins reconcile; admins and admin-readonly read. Bad
input is a 422 problem, LiteLLM down a 503.
"""

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import AfterValidator, BaseModel, ConfigDict

from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Invalid, Unavailable
from litemaas_servicekit.fields import MAX_PAGE, plain_or_none, text
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_servicekit.security import (
    ADMIN,
    ADMIN_READONLY,
    Principal,
    TokenVerifier,
    authenticated,
)
from litemaas_sync.adapters import reconcile_queries as queries
from litemaas_sync.adapters.litellm import LiteLLMRejected
from litemaas_sync.adapters.litellm_state import WriteCounter
from litemaas_sync.adapters.reconcile_store import SqlReconcileTx, cycle_lock
from litemaas_sync.app.desired import LiteLLMStatePort
from litemaas_sync.app.reconcile import reconcile
from litemaas_sync.domain.drift import KINDS, Kind
from litemaas_sync.domain.policy import Policies
from litemaas_sync.entrypoints.integration import PullHistory

log = logging.getLogger(__name__)


class Reconciler:
    """One cycle at a time in this process; the result of the last one is kept for health."""

    def __init__(
        self,
        litellm: LiteLLMStatePort,
        sessions: Sessions,
        outbox: Outbox,
        policies: Policies,
        interval: float,
        writes: WriteCounter,
    ) -> None:
        self.litellm, self.sessions, self.outbox = litellm, sessions, outbox
        self.policies, self.interval, self.writes = policies, interval, writes
        self.lock = asyncio.Lock()
        self.last: dict[str, Any] | None = None
        #: full cycles only: their last success, duration and failure, for /health/integration
        self.history = PullHistory()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[SqlReconcileTx]:
        async with self.sessions.begin() as session:
            yield SqlReconcileTx(session, self.outbox)

    async def once(self, kind: Kind | None = None, entity_id: str | None = None) -> dict[str, Any]:
        if kind is None:
            async with self.history.timed():
                return await self._once(None, None)
        return await self._once(kind, entity_id)

    async def _once(self, kind: Kind | None, entity_id: str | None) -> dict[str, Any]:
        async with self.lock, cycle_lock(self.sessions) as held:
            if not held:
                return {"skipped": "another sync instance is reconciling", "conflicts": 0}
            started = time.monotonic()
            decisions: dict[str, int] = {}
            by_kind: dict[str, int] = {}
            with self.writes.counting() as writes:  # this cycle's, not the push handlers'
                for each in (kind,) if kind else KINDS:
                    found = await reconcile(
                        each, self.litellm, self._transaction, self.policies, entity_id
                    )
                    by_kind[each] = len(found)
                    for conflict in found:
                        decisions[conflict.decision] = decisions.get(conflict.decision, 0) + 1
            result = {
                "kinds": [kind] if kind else list(KINDS),
                "entity_id": entity_id,
                "conflicts": sum(decisions.values()),
                "drift_by_entity_type": by_kind,
                "decisions": decisions,
                "litellm_writes": writes[0],
                "finished_at": datetime.now(UTC).isoformat(),
                "duration_seconds": round(time.monotonic() - started, 3),
            }
            if kind is None:
                self.last = result
            return result

    async def drift_counts(self) -> dict[str, int]:
        """The differences the last cycle of each entity type found (persisted)."""
        async with self.sessions() as session:
            report = await queries.drift_report(session, None)
        return {kind: report["counts"].get(kind, 0) for kind in KINDS}

    def health(self) -> dict[str, Any]:
        """For /health/integration: the last full cycle (its drift by entity type, writes and
        duration) and every write made to LiteLLM since start."""
        return {"last_reconcile": self.last, "litellm_writes_total": self.writes.writes}

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.once()
            except DependencyUnavailable as exc:
                log.warning("reconcile skipped: LiteLLM unavailable", extra={"error": str(exc)})
            except Exception:
                log.exception("reconcile failed")


class ReconcileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: one kind, or every kind when left out
    entity_type: Literal["user", "team", "key"] | None = None
    #: one object of that kind (a user id, a team id, a key's hash)
    entity_id: text(100) | None = None  # type: ignore[valid-type]


Page = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=MAX_PAGE * 500)]
KindFilter = Annotated[Literal["user", "team", "key"] | None, Query()]
Text = Annotated[str | None, Query(max_length=120), AfterValidator(plain_or_none)]
KindText = Annotated[str | None, Query(max_length=16), AfterValidator(plain_or_none)]


def _aware(moment: datetime | None) -> datetime | None:
    """In UTC (naive read as UTC); a time UTC cannot hold (year 1 at +14:00) is bad input."""
    if moment is None:
        return None
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError as exc:
        raise Invalid("since is out of range") from exc


def router(reconciler: Reconciler, verifier: TokenVerifier) -> APIRouter:
    api = APIRouter(prefix="/api/v1/admin/sync", tags=["sync"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.post("/reconcile", summary="Reconcile with LiteLLM now (admins)")
    async def reconcile_now(caller: Caller, body: ReconcileRequest) -> dict[str, Any]:
        caller.require(ADMIN)
        if body.entity_id is not None and body.entity_type is None:
            raise Invalid("entity_id needs entity_type")
        try:
            return await reconciler.once(body.entity_type, body.entity_id)
        except DependencyUnavailable as exc:
            raise Unavailable(f"LiteLLM is unavailable: {exc}") from exc
        except LiteLLMRejected as exc:  # e.g. an id LiteLLM cannot look up
            raise Invalid(f"LiteLLM refused the lookup: {exc}") from exc

    @api.get("/drift", summary="The differences the last reconcile found (admins)")
    async def drift(caller: Caller, entity_type: KindFilter = None) -> dict[str, Any]:
        caller.require(ADMIN, ADMIN_READONLY)
        async with reconciler.sessions.begin() as session:
            report = await queries.drift_report(session, entity_type)
        return {**report, "last_cycle": reconciler.last}

    @api.get("/conflicts", summary="Conflicts found and how each was settled (admins)")
    async def conflicts(
        caller: Caller,
        entity_type: KindFilter = None,
        entity_id: Text = None,
        field: Text = None,
        decision: Text = None,
        since: datetime | None = None,
        limit: Page = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        caller.require(ADMIN, ADMIN_READONLY)
        async with reconciler.sessions.begin() as session:
            return await queries.conflicts(
                session, kind=entity_type, entity_id=entity_id, field=field,
                decision=decision, since=_aware(since), limit=limit, offset=offset,
            )  # fmt: skip

    @api.get("/audit", summary="The sync audit trail (admins)")
    async def audit(
        caller: Caller,
        entity_type: KindText = None,
        entity_id: Text = None,
        since: datetime | None = None,
        limit: Page = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        caller.require(ADMIN, ADMIN_READONLY)
        async with reconciler.sessions.begin() as session:
            return await queries.audit_trail(
                session, kind=entity_type, entity_id=entity_id, since=_aware(since),
                limit=limit, offset=offset,
            )  # fmt: skip

    return api
