"""API keys: what a key may cover, within which limits, and how it ends. No I/O."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from litemaas_contracts.keys import (
    ApiKeyArchived,
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeyRotated,
    ApiKeyUpdated,
    KeyLimits,
)

Status = Literal["active", "revoked", "archived"]


class KeyRefused(Exception):
    """The request breaks a rule (a model not subscribed, a key no longer active)."""


class LimitRefused(KeyRefused):
    """A limit or expiry outside what the admins allow (the input is wrong: 422)."""


@dataclass(frozen=True)
class Policy:
    """Admin-set defaults and maximums for self-service keys (None: no maximum)."""

    default_max_budget: Decimal | None = None
    max_max_budget: Decimal | None = None
    max_tpm_limit: int | None = None
    max_rpm_limit: int | None = None
    max_parallel_requests: int | None = None
    max_lifetime: timedelta | None = None


@dataclass(frozen=True)
class ApiKey:
    id: str
    owner_user_id: str
    team_id: str | None
    name: str
    models: tuple[str, ...]
    limits: KeyLimits
    key_prefix: str
    key_hash: str
    status: Status
    expires_at: datetime | None
    revoke_at: datetime | None
    created_at: datetime
    updated_at: datetime
    #: who answers for the key as a person: its owner, or a team key's creator until they leave
    #: the team (then None: the key is the team's alone). Deactivating the custodian blocks it.
    custodian: str | None = None
    #: why the key is blocked (e.g. "owner_deactivated"), None while it is not
    blocked: str | None = None
    #: models of ``models`` withdrawn until their subscription's quota period closes
    withdrawn: tuple[str, ...] = ()

    @property
    def usable(self) -> tuple[str, ...]:
        """The models the key reaches now (what LiteLLM gets)."""
        return tuple(m for m in self.models if m not in self.withdrawn)


def hash_secret(secret: str) -> str:
    """The form LiteLLM stores a key in (SHA-256, hex)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def within_policy(
    limits: KeyLimits, expires_at: datetime | None, policy: Policy, now: datetime
) -> KeyLimits:
    checks = [
        ("max_budget", limits.max_budget, policy.max_max_budget),
        ("tpm_limit", limits.tpm_limit, policy.max_tpm_limit),
        ("rpm_limit", limits.rpm_limit, policy.max_rpm_limit),
        ("max_parallel_requests", limits.max_parallel_requests, policy.max_parallel_requests),
    ]
    for name, value, ceiling in checks:
        if ceiling is not None and value is not None and value > ceiling:
            raise LimitRefused(f"{name} {value} is above the maximum of {ceiling}")
    if expires_at is not None and expires_at <= now:
        raise LimitRefused("expires_at must be in the future")
    if policy.max_lifetime and (expires_at is None or expires_at - now > policy.max_lifetime):
        raise LimitRefused(f"keys may live at most {policy.max_lifetime.days} days")
    if limits.max_budget is None and policy.default_max_budget is not None:
        return limits.model_copy(update={"max_budget": policy.default_max_budget})
    return limits


def covered(models: tuple[str, ...], entitled: set[str]) -> None:
    missing = sorted(set(models) - entitled)
    if missing:
        raise KeyRefused(f"no active subscription for: {', '.join(missing)}")


def not_held(models: tuple[str, ...], held: set[str]) -> None:
    """A model withdrawn for its quota period cannot go into a new key either."""
    paused = sorted(set(models) & held)
    if paused:
        raise KeyRefused(f"quota exceeded for this period: {', '.join(paused)}")


def mint(
    owner: str,
    name: str,
    models: tuple[str, ...],
    limits: KeyLimits,
    expires_at: datetime | None,
    actor: str,
    now: datetime,
    team_id: str | None = None,
) -> tuple[ApiKey, str, ApiKeyCreated]:
    """A new key and its secret (to show once); the event carries only the hash.

    A team key (``team_id``) is visible to every member and spends the team's budget.
    """
    secret = "sk-" + secrets.token_urlsafe(32)
    key = ApiKey(
        str(uuid.uuid4()),
        owner,
        team_id,
        name,
        tuple(dict.fromkeys(models)),
        limits,
        secret[:10],
        hash_secret(secret),
        "active",
        expires_at,
        None,
        now,
        now,
        custodian=owner,
    )
    event = ApiKeyCreated(
        key_id=key.id,
        key_hash=key.key_hash,
        owner_user_id=owner,
        team_id=team_id,
        name=name,
        key_prefix=key.key_prefix,
        models=key.models,
        limits=limits,
        expires_at=expires_at,
        created_by=actor,
        created_at=now,
    )
    return key, secret, event


def _require_active(key: ApiKey) -> None:
    if key.status != "active":
        raise KeyRefused(f"the key is {key.status}")


def revoke(key: ApiKey, actor: str, reason: str, now: datetime) -> tuple[ApiKey, ApiKeyRevoked]:
    _require_active(key)
    return replace(key, status="revoked", updated_at=now, revoke_at=None), ApiKeyRevoked(
        key_id=key.id, key_hash=key.key_hash, reason=reason, revoked_by=actor, revoked_at=now
    )


def rotate(
    key: ApiKey, actor: str, overlap: timedelta, now: datetime
) -> tuple[ApiKey, ApiKey, str, ApiKeyCreated, ApiKeyRotated]:
    """A successor with the same models and limits; the old key stops after ``overlap``."""
    _require_active(key)
    if key.blocked is not None:
        raise KeyRefused("the key is blocked")
    if key.revoke_at is not None:
        raise KeyRefused("the key is already being rotated")
    # a team key's new secret is in the hands of whoever rotated it: they answer for it (and
    # LiteLLM charges it to them within the team), not a member who may have left long ago
    holder = actor if key.team_id else key.owner_user_id
    new, secret, created = mint(
        holder, key.name, key.models, key.limits, key.expires_at, actor, now, key.team_id
    )
    new = replace(new, custodian=actor if key.team_id else key.custodian, withdrawn=key.withdrawn)
    # a model withdrawn for its quota period stays withdrawn on the successor
    created = created.model_copy(update={"models": new.usable})
    old = replace(key, revoke_at=now + overlap, updated_at=now)
    rotated = ApiKeyRotated(
        key_id=key.id,
        key_hash=key.key_hash,
        new_key_id=new.id,
        old_key_revoked_at=now + overlap,
        rotated_by=actor,
        rotated_at=now,
    )
    return old, new, secret, created, rotated


def drop_model(
    key: ApiKey, model_id: str, reason: str, now: datetime
) -> tuple[ApiKey, ApiKeyUpdated | ApiKeyArchived | None]:
    """A subscription ended: the model leaves the key; a key with no model left is archived
    (one whose other models are only withdrawn for a quota period is not: they come back)."""
    if key.status != "active" or model_id not in key.models:
        return key, None
    models = tuple(m for m in key.models if m != model_id)
    withdrawn = tuple(m for m in key.withdrawn if m != model_id)
    if not models:
        archived = replace(key, models=models, withdrawn=(), status="archived", updated_at=now)
        return archived, ApiKeyArchived(
            key_id=key.id, key_hash=key.key_hash, reason=reason, archived_at=now
        )
    key = replace(key, models=models, withdrawn=withdrawn, updated_at=now)
    return key, ApiKeyUpdated(
        key_id=key.id,
        key_hash=key.key_hash,
        models=key.usable,
        limits=key.limits,
        reason=reason,
        updated_at=now,
    )
