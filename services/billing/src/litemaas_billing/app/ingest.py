"""Spend into the ledger, and the projection of keys that attributes it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from litemaas_billing.app.budget_ports import BudgetStore
from litemaas_billing.app.evaluate import evaluate
from litemaas_billing.app.ports import Ledger
from litemaas_billing.domain.budgets import match_keys
from litemaas_billing.domain.ledger import KeyOwner, LedgerEntry, attribute
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.keys import ApiKeyCreated

log = logging.getLogger(__name__)


async def record_spend(
    ledger: Ledger, record: SpendRecorded, event_id: str, budgets: BudgetStore | None = None
) -> bool:
    """One record: see ``record_spends``. True when it was new."""
    return bool(await record_spends(ledger, [(record, event_id)], budgets))


#: what else new spend does in the ingestion transaction (debit prepaid credits)
OnNewSpend = Callable[[list[LedgerEntry]], Awaitable[None]]


async def record_spends(
    ledger: Ledger,
    records: Sequence[tuple[SpendRecorded, str]],
    budgets: BudgetStore | None = None,
    on_new: OnNewSpend | None = None,
) -> set[str]:
    """Count each LiteLLM request once, a batch at a time: a request id already in the ledger
    (the other source, a re-published record) changes nothing. The new ones count against
    their budgets, in order, and go to ``on_new``, in the same transaction. Returns the request
    ids added. Raises
    ``UnknownOwner`` when a record has no owner (the batch is then retried record by record,
    so only that one is refused)."""
    owners = await ledger.owners_of({record.key_hash for record, _ in records})
    entries: dict[str, tuple[LedgerEntry, str]] = {}
    for record, event_id in records:
        entry = attribute(record, owners.get(record.key_hash))
        entries.setdefault(entry.request_id, (entry, event_id))
    added = await ledger.append(list(entries.values()))
    if len(added) < len(records):
        log.info("spend already in the ledger", extra={"repeated": len(records) - len(added)})
    new = [entry for entry, _ in entries.values() if entry.request_id in added]
    if on_new is not None and new:
        await on_new(new)
    if budgets is not None and new:
        wanted = {k for e in new for k in match_keys(e.key_hash, e.user_id, e.team_id, e.model)}
        budgeted = await budgets.budgeted(wanted)
        now = datetime.now(UTC)
        for entry in new:
            keys = match_keys(entry.key_hash, entry.user_id, entry.team_id, entry.model)
            if budgeted.intersection(keys):
                await evaluate(budgets, entry, now)
    return added


async def remember_key(ledger: Ledger, event: ApiKeyCreated) -> None:
    await ledger.remember(
        KeyOwner(event.key_hash, event.key_id, event.owner_user_id, event.team_id or None)
    )
