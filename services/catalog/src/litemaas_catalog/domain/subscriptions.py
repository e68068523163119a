"""Subscriptions: one per user and model, and the only ways its status may change. No I/O."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from litemaas_contracts import Event
from litemaas_contracts.catalog import (
    SubscriptionActivated,
    SubscriptionCancelled,
    SubscriptionDenied,
    SubscriptionRequested,
    SubscriptionStatus,
    SubscriptionSuspended,
)

Action = Literal["approve", "deny", "cancel", "suspend", "reactivate"]

# action → (statuses it applies to, status it leads to)
_RULES: dict[Action, tuple[frozenset[SubscriptionStatus], SubscriptionStatus]] = {
    "approve": (frozenset({"pending"}), "active"),
    "deny": (frozenset({"pending"}), "denied"),
    "cancel": (frozenset({"pending", "active", "suspended"}), "cancelled"),
    "suspend": (frozenset({"active"}), "suspended"),
    "reactivate": (frozenset({"suspended"}), "active"),
}


class InvalidTransition(Exception):
    """The subscription's status does not allow this change."""


@dataclass(frozen=True)
class Quota:
    requests_per_month: int | None
    tokens_per_month: int | None


@dataclass(frozen=True)
class Subscription:
    id: str
    user_id: str
    model_id: str
    status: SubscriptionStatus
    quota: Quota
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Change:
    """A status change: the new subscription, its event, and the history line it leaves."""

    subscription: Subscription
    event: Event
    from_status: SubscriptionStatus | None
    actor: str
    reason: str


def _event(sub: Subscription, actor: str, now: datetime, reason: str) -> Event:
    common = {
        "subscription_id": sub.id,
        "user_id": sub.user_id,
        "model_id": sub.model_id,
        "changed_by": actor,
        "at": now,
    }
    match sub.status:
        case "active":
            return SubscriptionActivated(
                **common,
                requests_per_month=sub.quota.requests_per_month,
                tokens_per_month=sub.quota.tokens_per_month,
            )
        case "pending":
            return SubscriptionRequested(**common)
        case "denied":
            return SubscriptionDenied(**common, reason=reason)
        case "cancelled":
            return SubscriptionCancelled(**common, reason=reason)
        case _:
            return SubscriptionSuspended(**common, reason=reason)


def subscribe(
    existing: Subscription | None,
    user_id: str,
    model_id: str,
    *,
    restricted: bool,
    quota: Quota,
    now: datetime,
) -> Change:
    """Ask for a model: active at once, or pending when the model is restricted.

    A cancelled or denied subscription is reopened (one subscription per user and model).
    """
    status: SubscriptionStatus = "pending" if restricted else "active"
    if existing is None:
        sub = Subscription(str(uuid.uuid4()), user_id, model_id, status, quota, now, now)
    elif existing.status in ("cancelled", "denied"):
        sub = replace(existing, status=status, quota=quota, updated_at=now)
    else:
        raise InvalidTransition(f"you already have a {existing.status} subscription to {model_id}")
    before = existing.status if existing else None
    return Change(sub, _event(sub, user_id, now, ""), before, user_id, "")


def apply(sub: Subscription, action: Action, *, actor: str, reason: str, now: datetime) -> Change:
    allowed, target = _RULES[action]
    if sub.status not in allowed:
        raise InvalidTransition(f"cannot {action} a subscription that is {sub.status}")
    if action == "deny" and not reason.strip():
        raise InvalidTransition("a denial needs a reason the user can read")
    changed = replace(sub, status=target, updated_at=now)
    return Change(changed, _event(changed, actor, now, reason), sub.status, actor, reason)
