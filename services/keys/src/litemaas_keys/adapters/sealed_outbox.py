"""Sealed secrets leave the keys outbox as soon as they are published.

The relay keeps published rows for days (a replay aid); a sealed secret must not sit at rest
that long, even as ciphertext, so these rows are deleted on the next sweep after publishing.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from litemaas_contracts.topics import KEYS_PROVISIONING
from litemaas_keys.adapters.tables import outbox


async def prune_published_secrets(engine: AsyncEngine) -> int:
    """Delete the provisioning rows the relay has published; unpublished ones stay to be sent."""
    async with engine.begin() as conn:
        result = await conn.execute(
            delete(outbox).where(
                outbox.c.topic == KEYS_PROVISIONING.name, outbox.c.published_at.is_not(None)
            )
        )
    return int(result.rowcount or 0)
