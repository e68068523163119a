"""A key deleted straight in LiteLLM is revoked here too; other LiteLLM changes are not adopted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from litemaas_contracts.keys import ApiKeyRevoked, KeyLimits
from litemaas_contracts.sync import ExternalChangeDetected
from litemaas_keys.app import keys as uc
from litemaas_keys.app.external import adopt_external_change
from litemaas_keys.domain.keys import Policy
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import USER, Principal
from services.keys.tests.unit.fakes import Store, transactions

pytestmark = pytest.mark.unit
ANN = Principal("ann", "ann", frozenset({USER}))
SEALER = Sealer("provisioning-secret-shared-by-keys-and-sync")


async def _key(store: Store) -> uc.Minted:
    store.entitlements[("ann", "gpt")] = "active"
    tx = transactions(store)
    return await uc.create_key(tx, SEALER, Policy(), ANN, "k", ("gpt",), KeyLimits(), None, None)


def _found(key_hash: str, key_id: str, field: str = "*", value: object = "deleted") -> Any:
    return ExternalChangeDetected(
        conflict_id="c1",
        entity_type="key",
        entity_id=key_hash,
        field=field,
        value=json.dumps(value),
        previous=json.dumps("present"),
        changed_at=datetime.now(UTC),
        key_id=key_id,
    )


async def test_a_key_deleted_in_litellm_is_revoked_once_and_says_why() -> None:
    store = Store()
    minted = await _key(store)
    store.events.clear()
    event = _found(minted.key.key_hash, minted.key.id)
    await adopt_external_change(store, event)
    await adopt_external_change(store, event)  # delivered again
    assert store.saved[minted.key.id].status == "revoked"
    [revoked] = store.events
    assert isinstance(revoked, ApiKeyRevoked)
    assert (revoked.reason, revoked.revoked_by) == ("deleted in LiteLLM", "litellm")


async def test_other_changes_and_mismatched_keys_change_nothing() -> None:
    store = Store()
    minted = await _key(store)
    store.events.clear()
    await adopt_external_change(store, _found(minted.key.key_hash, minted.key.id, "max_budget", 5))
    await adopt_external_change(store, _found("another-hash", minted.key.id))
    await adopt_external_change(store, _found(minted.key.key_hash, "unknown-id"))
    assert store.saved[minted.key.id].status == "active" and store.events == []
