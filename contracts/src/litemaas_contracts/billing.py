"""Billing events. SpendRecorded is the audit record of spend that other systems consume."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, PlainSerializer, WithJsonSchema

from litemaas_contracts.base import Event
from litemaas_contracts.topics import BILLING_SPEND

#: money as an exact decimal string in JSON, never a float and never exponent notation
ExactAmount = Annotated[
    Decimal,
    Field(ge=0, allow_inf_nan=False),
    PlainSerializer(lambda amount: format(amount, "f"), return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "description": "USD, exact"}
    ),
]


class SpendRecorded(Event):
    """One request LiteLLM served (or refused), as LiteLLM accounted for it.

    Keyed by the key's hash, so one key's records stay in order. ``request_id`` is LiteLLM's
    spend-log id: the same request may be recorded more than once (both sources, redelivery),
    and is counted once. ``cost`` is USD as an exact decimal (a string in JSON).
    """

    event_type = "litemaas.billing.SpendRecorded.v1"
    topic = BILLING_SPEND.name
    subject_field = "key_hash"

    request_id: str = Field(min_length=1, max_length=300)
    #: SHA-256 of the key (LiteLLM's ``token``), or ``litellm_proxy_master_key``
    key_hash: str = Field(min_length=1, max_length=100)
    #: LiteMaaS's id of the key, where sync knows it
    key_id: str | None = Field(default=None, max_length=36)
    user_id: str | None = Field(default=None, max_length=100)
    team_id: str | None = Field(default=None, max_length=100)
    #: the public model name (LiteLLM's ``model_group``), what subscriptions name
    model: str = Field(min_length=1, max_length=200)
    provider: str | None = Field(default=None, max_length=100)
    prompt_tokens: int = Field(default=0, ge=0)
    completion_tokens: int = Field(default=0, ge=0)
    cost: ExactAmount
    status: Literal["success", "failure"] = "success"
    started_at: datetime
    ended_at: datetime
    #: which path brought it: LiteLLM's spend logs (``pull``) or its callback (``push``)
    source: Literal["pull", "push"]
    recorded_at: datetime
