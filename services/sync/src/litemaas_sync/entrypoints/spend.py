"""Spend ingestion's entrypoints: the pull on a schedule and on demand
(``POST /api/v1/admin/sync/spend``), and ``POST /internal/spend``, where LiteLLM's callback
(``deploy/litellm/litemaas_callback.py``) pushes each request as it ends."""

import asyncio
import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Invalid, Problem, Unauthorized, Unavailable
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_servicekit.security import ADMIN, Principal, TokenVerifier, authenticated
from litemaas_sync.adapters.litellm import LiteLLMRejected
from litemaas_sync.adapters.spend_store import SqlSpendStore
from litemaas_sync.app.pull_spend import SpendLogs, pull_spend, record_pushed
from litemaas_sync.domain.spend import NotASpendRecord
from litemaas_sync.entrypoints.integration import PullHistory

log = logging.getLogger(__name__)
#: a standard logging object without prompt and response is a few KiB
MAX_PUSH_BYTES = 64 * 1024


class TooLarge(Problem):
    status, title = 413, "Content too large"


@dataclass
class _Tx:
    session: AsyncSession
    outbox: Outbox

    @property
    def store(self) -> SqlSpendStore:
        return SqlSpendStore(self.session)

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)


class SpendIngestion:
    def __init__(
        self,
        logs: SpendLogs,
        sessions: Sessions,
        outbox: Outbox,
        *,
        interval: float,
        lag: float,
        overlap: float,
    ) -> None:
        self.logs, self.sessions, self.outbox = logs, sessions, outbox
        self.interval = interval
        self.lag, self.overlap = timedelta(seconds=lag), timedelta(seconds=overlap)
        self.last_pull: dict[str, Any] = {}
        self.history = PullHistory()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Tx]:
        async with self.sessions.begin() as session:
            yield _Tx(session, self.outbox)

    async def pull(self) -> int:
        try:
            async with self.history.timed():
                recorded = await pull_spend(
                    self.logs, self.transaction, datetime.now(UTC), self.lag, self.overlap
                )
        except Exception as exc:
            self.last_pull = {"ok": False, "at": datetime.now(UTC).isoformat(), "error": str(exc)}
            raise
        self.last_pull = {"ok": True, "at": datetime.now(UTC).isoformat(), "recorded": recorded}
        return recorded

    async def run_forever(self) -> None:
        while True:
            try:
                await self.pull()
            except (DependencyUnavailable, LiteLLMRejected) as exc:
                log.warning("spend pull skipped: LiteLLM unavailable", extra={"error": str(exc)})
            except Exception:  # the database is back next round; the loop must not die
                log.exception("spend pull failed")
            await asyncio.sleep(self.interval)


def router(spend: SpendIngestion, verifier: TokenVerifier, push_secret: str) -> APIRouter:
    api = APIRouter(tags=["sync"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.post("/api/v1/admin/sync/spend", summary="Pull LiteLLM's spend logs now (admins)")
    async def pull_now(caller: Caller) -> dict[str, int]:
        """Reads the windows that have closed since the last pull; ``recorded`` new rows."""
        caller.require(ADMIN)
        try:
            return {"recorded": await spend.pull()}
        except (DependencyUnavailable, LiteLLMRejected) as exc:
            raise Unavailable(f"LiteLLM is unavailable: {exc}") from exc

    @api.post("/internal/spend", status_code=202, summary="LiteLLM's callback pushes a request")
    async def pushed(request: Request) -> dict[str, str]:
        """One standard logging object (without prompt or response), recorded as
        SpendRecorded(source="push") through the outbox. At most once: the pull closes gaps,
        and billing counts a request id once however often it comes."""
        given = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if not push_secret or not hmac.compare_digest(given, push_secret.encode()):
            raise Unauthorized("the spend push secret is required")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_PUSH_BYTES:
                raise TooLarge(f"a pushed record is at most {MAX_PUSH_BYTES} bytes")
        try:
            record = json.loads(bytes(body), parse_float=Decimal)
        except ValueError as exc:
            raise Invalid("the body is not JSON") from exc
        if not isinstance(record, dict):
            raise Invalid("the body must be one standard logging object")
        try:
            async with spend.transaction() as tx:
                event = await record_pushed(record, tx, datetime.now(UTC))
        except NotASpendRecord as exc:
            raise Invalid(f"not a spend record: {exc}") from exc
        return {"request_id": event.request_id}

    return api
