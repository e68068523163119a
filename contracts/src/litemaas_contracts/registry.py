"""Which model reads which ``ce_type``. Consumers ignore types they do not know."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litemaas_contracts import billing, catalog, identity, keys, sync
from litemaas_contracts.base import Event

_ALL: tuple[type[Event], ...] = (
    identity.UserCreated,
    identity.UserUpdated,
    identity.UserDeactivated,
    identity.UserReactivated,
    identity.TeamCreated,
    identity.TeamUpdated,
    identity.TeamMemberAdded,
    identity.TeamMemberRemoved,
    sync.LiteLLMChangeApplied,
    sync.SyncConflict,
    sync.ExternalChangeDetected,
    catalog.ModelDiscovered,
    catalog.ModelUpdated,
    catalog.ModelRetired,
    catalog.SubscriptionRequested,
    catalog.SubscriptionActivated,
    catalog.SubscriptionDenied,
    catalog.SubscriptionCancelled,
    catalog.SubscriptionSuspended,
    keys.ApiKeyCreated,
    keys.ApiKeyUpdated,
    keys.ApiKeyRevoked,
    keys.ApiKeyArchived,
    keys.ApiKeyRotated,
    keys.ApiKeySpendReset,
    keys.ApiKeyExpiring,
    keys.ApiKeyBlocked,
    keys.ApiKeyUnblocked,
    keys.ApiKeyCustodyChanged,
    keys.ApiKeySecretSealed,
    billing.SpendRecorded,
    billing.BudgetSet,
    billing.BudgetThresholdCrossed,
    billing.BudgetExceeded,
    billing.BudgetPeriodClosed,
    billing.CreditBalanceChanged,
    billing.CreditBalanceLow,
)

EVENT_TYPES: Mapping[str, type[Event]] = {cls.event_type: cls for cls in _ALL}


class UnknownEventType(LookupError):
    """No contract for this ``ce_type`` (a newer producer, or a foreign record)."""


def event_class(ce_type: str) -> type[Event]:
    try:
        return EVENT_TYPES[ce_type]
    except KeyError:
        raise UnknownEventType(ce_type) from None


def parse_event(ce_type: str, payload: bytes | str | Mapping[str, Any]) -> Event:
    """Validate a record's value against its type's contract (raises pydantic's ValidationError)."""
    cls = event_class(ce_type)
    if isinstance(payload, bytes | str):
        return cls.model_validate_json(payload)
    return cls.model_validate(payload)
