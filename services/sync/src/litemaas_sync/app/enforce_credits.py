"""A user's or team's prepaid credits enforced by LiteLLM: billing reports what the balance
still pays for, sync turns it into LiteLLM's max_budget on top of the spend LiteLLM counts now.

LiteLLM's counter then runs the balance down by itself, request by request, and refuses once it
reaches the cap. Billing re-reports after every batch of the owner's spend, so the cap follows
the ledger; between two reports the owner can overspend by at most what was spent while the
report was on its way (seconds; the push brings spend at once)."""

from __future__ import annotations

from litemaas_contracts import Envelope
from litemaas_contracts.billing import CreditBalanceChanged
from litemaas_sync.app.audit import applied
from litemaas_sync.app.enforce_budgets import (
    BudgetStore,
    LiteLLMBudgetsPort,
    SubjectNotYetInLiteLLM,
    wanted,
)
from litemaas_sync.app.ports import Audit
from litemaas_sync.domain.budgets import CreditCap, LiteLLMBudget, capped, same


async def apply_credits(
    event: CreditBalanceChanged,
    envelope: Envelope,
    store: BudgetStore,
    litellm: LiteLLMBudgetsPort,
    audit: Audit,
) -> None:
    """Idempotent: a report older than the one sync holds changes nothing, and LiteLLM is
    written only when its budget differs."""
    entity = f"credits:{event.owner}:{event.owner_id}"
    known = await store.credit_cap(event.owner, event.owner_id)
    if known is not None and known.version >= event.version:
        detail = "older than the balance sync already holds"
        return await audit(applied(envelope, "budget", entity, "skipped", detail))
    state = await litellm.read(event.owner, event.owner_id)
    if state is None:
        raise SubjectNotYetInLiteLLM(f"{event.owner} {event.owner_id} is not in LiteLLM yet")
    cap = CreditCap(
        event.owner, event.owner_id, event.spendable, event.version, state.spend + event.spendable
    )
    await store.put_credit_cap(cap)
    budget = await store.for_subject(event.owner, event.owner_id)
    if budget is not None:
        want = await wanted(budget, store)
    else:  # no budget of billing's: LiteLLM's own period (if any) stays
        own = state.budget
        want = capped(LiteLLMBudget(None, own.budget_duration, own.soft_budget), cap)
    if same(want, state.budget):
        return await audit(applied(envelope, "budget", entity, "already_present"))
    # only the cap moves: re-sending the duration would move LiteLLM's reset time past a
    # period billing is about to close, and the restart would be skipped
    period = want.budget_duration != state.budget.budget_duration
    await litellm.write(event.owner, event.owner_id, want, period=period)
    detail = (
        f"max_budget={want.max_budget}: balance {event.balance} millicredits pays for "
        f"{event.spendable} on top of LiteLLM's spend {state.spend}"
    )
    await audit(applied(envelope, "budget", entity, "updated", detail))
