"""Sync's settings: a provisioning key rotation list is no weaker than one key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from litemaas_sync.settings import SyncSettings

pytestmark = pytest.mark.unit
STRONG, OTHER = "a" * 32, "b" * 32


def _settings(provisioning_key: str, env: str = "production") -> SyncSettings:
    return SyncSettings(
        LITEMAAS_ENV=env,
        database_url=f"postgresql+asyncpg://sync:{STRONG}@db/sync",
        litellm_master_key="sk-" + STRONG,
        provisioning_key=provisioning_key,
    )


def test_a_rotation_list_of_strong_keys_is_accepted() -> None:
    assert _settings(f"{STRONG},{OTHER}").provisioning_key.get_secret_value().count(",") == 1


def test_a_short_key_hidden_in_a_rotation_list_is_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="every key in provisioning_key"):
        _settings(f"{STRONG},dev")
    assert _settings(f"{STRONG},dev", env="development")


def test_reconcile_policies_are_read_and_a_bad_one_refused_at_start() -> None:
    settings = SyncSettings(
        LITEMAAS_ENV="development", reconcile_policies="key.max_budget=litellm_wins"
    )
    policies = settings.policies()
    assert policies.for_field("key", "max_budget") == "litellm_wins"
    assert (policies.only_in_litellm, policies.deleted_in_litellm) == ("report", "tombstone")
    with pytest.raises(ValidationError, match="whoever_wins"):
        SyncSettings(LITEMAAS_ENV="development", reconcile_policies="key.models=whoever_wins")
