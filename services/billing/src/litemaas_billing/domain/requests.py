"""Asking for a higher budget: who may ask, and how an admin's decision changes the request."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal

from litemaas_billing.domain.budget import Budget
from litemaas_billing.domain.budgets import BudgetRefused

Status = Literal["pending", "approved", "denied"]


class RequestRefused(ValueError):
    """The request cannot be made or decided as asked."""


@dataclass(frozen=True)
class IncreaseRequest:
    id: str
    budget_id: str
    requested_by: str
    current_limit: Decimal | None
    requested_limit: Decimal
    reason: str
    status: Status
    created_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None
    granted_limit: Decimal | None = None


def may_ask(budget: Budget, user_id: str, team_role: str | None) -> bool:
    """A user asks for their own budgets (theirs, their keys', their subscriptions'); a team's
    owner asks for the team's."""
    if budget.removed:
        return False
    if budget.subject.scope == "team":
        return team_role == "owner"
    return budget.subject.user_id == user_id


def ask(
    budget: Budget, request_id: str, user_id: str, amount: Decimal, reason: str, now: datetime
) -> IncreaseRequest:
    current = budget.limits.hard_limit
    if current is not None and amount <= current:
        raise BudgetRefused(f"ask for more than the current hard limit ({current})")
    if not reason.strip():
        raise BudgetRefused("say why you need more")
    return IncreaseRequest(request_id, budget.id, user_id, current, amount, reason, "pending", now)


def decide(
    request: IncreaseRequest,
    approve: bool,
    actor: str,
    reason: str,
    now: datetime,
    amount: Decimal | None = None,
) -> IncreaseRequest:
    if request.status != "pending":
        raise RequestRefused(f"the request is already {request.status}")
    if not approve and not reason.strip():
        raise BudgetRefused("a denial needs a reason the user can read")
    granted = (amount if amount is not None else request.requested_limit) if approve else None
    return replace(
        request,
        status="approved" if approve else "denied",
        decided_by=actor,
        decided_at=now,
        decision_reason=reason,
        granted_limit=granted,
    )
