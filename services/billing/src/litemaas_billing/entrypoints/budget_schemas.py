"""What the budget, notification and webhook APIs accept and answer."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from litemaas_billing.domain.budget import Budget
from litemaas_billing.domain.budgets import DEFAULT_THRESHOLDS, Limits, Usage
from litemaas_billing.domain.requests import IncreaseRequest
from litemaas_contracts.billing import BudgetPeriod, BudgetScope, ExactAmount
from litemaas_servicekit.fields import free_text, text

#: USD, exact; at most 12 digits before the point and 10 after
Money = Annotated[Decimal, Field(ge=0, max_digits=22, decimal_places=10, allow_inf_nan=False)]
Quota = Annotated[int, Field(ge=0, le=2**53)]
Threshold = Annotated[int, Field(ge=1, le=1000)]
Reason = free_text(2000)


def _url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError("a webhook URL starts with https:// (or http://)")
    return value


class LimitsIn(BaseModel):
    period: BudgetPeriod = "month"
    soft_limit: Money | None = None
    hard_limit: Money | None = None
    max_requests: Quota | None = None
    max_tokens: Quota | None = None
    thresholds: list[Threshold] = Field(
        default=list(DEFAULT_THRESHOLDS), min_length=1, max_length=10
    )

    def limits(self) -> Limits:
        return Limits(
            self.period,
            self.soft_limit,
            self.hard_limit,
            self.max_requests,
            self.max_tokens,
            tuple(self.thresholds),
        )


class BudgetIn(LimitsIn):
    scope: BudgetScope
    #: a team, user or key id; for a subscription, its id
    subject_id: text(100)  # type: ignore[valid-type]


class UsageOut(BaseModel):
    spend: ExactAmount
    requests: int
    tokens: int


class BudgetOut(BaseModel):
    id: str
    scope: BudgetScope
    subject_id: str
    user_id: str | None
    team_id: str | None
    model_id: str | None
    period: BudgetPeriod
    soft_limit: ExactAmount | None
    hard_limit: ExactAmount | None
    max_requests: int | None
    max_tokens: int | None
    thresholds: list[int]
    period_start: datetime
    period_end: datetime | None
    set_by: str
    set_at: datetime
    #: the current period's figures
    usage: UsageOut

    @classmethod
    def of(cls, budget: Budget, usage: Usage) -> BudgetOut:
        s, lim = budget.subject, budget.limits
        return cls(
            id=budget.id,
            scope=s.scope,
            subject_id=s.subject_id,
            user_id=s.user_id,
            team_id=s.team_id,
            model_id=s.model_id,
            period=lim.period,
            soft_limit=lim.soft_limit,
            hard_limit=lim.hard_limit,
            max_requests=lim.max_requests,
            max_tokens=lim.max_tokens,
            thresholds=list(lim.thresholds),
            period_start=budget.period_start,
            period_end=budget.period_end,
            set_by=budget.set_by,
            set_at=budget.set_at,
            usage=UsageOut(spend=usage.spend, requests=usage.requests, tokens=usage.tokens),
        )


class IncreaseIn(BaseModel):
    hard_limit: Money
    reason: Reason  # type: ignore[valid-type]


class DecisionIn(BaseModel):
    reason: Reason = ""  # type: ignore[valid-type]
    #: approve another amount than the one asked for
    hard_limit: Money | None = None


class IncreaseOut(BaseModel):
    id: str
    budget_id: str
    requested_by: str
    current_limit: ExactAmount | None
    requested_limit: ExactAmount
    reason: str
    status: Literal["pending", "approved", "denied"]
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    granted_limit: ExactAmount | None

    @classmethod
    def of(cls, r: IncreaseRequest) -> IncreaseOut:
        return cls(**r.__dict__)


class NotificationOut(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NotificationsOut(BaseModel):
    items: list[NotificationOut]
    unread: int


class WebhookIn(BaseModel):
    url: Annotated[str, Field(min_length=8, max_length=2000), AfterValidator(_url)]
    description: free_text(500) = ""  # type: ignore[valid-type]


class WebhookOut(BaseModel):
    id: str
    url: str
    description: str
    enabled: bool
    created_by: str
    created_at: datetime


class WebhookCreatedOut(WebhookOut):
    #: shown once: sign-checking needs it, billing keeps it sealed and never shows it again
    secret: str


class DeliveryOut(BaseModel):
    id: int
    channel: str
    target: str
    event_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    last_status: int | None
    created_at: datetime
    sent_at: datetime | None
