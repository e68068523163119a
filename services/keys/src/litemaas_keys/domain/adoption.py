"""Adopting a key made directly in LiteLLM (sync's ``adopt`` setting). No I/O.

The key then lives in LiteMaaS like any other: its owner sees it, revokes or rotates it, and
its spend is attributed. It is held to the rules a new key is held to (an active owner, an
active subscription for every model, a team the owner belongs to); a key that breaks one is
refused with the reason and stays in LiteLLM untouched, reported as foreign. LiteMaaS never
learns its secret: the event says ``origin="litellm"`` so that nothing tries to create it."""

from __future__ import annotations

import uuid
from datetime import datetime

from litemaas_contracts.keys import ApiKeyCreated
from litemaas_contracts.sync import ForeignKey
from litemaas_keys.domain.keys import ApiKey

#: who adopted it, in its history
ACTOR = "litellm"
#: an adopted key's id follows from its hash, so announcing it twice adopts it once
_IDS = uuid.UUID("5b0f6f2e-3c1d-4d8e-9a51-6c0f1e7a9d42")


class AdoptionRefused(ValueError):
    """The key breaks a rule a LiteMaaS key keeps: dead-lettered with this reason."""


def adopted_id(key_hash: str) -> str:
    return str(uuid.uuid5(_IDS, key_hash))


def adopt(
    key_hash: str,
    facts: ForeignKey,
    *,
    owner_active: bool,
    entitled: set[str],
    teams: set[str],
    now: datetime,
) -> tuple[ApiKey, ApiKeyCreated]:
    owner = facts.owner_user_id
    if not owner:
        raise AdoptionRefused("the key names no user in LiteLLM: LiteMaaS keys have an owner")
    if not owner_active:
        raise AdoptionRefused(f"the key's owner {owner!r} is not an active LiteMaaS user")
    if not facts.models:
        raise AdoptionRefused("the key reaches every model: LiteMaaS keys name their models")
    missing = sorted(set(facts.models) - entitled)
    if missing:
        raise AdoptionRefused(f"its owner has no active subscription for: {', '.join(missing)}")
    if facts.team_id and facts.team_id not in teams:
        raise AdoptionRefused(f"its owner is not a member of the team {facts.team_id!r}")
    if facts.expires_at is not None and facts.expires_at <= now:
        raise AdoptionRefused("the key has expired in LiteLLM")
    name = (facts.alias or f"made in LiteLLM ({facts.display or key_hash[:8]})")[:100]
    prefix = (facts.display or "")[:16]
    models = tuple(dict.fromkeys(facts.models))
    key = ApiKey(
        adopted_id(key_hash),
        owner,
        facts.team_id,
        name,
        models,
        facts.limits,
        prefix,
        key_hash,
        "active",
        facts.expires_at,
        None,
        now,
        now,
        custodian=owner,
    )
    created = ApiKeyCreated(
        key_id=key.id,
        key_hash=key_hash,
        owner_user_id=owner,
        team_id=facts.team_id,
        name=name,
        key_prefix=prefix,
        models=models,
        limits=facts.limits,
        expires_at=facts.expires_at,
        created_by=ACTOR,
        created_at=now,
        origin="litellm",
    )
    return key, created
