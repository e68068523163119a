"""Deactivation blocks every key a user answers for; reactivation lifts exactly those blocks."""

from __future__ import annotations

from litemaas_contracts.identity import UserDeactivated, UserReactivated
from litemaas_keys.app.ports import KeysStore
from litemaas_keys.domain.custody import OWNER_DEACTIVATED, block, unblock


async def apply_user_status(store: KeysStore, event: UserDeactivated | UserReactivated) -> None:
    """Idempotent: a stale or repeated status changes nothing; a key is blocked (or unblocked)
    once. Keys blocked for another cause stay blocked on reactivation."""
    deactivated = isinstance(event, UserDeactivated)
    at = event.deactivated_at if isinstance(event, UserDeactivated) else event.reactivated_at
    # exclusive: key creations for this user in flight commit first, and are found below
    await store.hold_user(event.user_id, exclusive=True)
    if not await store.set_user_state(event.user_id, deactivated, at):
        return
    reason = event.reason or ("owner deactivated" if deactivated else "owner reactivated")
    for key in await store.custody_keys(event.user_id):
        if deactivated:
            key, change = block(key, OWNER_DEACTIVATED, reason, at)
        else:
            key, change = unblock(key, OWNER_DEACTIVATED, reason, at)
        if change is not None:
            await store.save(key)
            await store.record(change)
