"""The keys service's subscriptions: subscription lifecycle (catalog), team members and user
status (auth), subscription quotas (billing), keys deleted straight in LiteLLM (sync)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import BudgetExceeded, BudgetPeriodClosed, BudgetSet
from litemaas_contracts.catalog import (
    SubscriptionActivated,
    SubscriptionCancelled,
    SubscriptionDenied,
    SubscriptionSuspended,
)
from litemaas_contracts.identity import (
    TeamCreated,
    TeamMemberAdded,
    TeamMemberRemoved,
    UserDeactivated,
    UserReactivated,
)
from litemaas_contracts.sync import ExternalChangeDetected
from litemaas_contracts.topics import (
    AUTH_TEAMS,
    AUTH_USERS,
    BILLING_ALERTS,
    BILLING_BUDGETS,
    CATALOG_SUBSCRIPTIONS,
    SYNC_CONFLICTS,
)
from litemaas_keys.adapters.repository import KeysUnitOfWork
from litemaas_keys.app.access import apply_user_status
from litemaas_keys.app.entitlements import apply_subscription, apply_team_event
from litemaas_keys.app.external import adopt_external_change
from litemaas_keys.app.quotas import release_on_removal, restore_after_period, withdraw_for_quota
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox

CONSUMER = "keys.entitlements"
TOPICS = (CATALOG_SUBSCRIPTIONS.name, AUTH_TEAMS.name)
USERS_CONSUMER = "keys.users"
USERS_TOPICS = (AUTH_USERS.name,)
QUOTAS_CONSUMER = "keys.quotas"
QUOTAS_TOPICS = (BILLING_ALERTS.name, BILLING_BUDGETS.name)
EXTERNAL_CONSUMER = "keys.external"
EXTERNAL_TOPICS = (SYNC_CONFLICTS.name,)


def handlers(outbox: Outbox) -> dict[type[Event], Handler]:
    """Idempotent on ce_id (inbox) and on content (upsert; a removed model stays removed)."""

    async def on_subscription(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await apply_subscription(KeysUnitOfWork(session, outbox), event)

    async def on_team(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await apply_team_event(KeysUnitOfWork(session, outbox), event)

    return {
        TeamCreated: on_team,
        TeamMemberAdded: on_team,
        TeamMemberRemoved: on_team,
        SubscriptionActivated: on_subscription,
        SubscriptionCancelled: on_subscription,
        SubscriptionSuspended: on_subscription,
        SubscriptionDenied: on_subscription,
    }


def user_handlers(outbox: Outbox) -> dict[type[Event], Handler]:
    """Idempotent on ce_id (inbox) and on content (a stale status is ignored; a key is blocked
    or unblocked once): may run twice. Raises on failure; the consumer retries or parks."""

    async def on_status(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await apply_user_status(KeysUnitOfWork(session, outbox), event)

    return {UserDeactivated: on_status, UserReactivated: on_status}


def quota_handlers(outbox: Outbox) -> dict[type[Event], Handler]:
    """Subscription budgets (other scopes are LiteLLM's, through sync). Idempotent on ce_id
    (inbox) and on content (a model is withdrawn or restored once per period; a verdict about
    a period already closed changes nothing): may run twice. The two topics are not ordered
    with each other; the periods in the events are what orders them."""

    async def on_exceeded(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await withdraw_for_quota(KeysUnitOfWork(session, outbox), event)

    async def on_closed(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await restore_after_period(KeysUnitOfWork(session, outbox), event)

    async def on_set(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await release_on_removal(KeysUnitOfWork(session, outbox), event)

    return {BudgetExceeded: on_exceeded, BudgetPeriodClosed: on_closed, BudgetSet: on_set}


def external_handlers(outbox: Outbox) -> dict[type[Event], Handler]:
    """Changes sync found made directly in LiteLLM. Idempotent on ce_id (inbox) and on content
    (a key is revoked once): may run twice."""

    async def on_external(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await adopt_external_change(KeysUnitOfWork(session, outbox), event)

    return {ExternalChangeDetected: on_external}
