"""What the catalog's HTTP API accepts and returns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from litemaas_catalog.domain.models import Model
from litemaas_catalog.domain.subscriptions import Subscription
from litemaas_catalog.entrypoints.fields import Id, ModelId, Reason

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


class ModelOut(BaseModel):
    id: str
    provider: str
    context_length: int | None
    input_cost_per_token: Decimal | None
    output_cost_per_token: Decimal | None
    capabilities: list[str]
    restricted: bool
    hidden: bool
    retired: bool

    @classmethod
    def of(cls, m: Model) -> ModelOut:
        return cls(
            id=m.id,
            provider=m.provider,
            context_length=m.context_length,
            input_cost_per_token=m.input_cost_per_token,
            output_cost_per_token=m.output_cost_per_token,
            capabilities=list(m.capabilities),
            restricted=m.restricted,
            hidden=m.hidden,
            retired=m.retired,
        )


class ModelFlags(BaseModel):
    model_config = ConfigDict(extra="forbid")
    restricted: bool | None = None
    hidden: bool | None = None


class SubscribeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    model_id: ModelId


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason = ""


class BulkIn(ReasonIn):
    action: Literal["approve", "deny", "suspend", "reactivate"]
    ids: list[Id] = Field(min_length=1, max_length=100)


class SubscriptionOut(BaseModel):
    id: str
    user_id: str
    model_id: str
    status: str
    requests_per_month: int | None
    tokens_per_month: int | None
    created_at: datetime
    updated_at: datetime
    history: list[dict[str, Any]] | None = None

    @classmethod
    def of(cls, s: Subscription, history: list[dict[str, Any]] | None = None) -> SubscriptionOut:
        return cls(
            id=s.id,
            user_id=s.user_id,
            model_id=s.model_id,
            status=s.status,
            requests_per_month=s.quota.requests_per_month,
            tokens_per_month=s.quota.tokens_per_month,
            created_at=s.created_at,
            updated_at=s.updated_at,
            history=history,
        )
