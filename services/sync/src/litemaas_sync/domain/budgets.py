"""Billing's budgets as LiteLLM enforces them: what to write there, and when it is late. No I/O.

LiteLLM 1.106.2 aligns ``budget_reset_at`` to the calendar, in UTC unless the proxy sets
``litellm_settings.timezone`` (ours does not): "1d" resets at the next 00:00, "7d" on the next
Monday 00:00 and "1mo" on the 1st of the next month at 00:00, "1m" at the next whole minute
(litellm_core_utils/duration_parser.get_next_standardized_reset_time). Those are exactly
billing's UTC calendar periods (a week starts on Monday), so LiteLLM's period and billing's end
at the same instant. "1mo" rather than its alias "30d": it says months, and LiteLLM gives
every other "Nd" a literal N days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Literal

from litemaas_contracts.billing import BudgetPeriod, BudgetScope, BudgetSet
from litemaas_contracts.keys import KeyLimits

#: the scopes LiteLLM enforces itself; the subscription scope is enforced by the keys service
ENFORCED_IN_LITELLM: frozenset[BudgetScope] = frozenset({"key", "user", "team"})

DURATIONS: dict[BudgetPeriod, str | None] = {
    "day": "1d",
    "week": "7d",
    "month": "1mo",
    "minute": "1m",
    "none": None,
}


@dataclass(frozen=True)
class LiteLLMBudget:
    """The budget fields LiteLLM keeps on a key, user or team (None: no limit)."""

    max_budget: Decimal | None
    budget_duration: str | None
    soft_budget: Decimal | None = None


@dataclass(frozen=True)
class BudgetState:
    """What LiteLLM has now for one key, user or team."""

    budget: LiteLLMBudget
    spend: Decimal
    budget_reset_at: datetime | None


@dataclass(frozen=True)
class Budget:
    """A budget as sync last heard of it from billing. ``subject`` is what LiteLLM knows the
    subject by: the key's hash, the user id or the team id. ``carry`` is the part of LiteLLM's
    spend counter that is not this period's: what it held when the budget first reached it
    (billing counts a budget from when it is set), and for a team what earlier periods spent
    (LiteLLM cannot reset a team's spend). LiteLLM gets ``hard_limit`` on top of it."""

    budget_id: str
    scope: BudgetScope
    subject: str
    period: BudgetPeriod | None
    hard_limit: Decimal | None
    soft_limit: Decimal | None
    removed: bool
    set_at: datetime | None
    closed_through: datetime | None = None
    carry: Decimal | None = None
    late_reported_for: datetime | None = None

    @classmethod
    def of(cls, event: BudgetSet) -> Budget:
        return cls(
            event.budget_id,
            event.scope,
            subject_of(event.scope, event.subject_id, event.key_hash),
            event.period,
            event.hard_limit,
            event.soft_limit,
            event.removed,
            event.set_at,
        )

    def newer(self, event: BudgetSet) -> Budget:
        """This budget with the values of a later BudgetSet (period closes are kept)."""
        fresh = Budget.of(event)
        return replace(
            fresh,
            closed_through=self.closed_through,
            carry=self.carry,
            late_reported_for=self.late_reported_for,
        )

    def in_litellm(self) -> LiteLLMBudget:
        """What LiteLLM should hold for this budget: nothing once removed."""
        if self.removed:
            return LiteLLMBudget(None, None, None)
        limit = self.hard_limit
        if limit is not None and self.carry is not None:
            limit += self.carry
        soft = self.soft_limit if self.scope == "key" else None
        return LiteLLMBudget(limit, DURATIONS[self.period or "none"], soft)


def subject_of(scope: BudgetScope, subject_id: str, key_hash: str | None) -> str:
    if scope == "key":
        if not key_hash:
            raise ValueError("a key budget without key_hash cannot reach LiteLLM")
        return key_hash
    return subject_id


def key_limits(own: KeyLimits, budget: Budget | None) -> KeyLimits:
    """A key's limits as LiteLLM should have them: an admin's budget in billing wins over the
    key's own budget fields (a later key update does not undo it); once that budget is removed,
    the key's own fields apply again. Rate limits are always the key's own."""
    if budget is None or budget.removed:
        return own
    wanted = budget.in_litellm()
    return own.model_copy(
        update={
            "max_budget": wanted.max_budget,
            "budget_duration": wanted.budget_duration,
            "soft_budget": wanted.soft_budget,
        }
    )


def same(wanted: LiteLLMBudget, actual: LiteLLMBudget) -> bool:
    """LiteLLM stores money as floats: equal to 1e-9 is equal."""

    def money(a: Decimal | None, b: Decimal | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)

    return (
        money(wanted.max_budget, actual.max_budget)
        and money(wanted.soft_budget, actual.soft_budget)
        and wanted.budget_duration == actual.budget_duration
    )


Restart = Literal["restart", "already_restarted", "nothing_to_restart"]


def restart_plan(state: BudgetState, period_end: datetime) -> Restart:
    """LiteLLM's own job may have reset the budget already (its ``budget_reset_at`` moved past
    the closed period's end): then resetting again would erase spend of the new period."""
    reset_at = state.budget_reset_at
    if reset_at is not None and reset_at > period_end:
        return "already_restarted"
    if state.spend == 0 and reset_at is None:
        return "nothing_to_restart"
    return "restart"


def late(state: BudgetState, now: datetime, tolerance: timedelta) -> bool:
    """LiteLLM should have reset this budget more than ``tolerance`` ago: its job did not run."""
    reset_at = state.budget_reset_at
    return reset_at is not None and reset_at < now - tolerance


@dataclass(frozen=True)
class CreditCap:
    """A user's or team's prepaid credits as LiteLLM enforces them. ``cap`` is the max_budget
    they allow on LiteLLM's spend counter for the subject: the counter when billing reported the
    balance, plus what the balance still pays for (``spendable``). When sync moves the counter
    down (a period restart) the cap moves with it."""

    scope: Literal["user", "team"]
    subject: str
    spendable: Decimal
    version: int
    cap: Decimal

    def lowered(self, by: Decimal) -> CreditCap:
        return replace(self, cap=max(Decimal(0), self.cap - by))


def capped(want: LiteLLMBudget, credits: CreditCap | None) -> LiteLLMBudget:
    """LiteLLM refuses at the lower of the budget's limit and the credits' cap."""
    if credits is None:
        return want
    limit = credits.cap if want.max_budget is None else min(want.max_budget, credits.cap)
    return replace(want, max_budget=limit)


#: LiteLLM keeps money as floats: less than this is nothing
EPSILON = Decimal("1e-12")


def kept_spend(state: BudgetState, carry: Decimal | None, closed_spend: Decimal) -> Decimal:
    """What LiteLLM's counter keeps when a key's or user's period restarts: the spend it holds
    beyond the carry and the closed period's (the new period's, made between the period's end
    and the restart). Never below 0: billing counting more than LiteLLM keeps nothing."""
    kept = state.spend - (carry or Decimal(0)) - closed_spend
    return kept if kept > EPSILON else Decimal(0)
