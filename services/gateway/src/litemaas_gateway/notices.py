"""Which events become a live notification, and for whom. Pure: the notifier asks for each event.

A notice is small and says what happened, never a secret: a type (the browser's translation key
is ``notifications.live.<type>``), the few ids and figures the sentence needs, and when. Its
audience is one user's stream or the admins' stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from litemaas_contracts import Event
from litemaas_contracts.billing import BudgetExceeded, BudgetThresholdCrossed, CreditBalanceLow
from litemaas_contracts.catalog import (
    SubscriptionActivated,
    SubscriptionDenied,
    SubscriptionSuspended,
)
from litemaas_contracts.keys import ApiKeyBlocked, ApiKeyExpiring
from litemaas_contracts.sync import SyncConflict

ADMINS = "admins"
#: the events the notifier subscribes to (anything else on those topics is ignored)
NOTIFYING: tuple[type[Event], ...] = (
    SubscriptionActivated,
    SubscriptionDenied,
    SubscriptionSuspended,
    BudgetThresholdCrossed,
    BudgetExceeded,
    CreditBalanceLow,
    ApiKeyExpiring,
    ApiKeyBlocked,
    SyncConflict,
)
MAX_PARAM = 200  # a reason typed by an admin is shown, but not a page of it


@dataclass(frozen=True)
class Notice:
    type: str
    params: dict[str, str] = field(default_factory=dict)
    at: str = ""

    def as_dict(self, event_id: str) -> dict[str, Any]:
        return {"id": event_id, "type": self.type, "params": self.params, "at": self.at}


def user(user_id: str) -> str:
    return f"user:{user_id}"


def _params(**values: object) -> dict[str, str]:
    return {k: str(v)[:MAX_PARAM] for k, v in values.items() if v is not None and v != ""}


def notice_for(event: Event, at: datetime) -> tuple[str, Notice] | None:
    """(audience, notice), or None when this event tells no one anything live."""
    when = at.isoformat()
    if isinstance(event, SubscriptionActivated):
        if event.changed_by == event.user_id:
            return None  # the user subscribed to an open model: they know
        params = _params(model=event.model_id, subscription_id=event.subscription_id)
        return user(event.user_id), Notice("subscription_approved", params, when)
    if isinstance(event, SubscriptionDenied | SubscriptionSuspended):
        kind = "denied" if isinstance(event, SubscriptionDenied) else "suspended"
        params = _params(
            model=event.model_id, subscription_id=event.subscription_id, reason=event.reason
        )
        return user(event.user_id), Notice(f"subscription_{kind}", params, when)
    if isinstance(event, BudgetThresholdCrossed | BudgetExceeded):
        if event.scope == "team" or not event.user_id:
            return None  # a team's alerts reach its owners through billing's notifications
        params = _params(
            scope=event.scope,
            subject=event.model_id if event.scope == "subscription" else event.subject_id,
            measure=event.measure,
            used=event.used,
            limit=event.limit,
        )
        if isinstance(event, BudgetExceeded):
            return user(event.user_id), Notice("budget_exceeded", params, when)
        params["threshold"] = str(event.threshold)
        return user(event.user_id), Notice("budget_threshold", params, when)
    if isinstance(event, CreditBalanceLow):
        if event.owner != "user":
            return None
        params = _params(balance=event.balance, threshold=event.threshold)
        return user(event.owner_id), Notice("credits_low", params, when)
    if isinstance(event, ApiKeyExpiring):
        params = _params(key_id=event.key_id, expires_at=event.expires_at.isoformat())
        return user(event.owner_user_id), Notice("key_expiring", params, when)
    if isinstance(event, ApiKeyBlocked):
        params = _params(key_id=event.key_id, reason=event.reason)
        return user(event.owner_user_id), Notice("key_blocked", params, when)
    if isinstance(event, SyncConflict):
        params = _params(
            entity_type=event.entity_type,
            entity_id=event.entity_id,
            field=event.field,
            decision=event.decision,
        )
        return ADMINS, Notice("sync_conflict", params, when)
    return None
