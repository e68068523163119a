"""A key deleted straight in LiteLLM is revoked here too; a key made there is adopted when it
keeps a new key's rules (else refused with the reason); other LiteLLM changes are not adopted."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from litemaas_contracts.keys import ApiKeyCreated, ApiKeyRevoked, ApiKeySecretSealed, KeyLimits
from litemaas_contracts.sync import ExternalChangeDetected, ForeignKey
from litemaas_keys.app import keys as uc
from litemaas_keys.app.external import adopt_external_change
from litemaas_keys.domain.adoption import AdoptionRefused
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


def _made_there(key_hash: str = "h" * 64, **facts: Any) -> ExternalChangeDetected:
    wanted = {"owner_user_id": "ann", "alias": "scripted", "display": "sk-...abcd"}
    wanted.update(models=("gpt",), limits=KeyLimits(max_budget=Decimal("7.5")))
    return ExternalChangeDetected(
        conflict_id="c2",
        entity_type="key",
        entity_id=key_hash,
        field="*",
        value=json.dumps("present"),
        previous="null",
        changed_at=datetime.now(UTC),
        key=ForeignKey(**{**wanted, **facts}),
    )


async def test_a_key_made_in_litellm_becomes_its_owners_once_never_to_be_created() -> None:
    store = Store()
    store.entitlements[("ann", "gpt")] = "active"
    event = _made_there()
    await adopt_external_change(store, event)
    await adopt_external_change(store, event)  # announced again by the next reconcile
    [created] = store.events
    assert isinstance(created, ApiKeyCreated) and created.origin == "litellm"
    assert (created.owner_user_id, created.name, created.key_prefix) == (
        "ann",
        "scripted",
        "sk-...abcd",
    )
    [key] = store.saved.values()
    assert key.key_hash == "h" * 64 and key.status == "active"
    assert key.limits.max_budget == Decimal("7.5")
    assert not store.of(ApiKeySecretSealed)  # LiteMaaS never held its secret


@pytest.mark.parametrize(
    ("facts", "why"),
    [
        ({"owner_user_id": None}, "names no user"),
        ({"models": ()}, "every model"),
        ({"models": ("gpt", "claude")}, "no active subscription for: claude"),
        ({"team_id": "t-elsewhere"}, "not a member of the team"),
        ({"expires_at": datetime(2020, 1, 1, tzinfo=UTC)}, "expired"),
    ],
)
async def test_a_key_breaking_a_rule_is_refused_with_the_reason(
    facts: dict[str, Any], why: str
) -> None:
    store = Store()
    store.entitlements[("ann", "gpt")] = "active"
    with pytest.raises(AdoptionRefused, match=why):
        await adopt_external_change(store, _made_there(**facts))
    assert store.saved == {} and store.events == []


async def test_a_deactivated_owners_key_is_refused() -> None:
    store = Store()
    store.entitlements[("ann", "gpt")] = "active"
    await store.set_user_state("ann", True, datetime.now(UTC))
    with pytest.raises(AdoptionRefused, match="not an active"):
        await adopt_external_change(store, _made_there())
