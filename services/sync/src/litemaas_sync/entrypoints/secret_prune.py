"""Pending sealed secrets are pruned one hour after sealing, on a schedule."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from litemaas_servicekit.db import Sessions
from litemaas_sync.adapters.sealed_secrets import SqlSealedSecrets
from litemaas_sync.app.push_keys import prune_secrets

log = logging.getLogger(__name__)


class SecretPrune:
    def __init__(self, sessions: Sessions, interval: float) -> None:
        self.sessions = sessions
        self.interval = interval

    async def once(self) -> int:
        async with self.sessions.begin() as session:
            pruned = await prune_secrets(SqlSealedSecrets(session), datetime.now(UTC))
        if pruned:
            log.info("pruned sealed secrets older than an hour", extra={"pruned": pruned})
        return pruned

    async def run_forever(self) -> None:
        while True:
            try:
                await self.once()
            except Exception:  # the database is back next round; the loop must not die
                log.exception("pruning sealed secrets failed")
            await asyncio.sleep(self.interval)
