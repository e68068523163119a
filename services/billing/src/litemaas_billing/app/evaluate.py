"""Each request counted against the budgets it falls under, in the ledger's transaction; a
threshold reached raises BudgetThresholdCrossed, a limit or quota reached BudgetExceeded, each
once per budget and period (the marks make it so, under any redelivery)."""

from __future__ import annotations

from datetime import datetime

from litemaas_billing.app.budget_ports import BudgetStore
from litemaas_billing.domain.budgets import crossings, match_keys
from litemaas_billing.domain.ledger import LedgerEntry


async def evaluate(store: BudgetStore, entry: LedgerEntry, now: datetime) -> int:
    """Two statements for a request under no threshold; one more when a budget is past one.
    Returns how many alerts were raised."""
    keys = match_keys(entry.key_hash, entry.user_id, entry.team_id, entry.model)
    tokens = entry.prompt_tokens + entry.completion_tokens
    raised = 0
    for budget, usage in await store.count(keys, entry.cost, tokens):
        crossed, excess = crossings(budget.limits, usage)
        marks = [c.mark for c in crossed] + ([excess.mark] if excess else [])
        if not marks:
            continue
        new = await store.mark(budget.id, budget.period_start, marks)
        for crossing in crossed:
            if crossing.mark in new:
                await store.record(budget.crossed_event(crossing, now))
                raised += 1
        if excess is not None and excess.mark in new:
            await store.record(budget.exceeded_event(excess, now))
            raised += 1
    return raised
