"""Prepaid credits: pricing, balances running low, grants and debits, against in-memory ports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litemaas_billing.app.credits import Owner, configure, debit_spend, move_balance
from litemaas_billing.domain.credits import (
    DEFAULT_MARKUPS,
    Account,
    CreditRefused,
    Pricing,
    Transaction,
    markups_from,
)
from litemaas_billing.domain.ledger import LedgerEntry
from litemaas_contracts import Event
from litemaas_contracts.billing import CreditBalanceChanged, CreditBalanceLow, CreditOwner
from litemaas_servicekit.errors import Forbidden, NotFound
from litemaas_servicekit.security import ADMIN, USER, Principal

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
PRICING = Pricing(Decimal(1000), DEFAULT_MARKUPS)
ROOT = Principal("root", "root", frozenset({USER, ADMIN}))
ALICE = Principal("alice", "alice", frozenset({USER}))


class Store:
    def __init__(self, owners: set[Owner]) -> None:
        self.owners = owners
        self.by_owner: dict[Owner, Account] = {}
        self.lines: list[Transaction] = []
        self.events: list[Event] = []

    async def record(self, event: Event) -> None:
        self.events.append(event)

    async def owner_exists(self, owner: CreditOwner, owner_id: str) -> bool:
        return (owner, owner_id) in self.owners

    async def accounts(self, owners: set[Owner], *, lock: bool = False) -> dict[Owner, Account]:
        return {o: a for o, a in self.by_owner.items() if o in owners}

    async def create(self, account: Account, now: datetime) -> None:
        self.by_owner[(account.owner, account.owner_id)] = account

    async def save(self, account: Account) -> None:
        self.by_owner[(account.owner, account.owner_id)] = account

    async def add(self, transactions: Sequence[Transaction]) -> None:
        self.lines.extend(transactions)

    def tx(self) -> Any:
        @asynccontextmanager
        async def begin() -> AsyncIterator[Store]:
            yield self

        return begin

    def changes(self) -> list[CreditBalanceChanged]:
        return [e for e in self.events if isinstance(e, CreditBalanceChanged)]


def entry(request_id: str, cost: str, user: str = "alice", team: str | None = None) -> LedgerEntry:
    return LedgerEntry(
        request_id, "hash", None, user, team, "mock-gpt", None, 10, 20, Decimal(cost),
        "success", NOW, NOW, "push", NOW,
    )  # fmt: skip


async def grant(store: Store, owner: Owner, amount: int, threshold: int = 0) -> Account:
    return await move_balance(
        store.tx(), ROOT, owner, amount, "grant", "welcome", PRICING, threshold, NOW
    )


def test_a_request_costs_its_list_price_with_the_tier_markup_rounded_up() -> None:
    # 1.35e-05 USD at 1000 credits per USD is 13.5 millicredits: charged 14, never 13
    assert PRICING.debit(Decimal("0.0000135"), "free") == 14
    assert PRICING.debit(Decimal("0.0000135"), "starter") == 19  # 18.9 with 40 %
    assert PRICING.debit(Decimal("0.001"), "enterprise") == 1800
    assert PRICING.debit(Decimal(0), "professional") == 0
    with pytest.raises(CreditRefused, match="unknown tier"):
        PRICING.debit(Decimal(1), "platinum")


@given(
    balance=st.integers(min_value=-(10**12), max_value=10**15),
    tier=st.sampled_from(sorted(DEFAULT_MARKUPS)),
)
def test_what_a_balance_still_pays_for_never_costs_more_than_the_balance(
    balance: int, tier: str
) -> None:
    spendable = PRICING.spendable(balance, tier)
    assert spendable >= 0
    assert PRICING.debit(spendable, tier) <= max(balance, 0)


def test_a_deployment_overrides_and_adds_tiers_but_never_a_negative_markup() -> None:
    markups = markups_from({"starter": Decimal("0.5"), "edu": Decimal("0.1")})
    assert markups["starter"] == Decimal("0.5") and markups["edu"] == Decimal("0.1")
    assert markups["enterprise"] == Decimal("0.8")
    with pytest.raises(ValueError, match="≥ 0"):
        markups_from({"free": Decimal("-0.1")})


async def test_only_an_admin_grants_and_a_grant_is_positive_with_an_owner_billing_knows() -> None:
    store = Store({("user", "alice")})
    with pytest.raises(Forbidden):
        await move_balance(store.tx(), ALICE, ("user", "alice"), 5, "grant", "me", PRICING, 0, NOW)
    with pytest.raises(CreditRefused):
        await grant(store, ("user", "alice"), 0)
    with pytest.raises(NotFound):
        await grant(store, ("user", "mallory"), 5)
    with pytest.raises(NotFound, match="no credit account"):
        await move_balance(
            store.tx(), ROOT, ("user", "alice"), -5, "adjustment", "fix", PRICING, 0, NOW
        )
    assert store.events == [] and store.lines == []


async def test_a_grant_opens_the_account_and_reports_what_litellm_may_spend() -> None:
    store = Store({("user", "alice")})
    account = await grant(store, ("user", "alice"), 27_000)
    assert account.balance == 27_000 and account.tier == "free"
    [changed] = store.changes()
    assert changed.spendable == Decimal("0.027") and changed.version == 1
    assert store.lines[0].reason == "welcome" and store.lines[0].actor == "root"


async def test_spend_is_debited_from_whoever_pays_and_the_low_alert_fires_once() -> None:
    store = Store({("user", "alice"), ("team", "t1")})
    await grant(store, ("user", "alice"), 100, threshold=50)
    await grant(store, ("team", "t1"), 1_000)
    store.events.clear()
    await debit_spend(
        store,
        [entry("r1", "0.00003"), entry("r2", "0.00003"), entry("r3", "0.0001", team="t1")],
        PRICING,
        NOW,
    )
    alice, team = store.by_owner[("user", "alice")], store.by_owner[("team", "t1")]
    assert (alice.balance, team.balance) == (40, 900)
    assert [t.balance_after for t in store.lines if t.kind == "debit"] == [70, 40, 900]
    [low] = [e for e in store.events if isinstance(e, CreditBalanceLow)]
    assert (low.owner_id, low.balance, low.threshold) == ("alice", 40, 50)
    assert {(c.owner_id, c.reason) for c in store.changes()} == {
        ("alice", "debit"),
        ("t1", "debit"),
    }

    store.events.clear()
    await debit_spend(store, [entry("r4", "0.00003")], PRICING, NOW)
    assert not [e for e in store.events if isinstance(e, CreditBalanceLow)], "once only"
    [changed] = store.changes()
    assert changed.balance == 10 and changed.version == alice.version + 1

    await grant(store, ("user", "alice"), 100)  # back above the threshold: armed again
    store.events.clear()
    await debit_spend(store, [entry("r5", "0.0001")], PRICING, NOW)
    assert [e for e in store.events if isinstance(e, CreditBalanceLow)]


async def test_a_team_keys_spend_by_a_user_on_credits_re_reports_the_users_balance() -> None:
    """LiteLLM counts a team key's spend on its user too: sync must re-project the user."""
    store = Store({("user", "alice")})
    await grant(store, ("user", "alice"), 1_000)
    store.events.clear()
    await debit_spend(store, [entry("r1", "0.0001", team="no-credits-team")], PRICING, NOW)
    [changed] = store.changes()
    assert (changed.owner_id, changed.reason, changed.balance) == ("alice", "spend", 1_000)
    assert store.lines[-1].kind == "grant", "nothing debited"


