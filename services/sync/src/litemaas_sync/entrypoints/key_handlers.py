"""Sync's key subscriptions: the key lifecycle (ordered per key) and the sealed secrets.

Two consumer groups, so that a key waiting for its secret never holds up the secret itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Envelope, Event
from litemaas_contracts.keys import (
    ApiKeyArchived,
    ApiKeyBlocked,
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeySecretSealed,
    ApiKeySpendReset,
    ApiKeyUnblocked,
    ApiKeyUpdated,
)
from litemaas_contracts.topics import KEYS_APIKEYS, KEYS_PROVISIONING
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox
from litemaas_sync.adapters.budget_store import SqlBudgetStore
from litemaas_sync.adapters.reconcile_store import record_audit
from litemaas_sync.adapters.sealed_secrets import SqlSealedSecrets
from litemaas_sync.adapters.spend_store import SqlSpendStore
from litemaas_sync.app.block_keys import set_blocked
from litemaas_sync.app.desired import LiteLLMStatePort
from litemaas_sync.app.push_keys import LiteLLMKeysPort, Opener, change_key, create_key, keep_secret
from litemaas_sync.entrypoints.handlers import tracking_in

KEYS_CONSUMER, KEYS_TOPICS = "sync.litellm-keys", (KEYS_APIKEYS.name,)
SECRETS_CONSUMER, SECRETS_TOPICS = "sync.key-secrets", (KEYS_PROVISIONING.name,)


def key_handlers(
    litellm: LiteLLMKeysPort, opener: Opener, outbox: Outbox, state: LiteLLMStatePort | None = None
) -> dict[type[Event], Handler]:
    """Idempotent on ce_id (inbox) and on LiteLLM's state (looked up by the key's hash)."""

    async def audit_into(session: AsyncSession) -> Any:
        async def audit(change: Any) -> None:
            await record_audit(session, outbox, change)

        return audit

    async def on_created(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        # spend records carry LiteLLM's key hash; this is how they learn LiteMaaS's key id
        await SqlSpendStore(session).learn_key(event.key_hash, event.key_id)
        await create_key(
            event,
            envelope,
            litellm,
            SqlSealedSecrets(session),
            opener,
            await audit_into(session),
            SqlBudgetStore(session),
            tracking_in(session, outbox, state),
        )

    async def on_change(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        audit, budgets = await audit_into(session), SqlBudgetStore(session)
        tracking = tracking_in(session, outbox, state)
        await change_key(event, envelope, litellm, audit, budgets, tracking)

    async def on_block(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        tracking = tracking_in(session, outbox, state)
        await set_blocked(event, envelope, litellm, await audit_into(session), tracking)

    return {
        ApiKeyCreated: on_created,
        ApiKeyUpdated: on_change,
        ApiKeyRevoked: on_change,
        ApiKeyArchived: on_change,
        ApiKeySpendReset: on_change,
        ApiKeyBlocked: on_block,
        ApiKeyUnblocked: on_block,
    }


def secret_handlers() -> dict[type[Event], Handler]:
    async def on_sealed(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await keep_secret(event, SqlSealedSecrets(session))

    return {ApiKeySecretSealed: on_sealed}
