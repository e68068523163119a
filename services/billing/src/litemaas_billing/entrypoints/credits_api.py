"""Prepaid credits: admins grant, adjust and set tiers; people see their own and their teams'
balances and transactions."""

from collections.abc import Awaitable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from litemaas_billing.adapters.credits import CreditTx
from litemaas_billing.app import credits as uc
from litemaas_billing.domain.credits import MAX_MILLICREDITS, Account, CreditRefused, Pricing
from litemaas_billing.domain.credits import Transaction as Line
from litemaas_billing.entrypoints.fields import OwnerId, Reason, Tier
from litemaas_contracts.billing import CreditOwner, ExactAmount
from litemaas_servicekit.errors import Invalid, NotFound
from litemaas_servicekit.security import ADMIN, ADMIN_READONLY, Principal, Verifier, authenticated

T = TypeVar("T")
Amount = Annotated[int, Field(ge=-MAX_MILLICREDITS, le=MAX_MILLICREDITS)]
Limit = Annotated[int, Query(ge=1, le=500)]
Before = Annotated[int | None, Query(ge=1, le=2**63 - 1)]


class AccountOut(BaseModel):
    id: str
    owner: CreditOwner
    owner_id: str
    tier: str
    markup: ExactAmount
    balance_millicredits: int
    #: what the balance still pays for, in USD of LiteLLM's list price
    spendable_usd: ExactAmount
    low_balance_threshold: int
    low_balance: bool

    @classmethod
    def of(cls, account: Account, pricing: Pricing) -> "AccountOut":
        return cls(
            id=account.id,
            owner=account.owner,
            owner_id=account.owner_id,
            tier=account.tier,
            markup=pricing.markup(account.tier),
            balance_millicredits=account.balance,
            spendable_usd=pricing.spendable(account.balance, account.tier),
            low_balance_threshold=account.low_threshold,
            low_balance=account.balance < account.low_threshold,
        )


class TransactionOut(BaseModel):
    id: int | None
    kind: str
    amount_millicredits: int
    balance_after: int
    reason: str | None
    actor: str | None
    request_id: str | None
    cost_usd: Decimal | None
    markup: Decimal | None
    created_at: datetime

    @classmethod
    def of(cls, line: Line) -> "TransactionOut":
        return cls(
            id=line.id,
            kind=line.kind,
            amount_millicredits=line.amount,
            balance_after=line.balance_after,
            reason=line.reason,
            actor=line.actor,
            request_id=line.request_id,
            cost_usd=line.cost,
            markup=line.markup,
            created_at=line.created_at,
        )


class MoveIn(BaseModel):
    amount_millicredits: Amount
    #: why: kept in the transaction ledger
    reason: Reason


class SettingsIn(BaseModel):
    tier: Tier | None = None
    low_balance_threshold: Annotated[int, Field(ge=0, le=MAX_MILLICREDITS)] | None = None


async def _answer(change: Awaitable[T]) -> T:
    try:
        return await change
    except CreditRefused as exc:
        raise Invalid(str(exc)) from exc


def router(tx: CreditTx, pricing: Pricing, default_threshold: int, verifier: Verifier) -> APIRouter:
    api = APIRouter(tags=["credits"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]
    base = "/api/v1/admin/credits/{owner}/{owner_id}"

    async def move(
        owner: CreditOwner,
        owner_id: str,
        body: MoveIn,
        caller: Principal,
        kind: Literal["grant", "adjustment"],
    ) -> AccountOut:
        reason = str(body.reason).strip()
        if not reason:
            raise Invalid("a reason is required")
        moved = uc.move_balance(
            tx,
            caller,
            (owner, owner_id),
            body.amount_millicredits,
            kind,
            reason,
            pricing,
            default_threshold,
            datetime.now(UTC),
        )
        return AccountOut.of(await _answer(moved), pricing)

    @api.post(f"{base}/grants", response_model=AccountOut, status_code=201, summary="Grant")
    async def grant(
        owner: CreditOwner, owner_id: OwnerId, body: MoveIn, caller: Caller
    ) -> AccountOut:
        """Adds credits (opens the account: its owner then runs on prepaid credits)."""
        return await move(owner, owner_id, body, caller, "grant")

    @api.post(f"{base}/adjustments", response_model=AccountOut, status_code=201)
    async def adjust(
        owner: CreditOwner, owner_id: OwnerId, body: MoveIn, caller: Caller
    ) -> AccountOut:
        """Moves a balance either way (a correction, a refund), with the reason."""
        return await move(owner, owner_id, body, caller, "adjustment")

    @api.put(base, response_model=AccountOut, summary="Set the tier or low-balance threshold")
    async def settings(
        owner: CreditOwner, owner_id: OwnerId, body: SettingsIn, caller: Caller
    ) -> AccountOut:
        changed = uc.configure(
            tx,
            caller,
            (owner, owner_id),
            body.tier,
            body.low_balance_threshold,
            pricing,
            default_threshold,
            datetime.now(UTC),
        )
        return AccountOut.of(await _answer(changed), pricing)

    @api.get("/api/v1/admin/credits", response_model=list[AccountOut], summary="All accounts")
    async def everyone(
        caller: Caller,
        owner: CreditOwner | None = None,
        limit: Limit = 100,
        offset: Annotated[int, Query(ge=0, le=10**9)] = 0,
    ) -> list[AccountOut]:
        caller.require(ADMIN, ADMIN_READONLY)
        async with tx() as store:
            found = await store.listed(owner, limit, offset)
        return [AccountOut.of(a, pricing) for a in found]

    @api.get("/api/v1/credits", response_model=list[AccountOut], summary="Mine and my teams'")
    async def mine(caller: Caller) -> list[AccountOut]:
        async with tx() as store:
            found = await store.of_user(caller.user_id)
        return [AccountOut.of(a, pricing) for a in found]

    @api.get(
        "/api/v1/credits/{owner}/{owner_id}/transactions",
        response_model=list[TransactionOut],
        summary="An account's transactions, newest first (page with ?before=<id>)",
    )
    async def lines(
        owner: CreditOwner,
        owner_id: OwnerId,
        caller: Caller,
        limit: Limit = 100,
        before: Before = None,
    ) -> list[TransactionOut]:
        """Someone else's account is 'not found': its existence is private."""
        async with tx() as store:
            account = (await store.accounts({(owner, owner_id)})).get((owner, owner_id))
            mine = {a.id for a in await store.of_user(caller.user_id)}
            if account is None or not (account.id in mine or caller.can_read_everything):
                raise NotFound(f"no credit account for {owner} {owner_id!r}")
            found = await store.transactions(account.id, limit, before)
        return [TransactionOut.of(line) for line in found]

    return api
