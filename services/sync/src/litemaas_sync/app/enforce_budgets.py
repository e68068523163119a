"""Billing's key, user and team budgets enforced by LiteLLM: limits pushed, periods restarted.

LiteLLM resets a budget only when its reset job runs (about every 10 minutes, the first run up
to 5 minutes late), so when billing closes a period sync restarts LiteLLM's period at once:
the counter keeps only what was spent after the period ended (``kept_spend``: a restart never
erases the new period's spend) and ``budget_reset_at`` moves to the next period's end
(re-sending ``budget_duration`` recomputes it). LiteLLM has no way to reset a team's spend; a
team's new period instead gets its limit on top of what earlier periods spent (``carry``).
A user's or team's prepaid credits cap the same budget (``capped``; see enforce_credits).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from litemaas_contracts import Envelope
from litemaas_contracts.billing import BudgetPeriodClosed, BudgetScope, BudgetSet
from litemaas_contracts.keys import KeyLimits
from litemaas_servicekit.ordering import NotYet
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_sync.app.audit import applied
from litemaas_sync.app.ports import Audit
from litemaas_sync.domain.budgets import (
    ENFORCED_IN_LITELLM,
    EPSILON,
    Budget,
    BudgetState,
    CreditCap,
    LiteLLMBudget,
    capped,
    kept_spend,
    key_limits,
    restart_plan,
    same,
    subject_of,
)


class LiteLLMBudgetsPort(Protocol):
    async def read(self, scope: BudgetScope, subject: str) -> BudgetState | None: ...
    async def write(
        self, scope: BudgetScope, subject: str, budget: LiteLLMBudget, *, period: bool = True
    ) -> None:
        """Sets all three fields (None clears); re-sending a duration moves budget_reset_at, so
        ``period=False`` leaves the duration out."""

    async def reset_spend(self, scope: BudgetScope, subject: str, to: Decimal) -> None: ...


class BudgetStore(Protocol):
    async def get(self, budget_id: str) -> Budget | None: ...
    async def put(self, budget: Budget) -> None: ...
    async def for_subject(self, scope: BudgetScope, subject: str) -> Budget | None:
        """The live (not removed) budget billing set on this key, user or team, if any."""

    async def own_limits(self, key_hash: str) -> KeyLimits | None: ...
    async def keep_own_limits(self, key_hash: str, limits: KeyLimits) -> None: ...
    async def credit_cap(self, scope: BudgetScope, subject: str) -> CreditCap | None: ...
    async def put_credit_cap(self, cap: CreditCap) -> None: ...


class SubjectNotYetInLiteLLM(NotYet):
    """A user or team budget arrived before its subject reached LiteLLM: it waits for it while
    it is young, then is retried and dead-lettered (``/user/update`` would silently create an
    unknown user)."""


async def wanted(budget: Budget, store: BudgetStore) -> LiteLLMBudget:
    """A key's own limits come back when its billing budget is removed; a user's or team's
    credits cap their budget."""
    if budget.scope != "key":
        return capped(budget.in_litellm(), await store.credit_cap(budget.scope, budget.subject))
    own = await store.own_limits(budget.subject) or KeyLimits()
    limits = key_limits(own, budget)
    return LiteLLMBudget(limits.max_budget, limits.budget_duration, limits.soft_budget)


def _entity(scope: BudgetScope, subject_id: str) -> str:
    return f"{scope}:{subject_id}"


async def apply_budget(
    event: BudgetSet,
    envelope: Envelope,
    store: BudgetStore,
    litellm: LiteLLMBudgetsPort,
    audit: Audit,
) -> None:
    """Idempotent: looks at LiteLLM first and writes only a difference; an older BudgetSet
    than the one sync holds changes nothing."""
    entity = _entity(event.scope, event.subject_id)
    if event.scope not in ENFORCED_IN_LITELLM:
        detail = "subscription budgets are enforced by the keys service"
        return await audit(applied(envelope, "budget", entity, "skipped", detail))
    known = await store.get(event.budget_id)
    if known is not None and known.set_at is not None and known.set_at > event.set_at:
        detail = "older than the budget sync already holds"
        return await audit(applied(envelope, "budget", entity, "skipped", detail))
    budget = known.newer(event) if known else Budget.of(event)
    state = await litellm.read(budget.scope, budget.subject)
    if known is None and state is not None and state.spend > EPSILON and not budget.removed:
        budget = replace(budget, carry=state.spend)  # billing counts from now; so does LiteLLM
    await store.put(budget)
    want = await wanted(budget, store)
    if state is None:
        if budget.scope == "key":
            detail = "key not in LiteLLM yet: it gets this budget when it is created"
            return await audit(applied(envelope, "budget", entity, "skipped", detail))
        raise SubjectNotYetInLiteLLM(f"{event.scope} {event.subject_id} is not in LiteLLM yet")
    if same(want, state.budget):
        return await audit(applied(envelope, "budget", entity, "already_present"))
    # a new limit alone leaves LiteLLM's reset time be (re-sending the duration would move it
    # past a period billing is about to close, and that restart would be skipped)
    period = want.budget_duration != state.budget.budget_duration
    await litellm.write(budget.scope, budget.subject, want, period=period)
    detail = f"max_budget={want.max_budget} budget_duration={want.budget_duration}"
    if budget.scope == "key":
        detail += f" soft_budget={want.soft_budget}"
    await audit(applied(envelope, "budget", entity, "updated", detail))


async def close_period(
    event: BudgetPeriodClosed,
    envelope: Envelope,
    store: BudgetStore,
    litellm: LiteLLMBudgetsPort,
    audit: Audit,
) -> None:
    """Idempotent: a period already closed here, or already reset by LiteLLM's own job, is not
    reset again (that would erase the new period's spend). Verified by reading back."""
    entity = _entity(event.scope, event.subject_id)
    if event.scope not in ENFORCED_IN_LITELLM:
        detail = "subscription periods are enforced by the keys service"
        return await audit(applied(envelope, "budget", entity, "skipped", detail))
    subject = subject_of(event.scope, event.subject_id, event.key_hash)
    budget = await store.get(event.budget_id) or Budget(
        event.budget_id, event.scope, subject, None, None, None, False, None
    )
    if budget.closed_through is not None and budget.closed_through >= event.period_end:
        detail = "this period was already closed in LiteLLM"
        return await audit(applied(envelope, "budget", entity, "already_present", detail))
    state = await litellm.read(budget.scope, subject)
    closed = replace(budget, closed_through=event.period_end, late_reported_for=None)
    if state is None:
        await store.put(closed)
        return await audit(applied(envelope, "budget", entity, "skipped", "not in LiteLLM"))
    if restart_plan(state, event.period_end) != "restart":
        if budget.scope == "team" and budget.carry and state.spend < budget.carry:
            closed = replace(closed, carry=None)  # LiteLLM's job zeroed it: no carry any more
            await litellm.write("team", subject, await wanted(closed, store))
        await store.put(closed)
        detail = "LiteLLM had already restarted this budget"
        return await audit(applied(envelope, "budget", entity, "already_present", detail))
    # a budget sync never saw keeps LiteLLM's own values; only its period restarts
    known = budget.period is not None
    kept = Decimal(0)
    if budget.scope == "team":
        # what the periods so far spent, never more than LiteLLM counted
        carry = min(state.spend, (budget.carry or Decimal(0)) + event.spend)
        closed = replace(closed, carry=carry if carry > EPSILON else None)
        want = await wanted(closed, store) if known else state.budget
        if not known and want.max_budget is not None:
            want = replace(want, max_budget=want.max_budget + state.spend)
        await litellm.write("team", subject, want)
    else:
        kept = kept_spend(state, budget.carry, event.spend)
        closed = replace(closed, carry=None)
        credits = await store.credit_cap(budget.scope, subject)
        if credits is not None:  # the credits' cap rests on the counter: it moves down with it
            await store.put_credit_cap(credits.lowered(state.spend - kept))
        want = await wanted(closed, store) if known else state.budget
        await litellm.reset_spend(budget.scope, subject, kept)
        await litellm.write(budget.scope, subject, want)
    after = await litellm.read(budget.scope, subject)
    _verify(budget.scope, state, after, want, kept)
    await store.put(closed)
    detail = (
        f"period ending {event.period_end.isoformat()} restarted: spend was {state.spend}, "
        f"kept {kept} spent since, budget_reset_at now {after.budget_reset_at if after else None}"
    )
    await audit(applied(envelope, "budget", entity, "updated", detail))


def _verify(
    scope: BudgetScope,
    before: BudgetState,
    after: BudgetState | None,
    want: LiteLLMBudget,
    kept: Decimal,
) -> None:
    """LiteLLM answered 200; what it holds now is what counts."""
    if after is None:
        raise DependencyUnavailable("the subject left LiteLLM during its period restart")
    now = datetime.now(UTC)
    moved = want.budget_duration is None or (
        after.budget_reset_at is not None and after.budget_reset_at > now
    )
    if scope == "team":
        cap, expected = after.budget.max_budget, want.max_budget
        restarted = cap == expected or (
            cap is not None and expected is not None and abs(cap - expected) < 1e-9
        )
    else:
        restarted = after.spend <= kept + EPSILON or after.spend < before.spend
    if not (moved and restarted):
        raise DependencyUnavailable(
            f"LiteLLM did not take the period restart (spend {after.spend}, "
            f"budget_reset_at {after.budget_reset_at})"
        )
