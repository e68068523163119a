"""What the budget use cases need: one transaction over budgets, their figures, the requests
to raise them, notifications, and the outbox."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from litemaas_billing.domain.budget import Budget, Subject
from litemaas_billing.domain.budgets import Usage
from litemaas_billing.domain.requests import IncreaseRequest
from litemaas_contracts import Event
from litemaas_contracts.billing import BudgetScope


class BudgetStore(Protocol):
    async def record(self, event: Event) -> None: ...
    async def subject(self, scope: BudgetScope, subject_id: str) -> Subject | None: ...
    async def budget(self, budget_id: str, *, lock: bool = False) -> Budget | None: ...
    async def budget_of(
        self, scope: BudgetScope, subject_id: str, *, lock: bool = False
    ) -> Budget | None: ...
    async def save(self, budget: Budget) -> None: ...
    async def with_usage(
        self,
        *,
        scope: str | None = None,
        subject_id: str | None = None,
        applying_to: str | None = None,
        budget_id: str | None = None,
    ) -> list[tuple[Budget, Usage]]:
        """Live budgets and their current period's figures; ``applying_to``: a user's own,
        their keys', their subscriptions' and their teams'."""

    async def team_role(self, team_id: str, user_id: str) -> str | None: ...
    async def remember_subscription(
        self, sub_id: str, user_id: str, model_id: str, status: str
    ) -> None: ...

    async def budgeted(self, match_keys: set[str]) -> set[str]:
        """Which of these match keys have a live budget (most spend falls under none)."""

    async def count(
        self, keys: list[str], cost: Decimal, tokens: int
    ) -> list[tuple[Budget, Usage]]:
        """Add one request to the current period of every live budget under ``keys``; each
        budget with its new figures."""

    async def mark(self, budget_id: str, period_start: datetime, marks: list[str]) -> set[str]:
        """Record the marks; the ones that were not there before."""

    async def due(self, now: datetime, limit: int) -> list[Budget]:
        """Budgets whose period has ended, locked for closing (others skip them)."""

    async def usage(self, budget_id: str, period_start: datetime) -> Usage: ...
    async def add_request(self, request: IncreaseRequest) -> None: ...
    async def request(self, request_id: str, *, lock: bool = False) -> IncreaseRequest | None: ...
    async def save_request(self, request: IncreaseRequest) -> None: ...
    async def requests(
        self, *, status: str | None, requested_by: str | None, budget_id: str | None
    ) -> list[IncreaseRequest]: ...
    async def notify(
        self, user_id: str, source_id: str, kind: str, title: str, body: str, data: dict[str, Any]
    ) -> None:
        """An in-app notification; the same ``source_id`` twice for a user is one."""


BudgetTransactions = Callable[[], AbstractAsyncContextManager[BudgetStore]]
