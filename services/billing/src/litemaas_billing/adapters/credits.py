"""SQL for prepaid credits: the only place their queries live."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budget_tables import team_members, teams, users
from litemaas_billing.adapters.credit_tables import credit_accounts, credit_transactions
from litemaas_billing.app.credits import Owner
from litemaas_billing.domain.credits import Account, Transaction
from litemaas_contracts import Event
from litemaas_contracts.billing import CreditOwner
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox


def _account(r: Any) -> Account:
    return Account(
        r.id, r.owner, r.owner_id, r.tier, r.balance, r.low_threshold, r.low_alerted, r.version
    )


def _transaction(r: Any) -> Transaction:
    return Transaction(
        r.account_id,
        r.kind,
        r.amount,
        r.balance_after,
        r.created_at,
        r.reason,
        r.actor,
        r.request_id,
        r.cost,
        r.markup,
        r.id,
    )


class SqlCredits:
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session, self.outbox = session, outbox

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    async def owner_exists(self, owner: CreditOwner, owner_id: str) -> bool:
        column = users.c.user_id if owner == "user" else teams.c.team_id
        found = await self.session.execute(select(column).where(column == owner_id))
        return found.first() is not None

    async def accounts(self, owners: set[Owner], *, lock: bool = False) -> dict[Owner, Account]:
        if not owners:
            return {}
        c = credit_accounts.c
        # one index range over the unique (owner, owner_id); the exact pairs are picked here
        query = (
            select(credit_accounts)
            .where(c.owner.in_(sorted({kind for kind, _ in owners})))
            .where(c.owner_id.in_(sorted({oid for _, oid in owners})))
            .order_by(c.id)  # one lock order: no deadlock
        )
        rows = await self.session.execute(query.with_for_update() if lock else query)
        found = {(r.owner, r.owner_id): _account(r) for r in rows}
        return {owner: account for owner, account in found.items() if owner in owners}

    async def create(self, account: Account, now: datetime) -> None:
        await self.session.execute(
            credit_accounts.insert().values(
                id=account.id,
                owner=account.owner,
                owner_id=account.owner_id,
                tier=account.tier,
                balance=account.balance,
                low_threshold=account.low_threshold,
                low_alerted=account.low_alerted,
                version=account.version,
                created_at=now,
            )
        )

    async def save(self, account: Account) -> None:
        await self.session.execute(
            update(credit_accounts)
            .where(credit_accounts.c.id == account.id)
            .values(
                tier=account.tier,
                balance=account.balance,
                low_threshold=account.low_threshold,
                low_alerted=account.low_alerted,
                version=account.version,
            )
        )

    async def add(self, transactions: Sequence[Transaction]) -> None:
        if not transactions:
            return
        rows = [
            {
                "account_id": t.account_id,
                "kind": t.kind,
                "amount": t.amount,
                "balance_after": t.balance_after,
                "reason": t.reason,
                "actor": t.actor,
                "request_id": t.request_id,
                "cost": t.cost,
                "markup": t.markup,
                "created_at": t.created_at,
            }
            for t in transactions
        ]
        await self.session.execute(credit_transactions.insert(), rows)

    async def listed(self, owner: CreditOwner | None, limit: int, offset: int) -> list[Account]:
        query = select(credit_accounts).order_by(credit_accounts.c.created_at)
        if owner is not None:
            query = query.where(credit_accounts.c.owner == owner)
        rows = await self.session.execute(query.limit(limit).offset(offset))
        return [_account(r) for r in rows]

    async def of_user(self, user_id: str) -> list[Account]:
        """The user's own account and those of the teams they belong to."""
        c = credit_accounts.c
        their_teams = select(team_members.c.team_id).where(team_members.c.user_id == user_id)
        query = select(credit_accounts).where(
            or_(
                and_(c.owner == "user", c.owner_id == user_id),
                and_(c.owner == "team", c.owner_id.in_(their_teams)),
            )
        )
        return [_account(r) for r in await self.session.execute(query.order_by(c.owner))]

    async def transactions(
        self, account_id: str, limit: int, before: int | None
    ) -> list[Transaction]:
        t = credit_transactions.c
        query = select(credit_transactions).where(t.account_id == account_id)
        if before is not None:
            query = query.where(t.id < before)
        rows = await self.session.execute(query.order_by(t.id.desc()).limit(limit))
        return [_transaction(r) for r in rows]


class CreditTx:
    """``async with tx() as store``: one transaction, committed on leaving."""

    def __init__(self, sessions: Sessions, outbox: Outbox) -> None:
        self.sessions, self.outbox = sessions, outbox

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlCredits]:
        async with self.sessions.begin() as session:
            yield SqlCredits(session, self.outbox)
