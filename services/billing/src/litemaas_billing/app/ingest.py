"""Spend into the ledger, and the projection of keys that attributes it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from litemaas_billing.app.budget_ports import BudgetStore
from litemaas_billing.app.evaluate import evaluate
from litemaas_billing.app.ports import Ledger
from litemaas_billing.domain.ledger import KeyOwner, attribute
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.keys import ApiKeyCreated

log = logging.getLogger(__name__)


async def record_spend(
    ledger: Ledger, record: SpendRecorded, event_id: str, budgets: BudgetStore | None = None
) -> bool:
    """Count one LiteLLM request once: a request id already in the ledger (the other source,
    a re-published record) changes nothing. A new one counts against its budgets in the same
    transaction. Raises ``UnknownOwner`` when no owner is found."""
    entry = attribute(record, await ledger.owner_of(record.key_hash))
    added = await ledger.append(entry, event_id)
    if added and budgets is not None:
        await evaluate(budgets, entry, datetime.now(UTC))
    if not added:
        log.info(
            "spend already in the ledger",
            extra={"request_id": record.request_id, "source": record.source},
        )
    return added


async def remember_key(ledger: Ledger, event: ApiKeyCreated) -> None:
    await ledger.remember(
        KeyOwner(event.key_hash, event.key_id, event.owner_user_id, event.team_id or None)
    )
