"""Catalog events: the models LiteLLM serves (published by sync), and subscriptions to them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from litemaas_contracts.base import Event
from litemaas_contracts.topics import CATALOG_MODELS, CATALOG_SUBSCRIPTIONS

SubscriptionStatus = Literal["pending", "active", "denied", "cancelled", "suspended"]


class _ModelEvent(Event):
    topic = CATALOG_MODELS.name
    subject_field = "model_id"
    #: the name clients use in LiteLLM calls (LiteLLM's ``model_name``)
    model_id: str


class _ModelFacts(_ModelEvent):
    provider: str = "unknown"
    context_length: int | None = Field(default=None, ge=0)
    input_cost_per_token: Decimal | None = Field(default=None, ge=0)
    output_cost_per_token: Decimal | None = Field(default=None, ge=0)
    capabilities: tuple[str, ...] = ()


class ModelDiscovered(_ModelFacts):
    """LiteLLM serves a model LiteMaaS did not know."""

    event_type = "litemaas.catalog.ModelDiscovered.v1"
    discovered_at: datetime


class ModelUpdated(_ModelFacts):
    """A model's facts changed in LiteLLM (the new values, complete)."""

    event_type = "litemaas.catalog.ModelUpdated.v1"
    updated_at: datetime


class ModelRetired(_ModelEvent):
    """LiteLLM no longer serves the model; LiteMaaS keeps it as a tombstone."""

    event_type = "litemaas.catalog.ModelRetired.v1"
    retired_at: datetime


class _SubscriptionEvent(Event):
    topic = CATALOG_SUBSCRIPTIONS.name
    subject_field = "subscription_id"
    subscription_id: str
    user_id: str
    model_id: str
    #: who made the change: the user, an admin, or ``system``
    changed_by: str
    at: datetime


class SubscriptionRequested(_SubscriptionEvent):
    """A user asked for a restricted model; an admin decides."""

    event_type = "litemaas.catalog.SubscriptionRequested.v1"


class SubscriptionActivated(_SubscriptionEvent):
    """The user may now use the model (at once, or after approval)."""

    event_type = "litemaas.catalog.SubscriptionActivated.v1"
    requests_per_month: int | None = Field(default=None, ge=0)
    tokens_per_month: int | None = Field(default=None, ge=0)


class SubscriptionDenied(_SubscriptionEvent):
    event_type = "litemaas.catalog.SubscriptionDenied.v1"
    reason: str = ""


class SubscriptionCancelled(_SubscriptionEvent):
    """The user may no longer use the model: it leaves the user's keys."""

    event_type = "litemaas.catalog.SubscriptionCancelled.v1"
    reason: str = ""


class SubscriptionSuspended(_SubscriptionEvent):
    """Use is paused (by an admin); keys stop covering the model until it is reactivated."""

    event_type = "litemaas.catalog.SubscriptionSuspended.v1"
    reason: str = ""
