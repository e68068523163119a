"""Closing periods on time: each budget whose period has ended gets BudgetPeriodClosed with its
final figures and starts the period that contains now. The budgets' ``period_end`` is the
persisted watermark: a period billing missed (it was down) is closed when it comes back,
flagged late, logged and counted."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from prometheus_client import Counter

from litemaas_billing.app.budget_ports import BudgetTransactions

log = logging.getLogger(__name__)
CLOSED = Counter("litemaas_billing_periods_closed_total", "Budget periods closed", ["late"])


async def close_due(
    tx: BudgetTransactions, now: datetime, grace: timedelta, batch: int = 200
) -> int:
    """Close what is due, one batch in one transaction; how many closed. Runs in any number
    of replicas: due budgets are locked and skipped by the others."""
    async with tx() as store:
        due = await store.due(now, batch)
        for budget in due:
            usage = await store.usage(budget.id, budget.period_start)
            closed = budget.closed_event(usage, now, grace)
            if closed.late:
                log.warning(
                    "budget period closed late",
                    extra={
                        "budget_id": budget.id,
                        "period_end": closed.period_end.isoformat(),
                        "late_by_seconds": (now - closed.period_end).total_seconds(),
                    },
                )
            CLOSED.labels(late=str(closed.late).lower()).inc()
            await store.record(closed)
            await store.save(budget.next_period(now))
    return len(due)
