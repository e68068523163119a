"""Push API keys to LiteLLM: created with the sealed secret, kept in step, deleted at the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal, Protocol

from litemaas_contracts import Envelope
from litemaas_contracts.keys import (
    ApiKeyArchived,
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeySecretSealed,
    ApiKeySpendReset,
    ApiKeyUpdated,
    KeyLimits,
)
from litemaas_contracts.sync import Action
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_sync.app.audit import applied
from litemaas_sync.app.desired import Tracking, confirm, superseded
from litemaas_sync.app.ports import Audit
from litemaas_sync.domain.budgets import Budget, key_limits
from litemaas_sync.domain.desired import key_values

#: the provisioning topic's retention: a secret older than this will never arrive
SECRET_RETENTION = timedelta(hours=1)


#: a key as LiteLLM has it; a deleted key counts as absent
KeyState = Literal["absent", "active", "blocked"]


class LiteLLMKeysPort(Protocol):
    async def state(self, key_hash: str) -> KeyState: ...
    async def exists(self, key_hash: str) -> bool: ...
    async def generate(
        self,
        *,
        secret: str,
        key_id: str,
        user_id: str,
        team_id: str | None,
        models: tuple[str, ...],
        limits: KeyLimits,
        expires_at: datetime | None,
        now: datetime,
    ) -> None: ...
    async def update(self, key_hash: str, models: tuple[str, ...], limits: KeyLimits) -> None: ...
    async def reset_spend(self, key_hash: str) -> None: ...
    async def set_blocked(self, key_hash: str, blocked: bool) -> None: ...
    async def delete(self, key_hash: str) -> None: ...


class KeyBudgets(Protocol):
    """Billing's budget on a key, which wins over the key's own budget fields."""

    async def for_subject(self, scope: Literal["key"], subject: str) -> Budget | None: ...
    async def keep_own_limits(self, key_hash: str, limits: KeyLimits) -> None: ...


async def _limits(key_hash: str, own: KeyLimits, budgets: KeyBudgets | None) -> KeyLimits:
    """The key's own limits are kept (they apply again when billing's budget goes)."""
    if budgets is None:
        return own
    await budgets.keep_own_limits(key_hash, own)
    return key_limits(own, await budgets.for_subject("key", key_hash))


class SealedSecrets(Protocol):
    async def put(self, key_id: str, key_hash: str, sealed: str, sealed_at: datetime) -> None: ...
    async def get(self, key_id: str) -> str | None: ...
    async def drop(self, key_id: str) -> None: ...
    async def prune(self, sealed_before: datetime) -> int: ...


class Opener(Protocol):
    def open(self, token: str, context: str) -> str: ...


async def keep_secret(event: ApiKeySecretSealed, secrets: SealedSecrets) -> None:
    """Only ciphertext is stored, and only until the key exists in LiteLLM or it is pruned."""
    await secrets.put(event.key_id, event.key_hash, event.sealed_secret, event.sealed_at)


async def prune_secrets(secrets: SealedSecrets, now: datetime) -> int:
    """Secrets sealed more than an hour ago go, used or not (their key was dead-lettered,
    revoked before it reached LiteLLM, or never announced): the one-hour promise."""
    return await secrets.prune(now - SECRET_RETENTION)


async def create_key(
    event: ApiKeyCreated,
    envelope: Envelope,
    litellm: LiteLLMKeysPort,
    secrets: SealedSecrets,
    opener: Opener,
    audit: Audit,
    budgets: KeyBudgets | None = None,
    tracking: Tracking | None = None,
) -> None:
    """With ``tracking`` the desired state keeps the key's own fields (a tombstoned key is
    never made again by a replay), and the new key is read back. A key adopted from LiteLLM
    (``origin`` ``litellm``) is taken under management, never created."""
    if tracking and await tracking.desired.status("key", event.key_hash) == "tombstoned":
        await secrets.drop(event.key_id)
        return await audit(applied(envelope, "key", event.key_id, "skipped", "tombstoned"))
    limits = await _limits(event.key_hash, event.limits, budgets)
    own = key_values(event.models, event.limits, event.team_id, event.expires_at)
    if tracking:
        await tracking.desired.record(
            "key",
            event.key_hash,
            {**own, "blocked": False},
            event_id=envelope.id,
            at=envelope.time,
            key_id=event.key_id,
        )
    if await litellm.exists(event.key_hash):
        await secrets.drop(event.key_id)
        return await audit(applied(envelope, "key", event.key_id, "already_present"))
    if event.origin == "litellm":  # adopted: its secret was never LiteMaaS's to send again
        why = "made in LiteLLM and gone from it since; reconcile settles it"
        return await audit(applied(envelope, "key", event.key_id, "skipped", why))
    sealed = await secrets.get(event.key_id)
    now = datetime.now(UTC)
    if sealed is None:
        if now - event.created_at > SECRET_RETENTION:
            return await audit(
                applied(
                    envelope,
                    "key",
                    event.key_id,
                    "skipped",
                    "its sealed secret expired before it arrived",
                )
            )
        raise DependencyUnavailable("the key's sealed secret has not arrived yet")
    await litellm.generate(
        secret=opener.open(sealed, event.key_id),
        key_id=event.key_id,
        user_id=event.owner_user_id,
        team_id=event.team_id,
        models=event.models,
        limits=limits,
        expires_at=event.expires_at,
        now=now,
    )
    await secrets.drop(event.key_id)
    written = key_values(event.models, limits, event.team_id, event.expires_at)
    confirmed = await confirm(
        tracking,
        "key",
        event.key_hash,
        written,
        lambda: litellm.update(event.key_hash, event.models, limits),
    )
    detail = "" if confirmed else "not confirmed by a read-back (conflict reported)"
    await audit(applied(envelope, "key", event.key_id, "created", detail))


async def change_key(
    event: ApiKeyUpdated | ApiKeyRevoked | ApiKeyArchived | ApiKeySpendReset,
    envelope: Envelope,
    litellm: LiteLLMKeysPort,
    audit: Audit,
    budgets: KeyBudgets | None = None,
    tracking: Tracking | None = None,
) -> None:
    """A key update carries the key's own limits; billing's budget on the key stays. With
    ``tracking`` the desired state follows (a revoked key is tombstoned) and writes are read
    back."""
    if isinstance(event, ApiKeyUpdated):
        limits = await _limits(event.key_hash, event.limits, budgets)
    if tracking:
        await _track(event, envelope, tracking)
        if isinstance(event, ApiKeyUpdated) and await superseded(
            tracking, "key", event.key_hash, ("models", "max_budget"), envelope.time
        ):
            detail = "superseded by a later update (the reconciler keeps LiteLLM in step)"
            return await audit(applied(envelope, "key", event.key_id, "skipped", detail))
    if not await litellm.exists(event.key_hash):
        return await audit(
            applied(
                envelope,
                "key",
                event.key_id,
                "skipped",
                "not in LiteLLM (never provisioned, or already deleted)",
            )
        )
    action: Action
    detail = ""
    if isinstance(event, ApiKeyUpdated):
        await litellm.update(event.key_hash, event.models, limits)
        action = "updated"
        written = key_values(event.models, limits, with_identity=False)
        if not await confirm(
            tracking,
            "key",
            event.key_hash,
            written,
            lambda: litellm.update(event.key_hash, event.models, limits),
        ):
            detail = "not confirmed by a read-back (conflict reported)"
    elif isinstance(event, ApiKeySpendReset):
        await litellm.reset_spend(event.key_hash)
        action = "updated"
    else:
        await litellm.delete(event.key_hash)
        action = "deleted"
    await audit(applied(envelope, "key", event.key_id, action, detail))


async def _track(
    event: ApiKeyUpdated | ApiKeyRevoked | ApiKeyArchived | ApiKeySpendReset,
    envelope: Envelope,
    tracking: Tracking,
) -> None:
    if isinstance(event, ApiKeyUpdated):
        values = key_values(event.models, event.limits, with_identity=False)
        await tracking.desired.record(
            "key", event.key_hash, values, event_id=envelope.id, at=envelope.time
        )
    elif isinstance(event, ApiKeyRevoked | ApiKeyArchived):
        await tracking.desired.set_status("key", event.key_hash, "tombstoned", envelope.time)
