"""Sync's subscriptions: which events it consumes, and the use case each one calls."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Envelope, Event
from litemaas_contracts.identity import (
    TeamCreated,
    TeamMemberAdded,
    TeamMemberRemoved,
    TeamUpdated,
    UserCreated,
    UserDeactivated,
    UserUpdated,
)
from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_contracts.topics import AUTH_TEAMS, AUTH_USERS
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.outbox import Outbox
from litemaas_sync.adapters.budget_store import SqlBudgetStore
from litemaas_sync.adapters.desired_store import SqlDesiredStore
from litemaas_sync.adapters.reconcile_store import record_audit, unconfirmed_reporter
from litemaas_sync.app.desired import LiteLLMStatePort, Tracking
from litemaas_sync.app.ports import Audit, LiteLLMUsers
from litemaas_sync.app.push_teams import (
    LiteLLMMemberKeysPort,
    LiteLLMTeamsPort,
    ensure_membership,
    ensure_team,
)
from litemaas_sync.app.push_users import ensure_user, note_deactivation

CONSUMER = "sync.litellm-push"
TOPICS = (AUTH_USERS.name, AUTH_TEAMS.name)


def _audit_into(session: AsyncSession, outbox: Outbox) -> Audit:
    async def audit(change: LiteLLMChangeApplied) -> None:
        await record_audit(session, outbox, change)

    return audit


def tracking_in(
    session: AsyncSession, outbox: Outbox, state: LiteLLMStatePort | None
) -> Tracking | None:
    """The desired state and read-back, in the handler's own transaction."""
    if state is None:
        return None
    return Tracking(SqlDesiredStore(session), state, unconfirmed_reporter(session, outbox))


def handlers(
    litellm: LiteLLMUsers,
    teams: LiteLLMTeamsPort,
    keys: LiteLLMMemberKeysPort,
    outbox: Outbox,
    state: LiteLLMStatePort | None = None,
) -> dict[type[Event], Handler]:
    """Every handler here is idempotent on ce_id (inbox) and on LiteLLM's state (look first)."""

    async def on_user(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        tracking = tracking_in(session, outbox, state)
        await ensure_user(event, envelope, litellm, _audit_into(session, outbox), tracking)

    async def on_deactivated(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await note_deactivation(event, envelope, _audit_into(session, outbox))

    async def on_team(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        budgets = SqlBudgetStore(session)
        audit, tracking = _audit_into(session, outbox), tracking_in(session, outbox, state)
        await ensure_team(event, envelope, teams, audit, budgets, tracking)

    async def on_member(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        audit, tracking = _audit_into(session, outbox), tracking_in(session, outbox, state)
        await ensure_membership(event, envelope, teams, keys, audit, tracking)

    return {
        UserCreated: on_user,
        UserUpdated: on_user,
        UserDeactivated: on_deactivated,
        TeamCreated: on_team,
        TeamUpdated: on_team,
        TeamMemberAdded: on_member,
        TeamMemberRemoved: on_member,
    }
