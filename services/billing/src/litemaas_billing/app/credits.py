"""Prepaid credits: admins grant, adjust and set tiers; spend debits them as it is counted.

An account's existence means its owner runs on prepaid credits: once its balance is spent,
LiteLLM refuses the owner's requests (sync projects ``spendable`` into LiteLLM's budget). Every
change records CreditBalanceChanged in the same transaction, and CreditBalanceLow once when the
balance falls below the account's threshold."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import datetime
from typing import Literal, Protocol

from litemaas_billing.domain.credits import (
    Account,
    CreditRefused,
    Pricing,
    Transaction,
    checked_amount,
    payer,
)
from litemaas_billing.domain.ledger import LedgerEntry
from litemaas_contracts import Event
from litemaas_contracts.billing import CreditBalanceChanged, CreditBalanceLow, CreditOwner
from litemaas_servicekit.errors import NotFound
from litemaas_servicekit.security import ADMIN, Principal

Reason = Literal["grant", "adjustment", "debit", "tier", "spend"]
Owner = tuple[CreditOwner, str]


class CreditStore(Protocol):
    async def record(self, event: Event) -> None: ...
    async def owner_exists(self, owner: CreditOwner, owner_id: str) -> bool: ...
    async def accounts(self, owners: set[Owner], *, lock: bool = False) -> dict[Owner, Account]:
        """The accounts of these owners that exist (locked for update when ``lock``)."""

    async def create(self, account: Account, now: datetime) -> None: ...
    async def save(self, account: Account) -> None: ...
    async def add(self, transactions: Sequence[Transaction]) -> None: ...


CreditTransactions = Callable[[], AbstractAsyncContextManager[CreditStore]]


async def _report(
    store: CreditStore, account: Account, pricing: Pricing, reason: Reason, now: datetime
) -> Account:
    """Save the account with its next version, and say so on the budgets topic."""
    account = replace(account, version=account.version + 1)
    await store.save(account)
    await store.record(
        CreditBalanceChanged(
            account_id=account.id,
            owner=account.owner,
            owner_id=account.owner_id,
            balance=account.balance,
            tier=account.tier,
            markup=pricing.markup(account.tier),
            spendable=pricing.spendable(account.balance, account.tier),
            version=account.version,
            reason=reason,
            changed_at=now,
        )
    )
    return account


async def _low(store: CreditStore, account: Account, now: datetime) -> None:
    await store.record(
        CreditBalanceLow(
            account_id=account.id,
            owner=account.owner,
            owner_id=account.owner_id,
            balance=account.balance,
            threshold=account.low_threshold,
            at=now,
        )
    )


async def _account(
    store: CreditStore, owner: Owner, *, create: bool, default_threshold: int, now: datetime
) -> Account:
    found = (await store.accounts({owner}, lock=True)).get(owner)
    if found is not None:
        return found
    if not create or not await store.owner_exists(*owner):
        raise NotFound(f"billing knows no credit account for {owner[0]} {owner[1]!r}")
    account = Account(str(uuid.uuid4()), owner[0], owner[1], "free", 0, default_threshold)
    await store.create(account, now)
    return account


async def move_balance(
    tx: CreditTransactions,
    caller: Principal,
    owner: Owner,
    amount: int,
    kind: Literal["grant", "adjustment"],
    reason: str,
    pricing: Pricing,
    default_threshold: int,
    now: datetime,
) -> Account:
    """A grant (opens the account if it has none) or an adjustment (either way), with the
    admin's reason in the transaction ledger."""
    caller.require(ADMIN)
    amount = checked_amount(amount, kind=kind)
    async with tx() as store:
        account = await _account(
            store, owner, create=kind == "grant", default_threshold=default_threshold, now=now
        )
        moved, fell = account.moved(amount)
        await store.add(
            [Transaction(account.id, kind, amount, moved.balance, now, reason, caller.user_id)]
        )
        if fell:
            await _low(store, moved, now)
        return await _report(store, moved, pricing, kind, now)


async def configure(
    tx: CreditTransactions,
    caller: Principal,
    owner: Owner,
    tier: str | None,
    low_threshold: int | None,
    pricing: Pricing,
    default_threshold: int,
    now: datetime,
) -> Account:
    """Set an account's tier (its markup) or low-balance threshold; opens the account (with a
    balance of 0: the owner then runs on credits) when it has none."""
    caller.require(ADMIN)
    if tier is not None:
        pricing.markup(tier)  # refuses an unknown tier
    if low_threshold is not None and low_threshold < 0:
        raise CreditRefused("a low-balance threshold is ≥ 0 millicredits")
    async with tx() as store:
        account = await _account(
            store, owner, create=True, default_threshold=default_threshold, now=now
        )
        changed = replace(
            account,
            tier=tier if tier is not None else account.tier,
            low_threshold=low_threshold if low_threshold is not None else account.low_threshold,
        )
        if account.version > 0:  # a threshold raised above a balance alerts now (a new,
            changed, fell = changed.moved(0)  # empty account waits for its first grant)
            if fell:
                await _low(store, changed, now)
        return await _report(store, changed, pricing, "tier", now)


async def debit_spend(
    store: CreditStore, entries: Sequence[LedgerEntry], pricing: Pricing, now: datetime
) -> None:
    """Debit newly counted requests from the balance that pays for them (a team key's team, a
    personal key's user), at its tier's markup, once per request. A user whose spend moved
    LiteLLM's counter for them but was paid by a team (or by no one) is reported too: sync's
    projection of their credits rests on that counter."""
    payers = {p for e in entries if (p := payer(e.team_id, e.user_id)) is not None}
    spenders: set[Owner] = {("user", e.user_id) for e in entries if e.user_id}
    accounts = await store.accounts(payers | spenders, lock=True)
    if not accounts:
        return  # most spend is not on credits: one query and done
    reasons: dict[Owner, Reason] = {}
    transactions: list[Transaction] = []
    fell: list[Owner] = []
    for entry in entries:
        paying = payer(entry.team_id, entry.user_id)
        account = accounts.get(paying) if paying else None
        if paying is None or account is None:
            continue
        amount = pricing.debit(entry.cost, account.tier)
        reasons[paying] = "debit"
        if amount == 0:
            continue
        moved, low = account.moved(-amount)
        accounts[paying] = moved
        markup = pricing.markup(account.tier)
        transactions.append(
            Transaction(
                account.id,
                "debit",
                -amount,
                moved.balance,
                now,
                request_id=entry.request_id,
                cost=entry.cost,
                markup=markup,
            )
        )
        if low:
            fell.append(paying)
    for spender in spenders & accounts.keys():
        reasons.setdefault(spender, "spend")
    await store.add(transactions)
    for owner in fell:
        await _low(store, accounts[owner], now)
    for owner, reason in sorted(reasons.items()):
        await _report(store, accounts[owner], pricing, reason, now)
