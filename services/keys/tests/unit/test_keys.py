"""Key rules: coverage by subscriptions, limits under the admins' maximums, rotation, endings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from litemaas_contracts.keys import ApiKeyArchived, ApiKeyUpdated, KeyLimits
from litemaas_keys.domain.keys import (
    KeyRefused,
    Policy,
    covered,
    drop_model,
    hash_secret,
    mint,
    revoke,
    rotate,
    within_policy,
)
from litemaas_servicekit.sealing import SealBroken, Sealer

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)


def test_a_key_only_covers_subscribed_models() -> None:
    covered(("a", "b"), {"a", "b", "c"})
    with pytest.raises(KeyRefused, match="no active subscription for: b"):
        covered(("a", "b"), {"a"})


def test_limits_above_the_maximum_are_refused_and_defaults_fill_in() -> None:
    policy = Policy(
        default_max_budget=Decimal("10"),
        max_max_budget=Decimal("100"),
        max_rpm_limit=60,
        max_lifetime=timedelta(days=30),
    )
    later = NOW + timedelta(days=7)
    assert within_policy(KeyLimits(), later, policy, NOW).max_budget == Decimal("10")
    with pytest.raises(KeyRefused, match="max_budget 500 is above the maximum of 100"):
        within_policy(KeyLimits(max_budget=Decimal("500")), later, policy, NOW)
    with pytest.raises(KeyRefused, match="rpm_limit"):
        within_policy(KeyLimits(rpm_limit=61), later, policy, NOW)
    with pytest.raises(KeyRefused, match="at most 30 days"):
        within_policy(KeyLimits(), None, policy, NOW)


def test_the_secret_is_only_in_the_return_value_never_in_the_event() -> None:
    key, secret, event = mint("u1", "k", ("a", "a", "b"), KeyLimits(), None, "u1", NOW)
    assert key.models == ("a", "b")
    assert key.key_hash == hash_secret(secret) == event.key_hash
    assert secret not in event.model_dump_json()
    assert key.key_prefix == secret[:10]


def test_rotation_schedules_the_old_key_and_cannot_start_twice() -> None:
    key, _, _ = mint("u1", "k", ("a",), KeyLimits(), None, "u1", NOW)
    old, new, secret, created, rotated = rotate(key, "u1", timedelta(seconds=30), NOW)
    assert secret.startswith("sk-") and new.key_hash == hash_secret(secret)
    assert old.revoke_at == NOW + timedelta(seconds=30) and old.status == "active"
    assert (new.models, created.key_id, rotated.new_key_id) == (("a",), new.id, new.id)
    with pytest.raises(KeyRefused, match="already being rotated"):
        rotate(old, "u1", timedelta(seconds=30), NOW)


def test_a_removed_model_leaves_the_key_and_the_last_one_archives_it() -> None:
    key, _, _ = mint("u1", "k", ("a", "b"), KeyLimits(), None, "u1", NOW)
    key, change = drop_model(key, "a", "cancelled", NOW)
    assert isinstance(change, ApiKeyUpdated) and key.models == ("b",)
    assert drop_model(key, "a", "cancelled", NOW) == (key, None)
    key, change = drop_model(key, "b", "cancelled", NOW)
    assert isinstance(change, ApiKeyArchived) and key.status == "archived"
    with pytest.raises(KeyRefused, match="archived"):
        revoke(key, "u1", "", NOW)


def test_sealed_secrets_open_only_for_their_key_with_the_right_secret() -> None:
    sealer = Sealer("shared-provisioning-secret")
    sealed = sealer.seal("sk-secret-value", "key-1")
    assert "sk-secret-value" not in sealed
    assert Sealer("shared-provisioning-secret").open(sealed, "key-1") == "sk-secret-value"
    with pytest.raises(SealBroken):
        sealer.open(sealed, "key-2")
    with pytest.raises(SealBroken):
        Sealer("another-secret").open(sealed, "key-1")
