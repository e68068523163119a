"""The budget side's subscriptions: who people are and what they subscribe to (projections, and
the subscription quotas that become budgets), and the alerts billing itself raised (fanned out
to notifications, webhooks and mail).

Delivery contract of each handler: at least once, idempotent on ce_id (inbox) and by its
writes (upserts; notifications and deliveries unique per event and target): may run twice."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.alerts import SqlAlerts
from litemaas_billing.adapters.budgets import SqlBudgets
from litemaas_billing.adapters.directory import SqlDirectory
from litemaas_billing.app.alerts import fan_out
from litemaas_billing.app.budgets import apply_quota
from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import BudgetExceeded, BudgetThresholdCrossed, CreditBalanceLow
from litemaas_contracts.catalog import (
    SubscriptionActivated,
    SubscriptionCancelled,
    SubscriptionDenied,
    SubscriptionRequested,
    SubscriptionSuspended,
)
from litemaas_contracts.identity import (
    TeamCreated,
    TeamMemberAdded,
    TeamMemberRemoved,
    UserCreated,
    UserUpdated,
)
from litemaas_contracts.topics import (
    AUTH_TEAMS,
    AUTH_USERS,
    BILLING_ALERTS,
    CATALOG_SUBSCRIPTIONS,
)
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox

DIRECTORY_CONSUMER = "billing.directory"
DIRECTORY_TOPICS = (AUTH_USERS.name, AUTH_TEAMS.name, CATALOG_SUBSCRIPTIONS.name)
ALERTS_CONSUMER = "billing.alerts"
ALERTS_TOPICS = (BILLING_ALERTS.name,)


STATUSES = {
    SubscriptionRequested.__name__: "pending",
    SubscriptionCancelled.__name__: "cancelled",
    SubscriptionDenied.__name__: "denied",
    SubscriptionSuspended.__name__: "suspended",
}


def directory_handlers(events: Outbox) -> dict[type[Event], Handler]:
    async def on_user(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await SqlDirectory(session).user(event.user_id, event.username, event.email)

    async def on_team(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await SqlDirectory(session).team(event.team_id)

    async def on_member(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await SqlDirectory(session).member(event.team_id, event.user_id, event.role)

    async def on_left(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await SqlDirectory(session).left(event.team_id, event.user_id)

    async def on_activated(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await apply_quota(
            SqlBudgets(session, events),
            event.subscription_id,
            event.user_id,
            event.model_id,
            event.requests_per_month,
            event.tokens_per_month,
            datetime.now(UTC),
        )

    async def on_status(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        status = STATUSES[type(event).__name__]
        await SqlBudgets(session, events).remember_subscription(
            event.subscription_id, event.user_id, event.model_id, status
        )

    return {
        UserCreated: on_user,
        UserUpdated: on_user,
        TeamCreated: on_team,
        TeamMemberAdded: on_member,
        TeamMemberRemoved: on_left,
        SubscriptionActivated: on_activated,
        SubscriptionRequested: on_status,
        SubscriptionCancelled: on_status,
        SubscriptionDenied: on_status,
        SubscriptionSuspended: on_status,
    }


def alert_handlers(*, mail: bool) -> dict[type[Event], Handler]:
    async def on_alert(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await fan_out(SqlAlerts(session), event, envelope.id, mail=mail)

    return {BudgetThresholdCrossed: on_alert, BudgetExceeded: on_alert, CreditBalanceLow: on_alert}
