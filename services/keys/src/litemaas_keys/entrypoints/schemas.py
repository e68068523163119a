"""What the keys API accepts and returns. Every field is bounded (see ``fields``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from litemaas_contracts.keys import KeyLimits
from litemaas_keys.domain.keys import ApiKey
from litemaas_keys.entrypoints.fields import (
    INT32_MAX,
    Duration,
    Expiry,
    Id,
    Limit,
    ModelId,
    Money,
    Name,
    Reason,
)

_LIMITS = ("max_budget", "budget_duration", "soft_budget", "tpm_limit", "rpm_limit")


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Name
    models: list[ModelId] = Field(min_length=1, max_length=50)
    max_budget: Money | None = None
    budget_duration: Duration | None = None
    soft_budget: Money | None = None
    tpm_limit: Limit | None = None
    rpm_limit: Limit | None = None
    max_parallel_requests: Limit | None = None
    #: with a time zone, in the future, within ten years
    expires_at: Expiry | None = None
    #: a team key: made by a team owner or admin, seen by every member, spends the team's budget
    team_id: Id | None = None

    def limits(self) -> KeyLimits:
        return KeyLimits.model_validate(
            self.model_dump(include={*_LIMITS, "max_parallel_requests"})
        )


class RotateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overlap_seconds: int | None = Field(None, ge=0, le=INT32_MAX)


class RevokeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason = ""


class KeyOut(BaseModel):
    id: str
    owner_user_id: str
    team_id: str | None
    name: str
    models: list[str]
    #: models of ``models`` the key does not reach until their quota period closes
    withdrawn_models: list[str] = []
    limits: KeyLimits
    key_prefix: str
    status: str
    #: an active key LiteLLM refuses for now (its owner was deactivated), and why
    blocked: bool
    blocked_reason: str | None
    expires_at: datetime | None
    revoke_at: datetime | None
    created_at: datetime
    #: the secret, in the answer that creates the key and nowhere else, ever
    key: str | None = None

    @classmethod
    def of(cls, k: ApiKey, secret: str | None = None) -> KeyOut:
        return cls(
            id=k.id,
            owner_user_id=k.owner_user_id,
            team_id=k.team_id,
            name=k.name,
            models=list(k.models),
            withdrawn_models=list(k.withdrawn),
            limits=k.limits,
            key_prefix=k.key_prefix,
            status=k.status,
            blocked=k.blocked is not None,
            blocked_reason=k.blocked,
            expires_at=k.expires_at,
            revoke_at=k.revoke_at,
            created_at=k.created_at,
            key=secret,
        )


class KeysPage(BaseModel):
    items: list[KeyOut]
    total: int
    page: int
    page_size: int
