"""The subscription lifecycle: what a user and an admin may do, and what it announces."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from litemaas_catalog.domain.subscriptions import InvalidTransition, Quota, apply, subscribe
from litemaas_contracts.catalog import (
    SubscriptionActivated,
    SubscriptionCancelled,
    SubscriptionDenied,
    SubscriptionRequested,
)

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)
QUOTA = Quota(100, 10_000)


def test_an_unrestricted_model_is_active_at_once_with_the_default_quota() -> None:
    change = subscribe(None, "u1", "mock-gpt", restricted=False, quota=QUOTA, now=NOW)
    assert change.subscription.status == "active"
    assert isinstance(change.event, SubscriptionActivated)
    assert (change.event.requests_per_month, change.event.tokens_per_month) == (100, 10_000)
    assert change.from_status is None and change.actor == "u1"


def test_a_restricted_model_waits_for_an_admin_who_approves() -> None:
    pending = subscribe(None, "u1", "mock-claude", restricted=True, quota=QUOTA, now=NOW)
    assert pending.subscription.status == "pending"
    assert isinstance(pending.event, SubscriptionRequested)
    approved = apply(pending.subscription, "approve", actor="admin-1", reason="", now=NOW)
    assert approved.subscription.status == "active"
    assert approved.event.changed_by == "admin-1"


def test_a_denial_needs_a_reason_and_the_reason_travels() -> None:
    pending = subscribe(None, "u1", "m", restricted=True, quota=QUOTA, now=NOW).subscription
    with pytest.raises(InvalidTransition, match="reason"):
        apply(pending, "deny", actor="a", reason=" ", now=NOW)
    denied = apply(pending, "deny", actor="a", reason="not for interns", now=NOW)
    assert isinstance(denied.event, SubscriptionDenied)
    assert denied.event.reason == "not for interns"


def test_one_subscription_per_user_and_model_reopened_after_cancel() -> None:
    active = subscribe(None, "u1", "m", restricted=False, quota=QUOTA, now=NOW).subscription
    with pytest.raises(InvalidTransition, match=r"already have an? active"):
        subscribe(active, "u1", "m", restricted=False, quota=QUOTA, now=NOW)
    cancelled = apply(active, "cancel", actor="u1", reason="", now=NOW)
    assert isinstance(cancelled.event, SubscriptionCancelled)
    again = subscribe(cancelled.subscription, "u1", "m", restricted=False, quota=QUOTA, now=NOW)
    assert again.subscription.id == active.id and again.subscription.status == "active"
    assert again.from_status == "cancelled"


@pytest.mark.parametrize(
    ("status_path", "action"),
    [
        (["cancel"], "approve"),
        (["cancel"], "cancel"),
        ([], "reactivate"),
        ([], "approve"),
    ],
)
def test_impossible_changes_are_refused(status_path: list[str], action: str) -> None:
    sub = subscribe(None, "u1", "m", restricted=False, quota=QUOTA, now=NOW).subscription
    for step in status_path:
        sub = apply(sub, step, actor="u1", reason="", now=NOW).subscription  # type: ignore[arg-type]
    with pytest.raises(InvalidTransition):
        apply(sub, action, actor="a", reason="r", now=NOW)  # type: ignore[arg-type]
