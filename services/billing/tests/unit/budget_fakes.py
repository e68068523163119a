"""The budget store in memory: budgets, their period figures and marks, requests, events."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from litemaas_billing.domain.budget import Budget, Subject
from litemaas_billing.domain.budgets import Usage, match_key
from litemaas_billing.domain.requests import IncreaseRequest
from litemaas_contracts import Event


def _key(b: Budget) -> str:
    s = b.subject
    subject = s.key_hash if s.scope == "key" else s.subject_id
    return match_key(
        s.scope, subject=subject or "", user_id=s.user_id or "", model=s.model_id or ""
    )


class Store:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.subjects: dict[tuple[str, str], Subject] = {}
        self.budgets: dict[str, Budget] = {}
        self.figures: dict[tuple[str, datetime], Usage] = defaultdict(Usage)
        self.marks: set[tuple[str, datetime, str]] = set()
        self.reqs: dict[str, IncreaseRequest] = {}
        self.roles: dict[tuple[str, str], str] = {}
        self.notes: dict[tuple[str, str], str] = {}

    async def record(self, event: Event) -> None:
        self.events.append(event)

    async def subject(self, scope: str, subject_id: str) -> Subject | None:
        return self.subjects.get((scope, subject_id))

    async def budget(self, budget_id: str, *, lock: bool = False) -> Budget | None:
        return self.budgets.get(budget_id)

    async def budget_of(self, scope: str, subject_id: str, *, lock: bool = False) -> Budget | None:
        return next(
            (
                b
                for b in self.budgets.values()
                if (b.subject.scope, b.subject.subject_id) == (scope, subject_id)
            ),
            None,
        )

    async def save(self, budget: Budget) -> None:
        self.budgets[budget.id] = budget

    async def with_usage(self, **_: Any) -> list[tuple[Budget, Usage]]:
        return [
            (b, self.figures[(b.id, b.period_start)])
            for b in self.budgets.values()
            if not b.removed
        ]

    async def budgeted(self, match_keys: set[str]) -> set[str]:
        return set(match_keys)  # evaluate every request: the fake counts what matches

    async def team_role(self, team_id: str, user_id: str) -> str | None:
        return self.roles.get((team_id, user_id))

    async def remember_subscription(
        self, sub_id: str, user_id: str, model_id: str, status: str
    ) -> None:
        self.subjects[("subscription", sub_id)] = Subject(
            "subscription", sub_id, user_id, model_id=model_id
        )

    async def count(
        self, keys: list[str], cost: Decimal, tokens: int
    ) -> list[tuple[Budget, Usage]]:
        found = []
        for b in self.budgets.values():
            if b.removed or _key(b) not in keys:
                continue
            old = self.figures[(b.id, b.period_start)]
            new = Usage(old.spend + cost, old.requests + 1, old.tokens + tokens)
            self.figures[(b.id, b.period_start)] = new
            found.append((b, new))
        return found

    async def mark(self, budget_id: str, period_start: datetime, marks: list[str]) -> set[str]:
        new = {m for m in marks if (budget_id, period_start, m) not in self.marks}
        self.marks |= {(budget_id, period_start, m) for m in new}
        return new

    async def due(self, now: datetime, limit: int) -> list[Budget]:
        return [
            b
            for b in self.budgets.values()
            if not b.removed and b.period_end and b.period_end <= now
        ]

    async def usage(self, budget_id: str, period_start: datetime) -> Usage:
        return self.figures[(budget_id, period_start)]

    async def add_request(self, request: IncreaseRequest) -> None:
        self.reqs[request.id] = request

    async def request(self, request_id: str, *, lock: bool = False) -> IncreaseRequest | None:
        return self.reqs.get(request_id)

    async def save_request(self, request: IncreaseRequest) -> None:
        self.reqs[request.id] = replace(request)

    async def requests(
        self, *, status: str | None, requested_by: str | None, budget_id: str | None
    ) -> list[IncreaseRequest]:
        return [
            r
            for r in self.reqs.values()
            if status in (None, r.status)
            and requested_by in (None, r.requested_by)
            and budget_id in (None, r.budget_id)
        ]

    async def notify(
        self, user_id: str, source_id: str, kind: str, title: str, body: str, data: dict[str, Any]
    ) -> None:
        self.notes.setdefault((user_id, source_id), kind)

    # the store is its own transaction
    def __call__(self) -> Store:
        return self

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None
