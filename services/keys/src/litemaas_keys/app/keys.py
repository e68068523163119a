"""Key use cases. The secret exists in memory only: shown once, sealed for sync, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from litemaas_contracts.keys import (
    ApiKeyCreated,
    ApiKeyExpiring,
    ApiKeySecretSealed,
    ApiKeySpendReset,
    KeyLimits,
)
from litemaas_keys.app.ports import KeysStore, KeysTransactions, SecretSealer
from litemaas_keys.domain import keys as rules
from litemaas_keys.domain.custody import TEAM_MANAGERS, may_manage, may_see
from litemaas_keys.domain.keys import ApiKey, Policy
from litemaas_servicekit.errors import Forbidden, NotFound
from litemaas_servicekit.security import ADMIN, Principal


@dataclass(frozen=True)
class Minted:
    key: ApiKey
    secret: str


async def _issue(
    store: KeysStore,
    sealer: SecretSealer,
    key: ApiKey,
    secret: str,
    created: ApiKeyCreated,
    now: datetime,
) -> None:
    await store.save(key)
    await store.record(created)
    await store.record(
        ApiKeySecretSealed(
            key_id=key.id,
            key_hash=key.key_hash,
            sealed_secret=sealer.seal(secret, key.id),
            sealed_at=now,
        )
    )


async def _still_active(store: KeysStore, user_id: str) -> None:
    """Refuse a deactivated user even if their token slipped through.

    The shared lock on the user makes a deactivation wait for this transaction, so the keys it
    blocks include any key committed here.
    """
    await store.hold_user(user_id, exclusive=False)
    if await store.deactivated(user_id):
        raise Forbidden("your account is deactivated")


async def create_key(
    tx: KeysTransactions,
    sealer: SecretSealer,
    policy: Policy,
    caller: Principal,
    name: str,
    models: tuple[str, ...],
    limits: KeyLimits,
    expires_at: datetime | None,
    team_id: str | None = None,
) -> Minted:
    """A personal key, or a team key made by a team owner or admin for all its members.

    Either way each model needs the creator's active subscription.
    """
    now = datetime.now(UTC)
    limits = rules.within_policy(limits, expires_at, policy, now)
    async with tx() as store:
        await _still_active(store, caller.user_id)
        if team_id is not None:
            role = (await store.teams_of(caller.user_id)).get(team_id)
            if role is None:
                raise NotFound(f"no team {team_id!r}")
            if role not in TEAM_MANAGERS:
                raise Forbidden("only the team's owners and admins create team keys")
        # locked: a cancel committing meanwhile waits, then finds this key and takes its model
        rules.covered(models, await store.entitled(caller.user_id, lock=True))
        rules.not_held(models, await store.held_models(caller.user_id))
        key, secret, created = rules.mint(
            caller.user_id, name, models, limits, expires_at, caller.user_id, now, team_id
        )
        await _issue(store, sealer, key, secret, created, now)
    return Minted(key, secret)


async def _visible(
    store: KeysStore, caller: Principal, key_id: str, lock: bool = False, manage: bool = False
) -> ApiKey:
    """The owner of a personal key, or the members of a team key's team, see it; anyone else
    gets 'not found'. Managing it takes that owner, the team's current owners and admins, or a
    platform admin: having created a team key gives no power over it.
    """
    key = await store.key(key_id, lock=lock)
    team_role = None
    if key is not None and key.team_id is not None:
        team_role = (await store.teams_of(caller.user_id)).get(key.team_id)
    if key is None or not may_see(key, caller.user_id, team_role, caller.can_read_everything):
        raise NotFound(f"no API key {key_id!r}")
    if manage and not may_manage(key, caller.user_id, team_role):
        caller.require(ADMIN)
    return key


async def get_key(tx: KeysTransactions, caller: Principal, key_id: str) -> ApiKey:
    async with tx() as store:
        return await _visible(store, caller, key_id)


async def list_keys(
    tx: KeysTransactions,
    caller: Principal,
    user_id: str | None,
    page: int,
    size: int,
    team_id: str | None = None,
) -> tuple[list[ApiKey], int]:
    """Mine and my teams' keys (admins: everyone's, or one user's); ``team_id`` narrows to one
    team's keys, which a non-member simply does not see."""
    owner: str | None = caller.user_id
    if caller.can_read_everything:
        owner = user_id  # admins see everyone's, or one user's
    async with tx() as store:
        return await store.keys(owner, page, size, team_id)


async def revoke_key(tx: KeysTransactions, caller: Principal, key_id: str, reason: str) -> ApiKey:
    async with tx() as store:
        key = await _visible(store, caller, key_id, lock=True, manage=True)
        key, revoked = rules.revoke(key, caller.user_id, reason, datetime.now(UTC))
        await store.save(key)
        await store.record(revoked)
        return key


async def rotate_key(
    tx: KeysTransactions, sealer: SecretSealer, caller: Principal, key_id: str, overlap: timedelta
) -> Minted:
    now = datetime.now(UTC)
    async with tx() as store:
        await _still_active(store, caller.user_id)
        key = await _visible(store, caller, key_id, lock=True, manage=True)
        old, new, secret, created, rotated = rules.rotate(key, caller.user_id, overlap, now)
        await store.save(old)
        await _issue(store, sealer, new, secret, created, now)
        await store.record(rotated)
    return Minted(new, secret)


async def reset_spend(tx: KeysTransactions, caller: Principal, key_id: str) -> ApiKey:
    caller.require(ADMIN)
    async with tx() as store:
        key = await _visible(store, caller, key_id)
        await store.record(
            ApiKeySpendReset(
                key_id=key.id,
                key_hash=key.key_hash,
                reset_by=caller.user_id,
                reset_at=datetime.now(UTC),
            )
        )
        return key


async def sweep(tx: KeysTransactions, warn_ahead: timedelta) -> int:
    """Revoke keys whose rotation overlap ended or that expired; warn ahead of expiry."""
    now = datetime.now(UTC)
    async with tx() as store:
        ending, warn = await store.due(now, now + warn_ahead)
        for key in ending:
            reason = "rotated" if key.revoke_at and key.revoke_at <= now else "expired"
            key, revoked = rules.revoke(key, "system", reason, now)
            await store.save(key)
            await store.record(revoked)
        for key in warn:
            assert key.expires_at is not None
            await store.record(
                ApiKeyExpiring(
                    key_id=key.id,
                    key_hash=key.key_hash,
                    owner_user_id=key.owner_user_id,
                    expires_at=key.expires_at,
                )
            )
            await store.warned(key.id, now)
    return len(ending) + len(warn)
