"""Prepaid credits: balances in millicredits, what a request costs in them, and when a balance
runs low. No I/O.

A credit is ``credits_per_usd``-th of a US dollar of LiteLLM's list price; a millicredit is a
thousandth of a credit. A request is debited its LiteLLM cost with the account's tier markup,
rounded *up* to a whole millicredit (a fraction of a unit is charged as a unit, never lost).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from litemaas_contracts.billing import CreditOwner

MILLI = 1000
#: a balance, a grant or an adjustment is bounded (the contract's bound on Millicredits)
MAX_MILLICREDITS = 10**15
#: spendable money is reported to 1e-12 USD, floored (never more than the balance pays for)
_SPENDABLE_QUANTUM = Decimal("1e-12")

DEFAULT_MARKUPS: Mapping[str, Decimal] = {
    "free": Decimal("0"),
    "starter": Decimal("0.4"),
    "professional": Decimal("0.6"),
    "enterprise": Decimal("0.8"),
}

TransactionKind = Literal["grant", "adjustment", "debit"]


class CreditRefused(ValueError):
    """A grant, adjustment or setting that cannot be (the message says why)."""


@dataclass(frozen=True)
class Pricing:
    credits_per_usd: Decimal
    markups: Mapping[str, Decimal]

    def markup(self, tier: str) -> Decimal:
        try:
            return self.markups[tier]
        except KeyError:
            raise CreditRefused(f"unknown tier {tier!r}: one of {sorted(self.markups)}") from None

    def debit(self, cost: Decimal, tier: str) -> int:
        """What a request of ``cost`` USD costs in millicredits at this tier (rounded up)."""
        charged = cost * (1 + self.markup(tier)) * self.credits_per_usd * MILLI
        return int(charged.to_integral_value(rounding=ROUND_CEILING))

    def spendable(self, balance: int, tier: str) -> Decimal:
        """The USD of LiteLLM's list price a balance still pays for (0 when not positive)."""
        if balance <= 0:
            return Decimal(0)
        usd = Decimal(balance) / (MILLI * self.credits_per_usd * (1 + self.markup(tier)))
        return usd.quantize(_SPENDABLE_QUANTUM, rounding=ROUND_FLOOR)


@dataclass(frozen=True)
class Account:
    """One prepaid balance. ``version`` is the id of its newest transaction (0 before any);
    ``low_alerted`` is set once the balance fell below ``low_threshold`` and cleared when a
    grant or adjustment lifts it to the threshold again."""

    id: str
    owner: CreditOwner
    owner_id: str
    tier: str
    balance: int
    low_threshold: int
    low_alerted: bool = False
    version: int = 0

    def moved(self, amount: int) -> tuple[Account, bool]:
        """The account after ``amount`` (negative: a debit), and whether the balance just fell
        below the threshold (the low-balance alert to raise, once)."""
        after = self.balance + amount
        if abs(after) > MAX_MILLICREDITS:
            raise CreditRefused(f"a balance stays within ±{MAX_MILLICREDITS} millicredits")
        is_low = after < self.low_threshold
        fell = is_low and not self.low_alerted
        return replace(self, balance=after, low_alerted=is_low and (self.low_alerted or fell)), fell


@dataclass(frozen=True)
class Transaction:
    """One line of an account's ledger: ``amount`` is signed (a debit is negative)."""

    account_id: str
    kind: TransactionKind
    amount: int
    balance_after: int
    created_at: datetime
    reason: str | None = None
    actor: str | None = None
    request_id: str | None = None
    cost: Decimal | None = None
    markup: Decimal | None = None
    id: int | None = None


def checked_amount(amount: int, *, kind: TransactionKind) -> int:
    """A grant adds a positive amount; an adjustment moves the balance either way, not by 0."""
    if kind == "grant" and amount <= 0:
        raise CreditRefused("a grant adds a positive number of millicredits")
    if amount == 0:
        raise CreditRefused("an adjustment of 0 changes nothing")
    if abs(amount) > MAX_MILLICREDITS:
        raise CreditRefused(f"at most {MAX_MILLICREDITS} millicredits at once")
    return amount


def payer(team_id: str | None, user_id: str | None) -> tuple[CreditOwner, str] | None:
    """Whose balance pays for a request: a team key's, the team's; a personal key's, its
    user's (each only if that balance exists)."""
    if team_id:
        return ("team", team_id)
    if user_id:
        return ("user", user_id)
    return None


def markups_from(overrides: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The default tiers with a deployment's overrides (a markup is a fraction: 0.4 is 40 %)."""
    merged = dict(DEFAULT_MARKUPS)
    for tier, value in overrides.items():
        markup = Decimal(value)
        if not markup.is_finite() or markup < 0:
            raise ValueError(f"the markup of tier {tier!r} must be a fraction ≥ 0")
        merged[tier] = markup
    return merged
