"""Auth's one subscription: changes to users and teams made directly in LiteLLM (sync's
conflicts topic).

Delivery contract: at least once, idempotent on ce_id (inbox) and on content (a value the user
already has changes nothing): may run twice. A value auth refuses (``AdoptionRefused``) is
dead-lettered with the reason after the usual attempts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_auth.adapters.repository import SqlUnitOfWork
from litemaas_auth.adapters.team_repository import TeamUnitOfWork
from litemaas_auth.app.external import adopt_external_change, adopt_team_change
from litemaas_contracts import Envelope, Event
from litemaas_contracts.sync import ExternalChangeDetected
from litemaas_contracts.topics import SYNC_CONFLICTS
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox
from litemaas_servicekit.security import RedisRevocations

EXTERNAL_CONSUMER = "auth.external"
EXTERNAL_TOPICS = (SYNC_CONFLICTS.name,)


def external_handlers(outbox: Outbox, revocations: RedisRevocations) -> dict[type[Event], Handler]:
    async def on_external(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        if event.entity_type == "team":
            await adopt_team_change(TeamUnitOfWork(session, outbox), event)
        else:
            await adopt_external_change(SqlUnitOfWork(session, outbox, revocations), event)

    return {ExternalChangeDetected: on_external}
