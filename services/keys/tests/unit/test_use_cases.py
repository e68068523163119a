"""Key use cases against an in-memory store: what reaches the outbox, who sees what, endings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from litemaas_contracts.catalog import SubscriptionActivated, SubscriptionCancelled
from litemaas_contracts.keys import (
    ApiKeyArchived,
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeySecretSealed,
    ApiKeyUpdated,
    KeyLimits,
)
from litemaas_keys.app import keys as uc
from litemaas_keys.app.entitlements import apply_subscription
from litemaas_keys.domain.keys import KeyRefused, Policy, hash_secret
from litemaas_servicekit.errors import Forbidden, NotFound
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import ADMIN_READONLY, USER, Principal
from services.keys.tests.unit.fakes import Store, transactions

pytestmark = pytest.mark.unit
ALICE, BOB = (
    Principal("alice", "alice", frozenset({USER})),
    Principal("bob", "bob", frozenset({USER})),
)
READER = Principal("rita", "rita", frozenset({USER, ADMIN_READONLY}))
SEALER = Sealer("provisioning-secret-shared-by-keys-and-sync")


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def tx(store: Store) -> uc.KeysTransactions:
    return transactions(store)


async def _subscribe(store: Store, user: str, *models: str) -> None:
    for model in models:
        await apply_subscription(
            store,
            SubscriptionActivated(
                subscription_id=f"s-{user}-{model}",
                user_id=user,
                model_id=model,
                changed_by=user,
                at=datetime.now(UTC),
            ),
        )


async def _create(
    tx: uc.KeysTransactions, *models: str, expires_at: datetime | None = None
) -> uc.Minted:
    return await uc.create_key(tx, SEALER, Policy(), ALICE, "k", models, KeyLimits(), expires_at)


async def test_a_model_without_subscription_is_refused_by_name_and_nothing_is_recorded(
    store: Store, tx: uc.KeysTransactions
) -> None:
    await _subscribe(store, "alice", "gpt")
    with pytest.raises(KeyRefused, match="no active subscription for: claude, llama"):
        await _create(tx, "gpt", "claude", "llama")
    assert store.events == [] and store.saved == {}


async def test_only_ciphertext_of_the_secret_reaches_the_outbox_and_sync_can_open_it(
    store: Store, tx: uc.KeysTransactions
) -> None:
    await _subscribe(store, "alice", "gpt", "claude")
    minted = await _create(tx, "gpt", "claude")
    created, sealed = store.of(ApiKeyCreated), store.of(ApiKeySecretSealed)
    assert len(created) == len(sealed) == 1 and isinstance(sealed[0], ApiKeySecretSealed)
    assert all(minted.secret not in e.model_dump_json() for e in store.events)
    assert minted.secret not in repr(store.saved)
    assert minted.key.key_hash == hash_secret(minted.secret) == sealed[0].key_hash
    opener = Sealer("provisioning-secret-shared-by-keys-and-sync")
    assert opener.open(sealed[0].sealed_secret, minted.key.id) == minted.secret


async def test_someone_elses_key_is_not_found_and_a_reader_may_look_but_not_revoke(
    store: Store, tx: uc.KeysTransactions
) -> None:
    await _subscribe(store, "alice", "gpt")
    key = (await _create(tx, "gpt")).key
    with pytest.raises(NotFound):
        await uc.get_key(tx, BOB, key.id)
    with pytest.raises(NotFound):
        await uc.revoke_key(tx, BOB, key.id, "")
    assert (await uc.get_key(tx, READER, key.id)).id == key.id
    with pytest.raises(Forbidden):
        await uc.revoke_key(tx, READER, key.id, "")
    assert store.of(ApiKeyRevoked) == []


async def test_a_cancelled_subscription_leaves_every_key_and_an_empty_key_is_archived(
    store: Store, tx: uc.KeysTransactions
) -> None:
    await _subscribe(store, "alice", "gpt", "claude")
    both, only_claude = (await _create(tx, "gpt", "claude")).key, (await _create(tx, "claude")).key
    cancelled = SubscriptionCancelled(
        subscription_id="s-alice-claude",
        user_id="alice",
        model_id="claude",
        changed_by="alice",
        at=datetime.now(UTC),
    )
    await apply_subscription(store, cancelled)
    await apply_subscription(store, cancelled)  # redelivered: changes nothing more
    assert store.saved[both.id].models == ("gpt",) and store.saved[both.id].status == "active"
    assert store.saved[only_claude.id].status == "archived"
    assert [e.key_id for e in store.of(ApiKeyUpdated)] == [both.id]
    assert [e.key_id for e in store.of(ApiKeyArchived)] == [only_claude.id]
    assert (await uc.get_key(tx, READER, only_claude.id)).status == "archived"
    with pytest.raises(KeyRefused, match="no active subscription for: claude"):
        await _create(tx, "claude")


async def test_a_rotated_key_is_replaced_and_ends_at_the_sweep_after_its_overlap(
    store: Store, tx: uc.KeysTransactions
) -> None:
    await _subscribe(store, "alice", "gpt")
    old = (await _create(tx, "gpt")).key
    new = await uc.rotate_key(tx, SEALER, ALICE, old.id, timedelta(0))
    assert new.key.models == ("gpt",) and new.key.key_hash == hash_secret(new.secret)
    sealed = store.of(ApiKeySecretSealed)[-1]
    assert SEALER.open(sealed.sealed_secret, new.key.id) == new.secret  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        await uc.rotate_key(tx, SEALER, BOB, new.key.id, timedelta(0))
    await uc.sweep(tx, timedelta(hours=1))
    assert [e.key_id for e in store.of(ApiKeyRevoked)] == [old.id]
    assert store.saved[new.key.id].status == "active"
