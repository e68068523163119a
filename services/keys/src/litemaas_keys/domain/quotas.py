"""A subscription's quota: its model leaves the user's keys until the period closes. No I/O.

LiteLLM has no per-subscription budget, so billing's BudgetExceeded for a subscription takes
the model out of the keys (an ApiKeyUpdated without it), and BudgetPeriodClosed puts it back.
A withdrawn model is remembered on the key, so a key whose every model is withdrawn stays
active (it reaches nothing until the period closes) instead of being archived for good.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from litemaas_contracts.keys import ApiKeyUpdated
from litemaas_keys.domain.keys import ApiKey

QUOTA_EXCEEDED = "quota exceeded for this period"


@dataclass(frozen=True)
class QuotaHold:
    """One subscription budget's hold on its model. ``held_since`` is the start of the period
    whose limit was reached (None: not held); ``closed_through`` the end of the last period
    billing closed, so a late BudgetExceeded of a closed period changes nothing."""

    budget_id: str
    user_id: str
    model_id: str
    subscription_id: str
    held_since: datetime | None = None
    closed_through: datetime | None = None

    def stale(self, period_start: datetime) -> bool:
        return self.closed_through is not None and period_start < self.closed_through

    def closed(self, period_end: datetime) -> QuotaHold:
        through = max(filter(None, (self.closed_through, period_end)))
        held = self.held_since if self.held_since and self.held_since >= period_end else None
        return replace(self, held_since=held, closed_through=through)


def _updated(key: ApiKey, reason: str, now: datetime) -> ApiKeyUpdated:
    return ApiKeyUpdated(
        key_id=key.id,
        key_hash=key.key_hash,
        models=key.usable,
        limits=key.limits,
        reason=reason,
        updated_at=now,
    )


def withdraw(key: ApiKey, model_id: str, now: datetime) -> tuple[ApiKey, ApiKeyUpdated | None]:
    if key.status != "active" or model_id not in key.usable:
        return key, None
    key = replace(key, withdrawn=(*key.withdrawn, model_id), updated_at=now)
    return key, _updated(key, f"{model_id}: {QUOTA_EXCEEDED}", now)


def restore(key: ApiKey, model_id: str, now: datetime) -> tuple[ApiKey, ApiKeyUpdated | None]:
    if key.status != "active" or model_id not in key.withdrawn:
        return key, None
    withdrawn = tuple(m for m in key.withdrawn if m != model_id)
    key = replace(key, withdrawn=withdrawn, updated_at=now)
    return key, _updated(key, f"{model_id}: the quota period closed", now)
