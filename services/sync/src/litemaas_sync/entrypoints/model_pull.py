"""The model pull, on a schedule and on demand (admins: ``POST /api/v1/admin/sync/models``)."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.errors import Unavailable
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_servicekit.security import ADMIN, Principal, TokenVerifier, authenticated
from litemaas_sync.adapters.models_store import SqlModelStore
from litemaas_sync.app.pull_models import LiteLLMModels, pull_models
from litemaas_sync.entrypoints.integration import PullHistory

log = logging.getLogger(__name__)


@dataclass
class _Tx:
    session: AsyncSession
    outbox: Outbox

    @property
    def store(self) -> SqlModelStore:
        return SqlModelStore(self.session)

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)


class ModelPull:
    def __init__(
        self,
        litellm: LiteLLMModels,
        sessions: Sessions,
        outbox: Outbox,
        interval: float,
        retire_after: int,
    ) -> None:
        self.litellm = litellm
        self.sessions = sessions
        self.outbox = outbox
        self.interval = interval
        self.retire_after = retire_after
        self.history = PullHistory()

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[_Tx]:
        async with self.sessions.begin() as session:
            yield _Tx(session, self.outbox)

    async def once(self) -> dict[str, int]:
        async with self.history.timed():
            return await pull_models(self.litellm, self._transaction, self.retire_after)

    async def run_forever(self) -> None:
        while True:
            try:
                await self.once()
            except DependencyUnavailable as exc:
                log.warning("model pull skipped: LiteLLM unavailable", extra={"error": str(exc)})
            except Exception:
                log.exception("model pull failed")
            await asyncio.sleep(self.interval)


def router(pull: ModelPull, verifier: TokenVerifier) -> APIRouter:
    api = APIRouter(tags=["sync"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.post("/api/v1/admin/sync/models", summary="Pull LiteLLM's models now (admins)")
    async def pull_now(caller: Caller) -> dict[str, int]:
        caller.require(ADMIN)
        try:
            return await pull.once()
        except DependencyUnavailable as exc:
            raise Unavailable(f"LiteLLM is unavailable: {exc}") from exc

    return api
