"""The billing service's subscriptions: spend into the ledger, and keys for attribution.

Two consumer groups, so a spend record waiting for its key's owner (attempts counted, then the
DLQ) never holds back the ApiKeyCreated that would attribute it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budgets import SqlBudgets
from litemaas_billing.adapters.ledger import SqlLedger
from litemaas_billing.app.ingest import record_spend, remember_key
from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.keys import ApiKeyCreated
from litemaas_contracts.topics import BILLING_SPEND, KEYS_APIKEYS
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox

LEDGER_CONSUMER = "billing.ledger"
LEDGER_TOPICS = (BILLING_SPEND.name,)
KEYS_CONSUMER = "billing.keys"
KEYS_TOPICS = (KEYS_APIKEYS.name,)


def ledger_handlers(events: Outbox) -> dict[type[Event], Handler]:
    """Idempotent on ce_id (inbox) and on LiteLLM's request id (the ledger's unique key: the
    same request from the other source, or re-published, is counted once): may run twice.
    A new request counts against its budgets in the same transaction (alerts via the outbox).
    Raises ``UnknownOwner`` for spend no one owns; the consumer retries it a bounded number of
    times, then dead-letters it with that reason."""

    async def on_spend(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await record_spend(SqlLedger(session), event, envelope.id, SqlBudgets(session, events))

    return {SpendRecorded: on_spend}


def key_handlers() -> dict[type[Event], Handler]:
    """Idempotent on ce_id and on the key's hash (a key's owner is written once): may run
    twice."""

    async def on_created(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await remember_key(SqlLedger(session), event)

    return {ApiKeyCreated: on_created}
