"""Sealed secrets, and rotating the provisioning key: the first key seals, every key opens."""

from __future__ import annotations

import pytest

from litemaas_servicekit.sealing import SealBroken, Sealer, provisioning_keys

pytestmark = pytest.mark.unit


def test_a_secret_opens_only_for_its_own_record() -> None:
    sealer = Sealer("provisioning-key")
    sealed = sealer.seal("sk-secret", "key-1")
    assert "sk-secret" not in sealed
    assert sealer.open(sealed, "key-1") == "sk-secret"
    with pytest.raises(SealBroken):
        sealer.open(sealed, "key-2")


def test_during_a_rotation_the_new_key_seals_and_both_open() -> None:
    old, new = Sealer("old-key"), Sealer("new-key,old-key")
    before = old.seal("sk-before", "k1")  # sealed by keys before it learnt the new key
    after = new.seal("sk-after", "k2")
    assert new.open(before, "k1") == "sk-before"
    assert new.open(after, "k2") == "sk-after"
    assert Sealer("new-key").open(after, "k2") == "sk-after", "the first key is the sealing one"
    with pytest.raises(SealBroken):
        old.open(after, "k2")  # a sync that was not given the new key yet cannot open it


def test_a_retired_key_no_longer_opens() -> None:
    before = Sealer("old-key").seal("sk-before", "k1")
    with pytest.raises(SealBroken):
        Sealer("new-key").open(before, "k1")
    with pytest.raises(SealBroken):
        Sealer("new-key").open("%%% not base64 %%%", "k1")


def test_the_setting_lists_keys_comma_separated_and_an_empty_one_is_refused() -> None:
    assert provisioning_keys(" new , old,, ") == ["new", "old"]
    with pytest.raises(ValueError, match="provisioning key is required"):
        Sealer(" , ")
