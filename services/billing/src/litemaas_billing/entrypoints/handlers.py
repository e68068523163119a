"""The billing service's subscriptions: spend into the ledger, and keys for attribution.

Two consumer groups, so a spend record waiting for its key's owner (attempts counted, then the
DLQ) never holds back the ApiKeyCreated that would attribute it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budgets import SqlBudgets
from litemaas_billing.adapters.credits import SqlCredits
from litemaas_billing.adapters.ledger import SqlLedger
from litemaas_billing.app.credits import debit_spend
from litemaas_billing.app.ingest import record_spends, remember_key
from litemaas_billing.domain.credits import Pricing
from litemaas_billing.domain.ledger import LedgerEntry
from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.keys import ApiKeyCreated
from litemaas_contracts.topics import BILLING_SPEND, KEYS_APIKEYS
from litemaas_servicekit.batch import BatchHandler
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox

LEDGER_CONSUMER = "billing.ledger"
LEDGER_TOPICS = (BILLING_SPEND.name,)
KEYS_CONSUMER = "billing.keys"
KEYS_TOPICS = (KEYS_APIKEYS.name,)


LEDGER_TYPES: tuple[type[Event], ...] = (SpendRecorded,)


def ledger_handler(events: Outbox, pricing: Pricing) -> BatchHandler:
    """A batch of spend, in one transaction. Idempotent on ce_id (inbox) and on LiteLLM's
    request id (the ledger's unique key: the same request from the other source, or
    re-published, is counted once): may run twice. New requests count against their budgets
    and debit prepaid credits in the same transaction (alerts via the outbox). Raises
    ``UnknownOwner`` for spend no one owns; the batch then goes record by record, and that
    record is retried a bounded number of times, then dead-lettered with that reason."""

    async def on_spend(session: AsyncSession, batch: Sequence[tuple[Any, Envelope]]) -> None:
        records = [(event, envelope.id) for event, envelope in batch]
        credits = SqlCredits(session, events)

        async def debit(new: list[LedgerEntry]) -> None:
            await debit_spend(credits, new, pricing, datetime.now(UTC))

        await record_spends(SqlLedger(session), records, SqlBudgets(session, events), debit)

    return on_spend


def key_handlers() -> dict[type[Event], Handler]:
    """Idempotent on ce_id and on the key's hash (a key's owner is written once): may run
    twice."""

    async def on_created(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await remember_key(SqlLedger(session), event)

    return {ApiKeyCreated: on_created}
