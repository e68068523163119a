"""API key events. None of them carries a key's secret in the clear, ever."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from litemaas_contracts.base import Event
from litemaas_contracts.topics import KEYS_APIKEYS, KEYS_PROVISIONING


class KeyLimits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")
    max_budget: Decimal | None = Field(default=None, ge=0)
    budget_duration: str | None = None
    soft_budget: Decimal | None = Field(default=None, ge=0)
    tpm_limit: int | None = Field(default=None, ge=0)
    rpm_limit: int | None = Field(default=None, ge=0)
    max_parallel_requests: int | None = Field(default=None, ge=0)


class _KeyEvent(Event):
    topic = KEYS_APIKEYS.name
    subject_field = "key_id"
    key_id: str
    #: SHA-256 of the secret: the form LiteLLM stores, and how sync finds the key there
    key_hash: str


class ApiKeyCreated(_KeyEvent):
    """A key exists; its secret travels sealed on the provisioning topic, never here.

    ``origin`` ``litellm``: a key made directly in LiteLLM and adopted by LiteMaaS (sync's
    ``adopt`` setting). LiteMaaS never held its secret, so nothing is sealed and sync does not
    create it in LiteLLM: it only takes it under management."""

    event_type = "litemaas.keys.ApiKeyCreated.v1"
    owner_user_id: str
    team_id: str | None = None
    name: str
    key_prefix: str
    models: tuple[str, ...]
    limits: KeyLimits = KeyLimits()
    expires_at: datetime | None = None
    created_by: str
    created_at: datetime
    origin: Literal["litemaas", "litellm"] = "litemaas"


class ApiKeyUpdated(_KeyEvent):
    """The key's models or limits changed (the new values, complete)."""

    event_type = "litemaas.keys.ApiKeyUpdated.v1"
    models: tuple[str, ...]
    limits: KeyLimits = KeyLimits()
    reason: str = ""
    updated_at: datetime


class ApiKeyRevoked(_KeyEvent):
    event_type = "litemaas.keys.ApiKeyRevoked.v1"
    reason: str = ""
    revoked_by: str
    revoked_at: datetime


class ApiKeyArchived(_KeyEvent):
    """No model is left on the key (its subscriptions ended); it stops working, stays visible."""

    event_type = "litemaas.keys.ApiKeyArchived.v1"
    reason: str = ""
    archived_at: datetime


class ApiKeyRotated(_KeyEvent):
    """A new key replaces this one; this one is revoked at ``old_key_revoked_at``."""

    event_type = "litemaas.keys.ApiKeyRotated.v1"
    new_key_id: str
    old_key_revoked_at: datetime
    rotated_by: str
    rotated_at: datetime


class ApiKeySpendReset(_KeyEvent):
    event_type = "litemaas.keys.ApiKeySpendReset.v1"
    reset_by: str
    reset_at: datetime


class ApiKeyExpiring(_KeyEvent):
    """A warning ahead of expiry, for notifications."""

    event_type = "litemaas.keys.ApiKeyExpiring.v1"
    owner_user_id: str
    expires_at: datetime


class ApiKeyBlocked(_KeyEvent):
    """The key stops working in LiteLLM but is kept (its owner was deactivated)."""

    event_type = "litemaas.keys.ApiKeyBlocked.v1"
    owner_user_id: str
    reason: str = ""
    blocked_at: datetime


class ApiKeyUnblocked(_KeyEvent):
    """A blocked key works again (its owner was reactivated)."""

    event_type = "litemaas.keys.ApiKeyUnblocked.v1"
    owner_user_id: str
    reason: str = ""
    unblocked_at: datetime


class ApiKeyCustodyChanged(_KeyEvent):
    """A team key's creator left its team: they lose power over it; the key is kept for the
    team or revoked, by the team's setting (``decision``). The audit record of that choice."""

    event_type = "litemaas.keys.ApiKeyCustodyChanged.v1"
    team_id: str
    former_custodian: str
    decision: Literal["kept", "revoked"]
    changed_at: datetime


class ApiKeySecretSealed(Event):
    """The key's secret, sealed (AES-GCM) for sync only; on a short-retention topic."""

    event_type = "litemaas.keys.ApiKeySecretSealed.v1"
    topic = KEYS_PROVISIONING.name
    subject_field = "key_id"
    key_id: str
    key_hash: str
    sealed_secret: str
    sealed_at: datetime