async def test_spend_of_owners_without_credits_touches_nothing() -> None:
    store = Store(set())
    await debit_spend(store, [entry("r1", "1")], PRICING, NOW)
    assert store.events == [] and store.lines == []


async def test_an_account_opened_empty_says_nothing_until_its_first_grant_runs_low() -> None:
    store = Store({("user", "alice")})
    await configure(store.tx(), ROOT, ("user", "alice"), "starter", 30, PRICING, 0, NOW)
    assert not [e for e in store.events if isinstance(e, CreditBalanceLow)]
    await grant(store, ("user", "alice"), 20)
    [low] = [e for e in store.events if isinstance(e, CreditBalanceLow)]
    assert (low.balance, low.threshold) == (20, 30)


async def test_a_tier_changes_the_markup_and_an_unknown_tier_is_refused() -> None:
    store = Store({("team", "t1")})
    await grant(store, ("team", "t1"), 1_800)
    with pytest.raises(CreditRefused):
        await configure(store.tx(), ROOT, ("team", "t1"), "gold", None, PRICING, 0, NOW)
    account = await configure(
        store.tx(), ROOT, ("team", "t1"), "enterprise", 2_000, PRICING, 0, NOW
    )
    assert account.low_alerted
    [low] = [e for e in store.events if isinstance(e, CreditBalanceLow)]
    assert low.threshold == 2_000, "a threshold raised above the balance alerts at once"
    assert store.changes()[-1].spendable == Decimal("0.001")  # 1800 / 1.8 / 1e6
    assert account.tier == "enterprise"
