"""Billing events. SpendRecorded is the audit record of spend that other systems consume."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, PlainSerializer, WithJsonSchema

from litemaas_contracts.base import Event
from litemaas_contracts.topics import BILLING_ALERTS, BILLING_BUDGETS, BILLING_SPEND

#: money as an exact decimal string in JSON, never a float and never exponent notation
ExactAmount = Annotated[
    Decimal,
    Field(ge=0, allow_inf_nan=False),
    PlainSerializer(lambda amount: format(amount, "f"), return_type=str, when_used="json"),
    WithJsonSchema(
        {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "description": "USD, exact"}
    ),
]


OptionalAmount = Annotated[
    Decimal | None,
    Field(ge=0, allow_inf_nan=False),
    PlainSerializer(
        lambda amount: None if amount is None else format(amount, "f"),
        return_type=str | None,
        when_used="json",
    ),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$"},
                {"type": "null"},
            ],
            "description": "USD, exact",
        }
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


BudgetScope = Literal["team", "user", "subscription", "key"]
#: ``minute`` exists for tests and development only (billing refuses it in production)
BudgetPeriod = Literal["day", "week", "month", "none", "minute"]


class _BudgetEvent(Event):
    """Events about one budget. ``subject_id`` is the team, user or key id it caps; for the
    subscription scope it is the subscription id, with ``user_id`` and ``model_id`` set."""

    subject_field = "budget_id"
    budget_id: str = Field(min_length=1, max_length=36)
    scope: BudgetScope
    subject_id: str = Field(min_length=1, max_length=100)
    user_id: str | None = Field(default=None, max_length=100)
    team_id: str | None = Field(default=None, max_length=100)
    model_id: str | None = Field(default=None, max_length=200)
    key_hash: str | None = Field(default=None, max_length=100)


class BudgetSet(_BudgetEvent):
    """A budget was set or changed (the new values, complete). Key, user and team budgets are
    enforced by LiteLLM (sync pushes ``hard_limit`` and the period); subscription budgets and
    quotas by billing itself, through BudgetExceeded and BudgetPeriodClosed."""

    event_type = "litemaas.billing.BudgetSet.v1"
    topic = BILLING_BUDGETS.name
    period: BudgetPeriod
    soft_limit: OptionalAmount = None
    hard_limit: OptionalAmount = None
    max_requests: int | None = Field(default=None, ge=0)
    max_tokens: int | None = Field(default=None, ge=0)
    thresholds: tuple[int, ...] = (50, 80, 90, 100)
    period_start: datetime
    period_end: datetime | None = None
    set_by: str
    set_at: datetime
    #: the budget was removed: no limits apply any more (the other fields are its last values)
    removed: bool = False


class BudgetThresholdCrossed(_BudgetEvent):
    """Spend (or requests or tokens, for a quota) passed ``threshold`` % of the limit; once
    per threshold per period."""

    event_type = "litemaas.billing.BudgetThresholdCrossed.v1"
    topic = BILLING_ALERTS.name
    threshold: int = Field(ge=1, le=1000)
    measure: Literal["spend", "requests", "tokens"] = "spend"
    used: ExactAmount
    limit: ExactAmount
    period_start: datetime
    crossed_at: datetime


class BudgetExceeded(_BudgetEvent):
    """The hard limit (or a quota) is reached for this period. For a subscription, the model
    leaves the user's keys until the period closes."""

    event_type = "litemaas.billing.BudgetExceeded.v1"
    topic = BILLING_ALERTS.name
    measure: Literal["spend", "requests", "tokens"] = "spend"
    used: ExactAmount
    limit: ExactAmount
    period_start: datetime
    exceeded_at: datetime


class BudgetPeriodClosed(_BudgetEvent):
    """A period ended, with its final figures; the next one starts at ``period_end``. What
    BudgetExceeded withdrew comes back, and LiteLLM's spend for the budget restarts."""

    event_type = "litemaas.billing.BudgetPeriodClosed.v1"
    topic = BILLING_BUDGETS.name
    period_start: datetime
    period_end: datetime
    spend: ExactAmount
    requests: int = Field(ge=0)
    tokens: int = Field(ge=0)
    closed_at: datetime
    #: closed after its end had passed by more than billing's grace (billing was down)
    late: bool = False


CreditOwner = Literal["user", "team"]
#: millicredits: an integer, a thousandth of a credit (a balance may dip below 0 by the spend
#: that was under way when it ran out)
Millicredits = Annotated[int, Field(ge=-(10**15), le=10**15)]


class CreditBalanceChanged(Event):
    """A prepaid balance changed (a grant, an adjustment, spend debited, a new tier), or spend
    not paid from it (a team key's) moved LiteLLM's spend counter for its user. ``spendable`` is
    the balance in the money LiteLLM counts (USD before the tier's markup, 0 when the balance is
    not positive): sync projects it into LiteLLM's budget for the user or team. ``version``
    grows with every change of the account: an older report changes nothing."""

    event_type = "litemaas.billing.CreditBalanceChanged.v1"
    topic = BILLING_BUDGETS.name
    subject_field = "account_id"
    account_id: str = Field(min_length=1, max_length=36)
    owner: CreditOwner
    owner_id: str = Field(min_length=1, max_length=100)
    balance: Millicredits
    tier: str = Field(min_length=1, max_length=40)
    markup: ExactAmount
    spendable: ExactAmount
    version: int = Field(ge=0)
    reason: Literal["grant", "adjustment", "debit", "tier", "spend"]
    changed_at: datetime


class CreditBalanceLow(Event):
    """A balance fell below its account's low-balance threshold (once, until a grant or
    adjustment lifts it above again): people get to top up before LiteLLM refuses."""

    event_type = "litemaas.billing.CreditBalanceLow.v1"
    topic = BILLING_ALERTS.name
    subject_field = "account_id"
    account_id: str = Field(min_length=1, max_length=36)
    owner: CreditOwner
    owner_id: str = Field(min_length=1, max_length=100)
    balance: Millicredits
    threshold: Millicredits
    at: datetime
