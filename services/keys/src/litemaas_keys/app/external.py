"""Changes made directly in LiteLLM that sync found and the keys service adopts.

A key deleted in LiteLLM cannot come back (LiteMaaS never keeps a key's secret): it is revoked
here too, through the same rule as a revocation by its owner, so its history says so and its
owner sees it revoked. A key made in LiteLLM and announced for adoption (sync's ``adopt``
setting) becomes its owner's LiteMaaS key when it keeps a new key's rules (see
``domain/adoption.py``), else it is refused with the reason. Other key changes LiteLLM is
configured to win (``litellm_wins``) are not adopted: the key's models and limits stay the keys
service's decisions, and sync's reconcile keeps reporting the difference."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from litemaas_contracts.sync import ExternalChangeDetected
from litemaas_keys.app.ports import KeysStore
from litemaas_keys.domain.adoption import adopt, adopted_id
from litemaas_keys.domain.keys import revoke

log = logging.getLogger(__name__)
ACTOR = "litellm"
REASON = "deleted in LiteLLM"


async def adopt_external_change(store: KeysStore, event: ExternalChangeDetected) -> None:
    """Idempotent: a key no longer active, or unknown here, changes nothing; a key adopted
    once is not adopted again. Raises ``AdoptionRefused`` for a key that cannot be adopted."""
    if event.entity_type != "key":
        return
    if event.field == "*" and event.key is not None and json.loads(event.value) == "present":
        return await _adopt(store, event)
    if event.field != "*" or json.loads(event.value) != "deleted":
        log.info(
            "a LiteLLM change to a key is not adopted",
            extra={"key_id": event.key_id, "field": event.field},
        )
        return
    key = await store.key(event.key_id, lock=True) if event.key_id else None
    if key is None or key.key_hash != event.entity_id or key.status != "active":
        return
    key, revoked = revoke(key, ACTOR, REASON, event.changed_at or datetime.now(UTC))
    await store.save(key)
    await store.record(revoked)


async def _adopt(store: KeysStore, event: ExternalChangeDetected) -> None:
    assert event.key is not None
    if await store.key(adopted_id(event.entity_id)) is not None:
        return
    owner = event.key.owner_user_id
    if owner:
        await store.hold_user(owner, exclusive=False)  # a deactivation waits for this key
    now = datetime.now(UTC)
    key, created = adopt(
        event.entity_id,
        event.key,
        owner_active=bool(owner) and not await store.deactivated(owner or ""),
        entitled=await store.entitled(owner, lock=True) if owner else set(),
        teams=set(await store.teams_of(owner)) if owner else set(),
        now=now,
    )
    await store.save(key)
    await store.record(created)
    log.info("a key made in LiteLLM is adopted", extra={"key_id": key.id})
