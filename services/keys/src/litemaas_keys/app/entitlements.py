"""Subscriptions become entitlements; an ended one takes its model out of the user's keys."""

from __future__ import annotations

from litemaas_contracts.catalog import (
    SubscriptionActivated,
    SubscriptionCancelled,
    SubscriptionDenied,
    SubscriptionSuspended,
)
from litemaas_contracts.identity import TeamCreated, TeamMemberAdded, TeamMemberRemoved
from litemaas_keys.app.ports import KeysStore
from litemaas_keys.domain.custody import leave_team
from litemaas_keys.domain.keys import drop_model

Ending = SubscriptionCancelled | SubscriptionSuspended | SubscriptionDenied


async def apply_subscription(store: KeysStore, event: SubscriptionActivated | Ending) -> None:
    """Idempotent: the entitlement row is upserted; a model already gone is not removed twice."""
    status = "active" if isinstance(event, SubscriptionActivated) else "inactive"
    await store.set_entitlement(
        event.user_id, event.model_id, event.subscription_id, status, event.at
    )
    if status == "active":
        return
    ended = type(event).__name__.removeprefix("Subscription").lower()
    reason = f"subscription to {event.model_id} {ended}"
    for key in await store.active_keys_with(event.user_id, event.model_id):
        key, change = drop_model(key, event.model_id, reason, event.at)
        if change is not None:
            await store.save(key)
            await store.record(change)


async def apply_team_event(
    store: KeysStore, event: TeamCreated | TeamMemberAdded | TeamMemberRemoved
) -> None:
    """Who may see and manage a team's keys (the creator of a team is its owner).

    A member who leaves loses custody of the team keys they made: each is kept for the team or
    revoked, by the team's setting carried in the event. Idempotent: a key whose custody already
    ended is not found again.
    """
    if isinstance(event, TeamCreated):
        await store.set_member(event.team_id, event.created_by, "owner")
    elif isinstance(event, TeamMemberAdded):
        await store.set_member(event.team_id, event.user_id, event.role)
    else:
        await store.drop_member(event.team_id, event.user_id)
        for key in await store.custody_keys(event.user_id, event.team_id):
            key, changes = leave_team(key, event.user_id, event.member_keys, event.removed_at)
            await store.save(key)
            for change in changes:
                await store.record(change)
