"""Asking for a higher budget, and deciding: as catalog decides restricted-model requests —
admins approve (optionally with another amount) or deny with a reason, every request is kept
with its decision, and the asker is notified. An approval changes the budget (BudgetSet)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from litemaas_billing.app.budget_ports import BudgetStore, BudgetTransactions
from litemaas_billing.domain.requests import IncreaseRequest, RequestRefused, ask, decide, may_ask
from litemaas_servicekit.errors import NotFound
from litemaas_servicekit.security import ADMIN, Principal


async def request_increase(
    tx: BudgetTransactions,
    caller: Principal,
    budget_id: str,
    amount: Decimal,
    reason: str,
    now: datetime,
) -> IncreaseRequest:
    async with tx() as store:
        budget = await store.budget(budget_id)
        if budget is None or budget.removed:
            raise NotFound(f"no budget {budget_id!r}")
        team = budget.subject.team_id if budget.subject.scope == "team" else None
        role = await store.team_role(team, caller.user_id) if team else None
        if not may_ask(budget, caller.user_id, role):
            raise NotFound(f"no budget {budget_id!r} you may ask about")
        pending = await store.requests(status="pending", requested_by=None, budget_id=budget_id)
        if pending:
            raise RequestRefused("this budget already has a request waiting for a decision")
        made = ask(budget, str(uuid.uuid4()), caller.user_id, amount, reason, now)
        await store.add_request(made)
        return made


async def _notify_decision(store: BudgetStore, decided: IncreaseRequest) -> None:
    verdict = "approved" if decided.status == "approved" else "denied"
    body = f"Your request for a budget of {decided.requested_limit} was {verdict}"
    if decided.granted_limit is not None:
        body += f" (new hard limit: {decided.granted_limit})"
    await store.notify(
        decided.requested_by,
        f"budget-request:{decided.id}",
        f"budget_request_{verdict}",
        f"Budget increase {verdict}",
        f"{body}. {decided.decision_reason or ''}".strip(),
        {"request_id": decided.id, "budget_id": decided.budget_id, "status": decided.status},
    )


async def decide_increase(
    tx: BudgetTransactions,
    caller: Principal,
    request_id: str,
    approve: bool,
    reason: str,
    now: datetime,
    amount: Decimal | None = None,
) -> IncreaseRequest:
    caller.require(ADMIN)
    async with tx() as store:
        request = await store.request(request_id, lock=True)
        if request is None:
            raise NotFound(f"no budget request {request_id!r}")
        decided = decide(request, approve, caller.user_id, reason, now, amount)
        if decided.granted_limit is not None:
            budget = await store.budget(request.budget_id, lock=True)
            if budget is None or budget.removed:
                raise RequestRefused("the budget was removed since the request was made")
            soft = budget.limits.soft_limit
            limits = replace(
                budget.limits,
                hard_limit=decided.granted_limit,
                soft_limit=soft if soft is None or soft <= decided.granted_limit else None,
            )
            changed = budget.changed(limits, caller.user_id, now)
            await store.save(changed)
            await store.record(changed.set_event())
        await store.save_request(decided)
        await _notify_decision(store, decided)
        return decided
