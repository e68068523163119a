"""The catalog's subscriptions to other contexts' events."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_catalog.adapters.repository import CatalogUnitOfWork
from litemaas_catalog.app.models import project
from litemaas_contracts import Envelope, Event
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired, ModelUpdated
from litemaas_contracts.topics import CATALOG_MODELS
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox

CONSUMER = "catalog.models-projection"
TOPICS = (CATALOG_MODELS.name,)


def handlers(outbox: Outbox) -> dict[type[Event], Handler]:
    """Idempotent on ce_id (inbox) and on content (upserts): may run twice."""

    async def on_model(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await project(CatalogUnitOfWork(session, outbox), event)

    return {ModelDiscovered: on_model, ModelUpdated: on_model, ModelRetired: on_model}
