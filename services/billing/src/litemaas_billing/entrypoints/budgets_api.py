"""Budgets (admins set them; everyone sees those that apply to them, with the current
period's figures) and the requests to raise one."""

from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, Response

from litemaas_billing.app import budgets as uc
from litemaas_billing.app import increase
from litemaas_billing.app.budget_ports import BudgetTransactions
from litemaas_billing.domain.budgets import BudgetRefused, Limits
from litemaas_billing.domain.requests import RequestRefused
from litemaas_billing.entrypoints.budget_schemas import (
    BudgetIn,
    BudgetOut,
    DecisionIn,
    IncreaseIn,
    IncreaseOut,
    LimitsIn,
)
from litemaas_billing.entrypoints.fields import IdFilter, PathId
from litemaas_contracts.billing import BudgetScope
from litemaas_servicekit.errors import Conflict, Invalid
from litemaas_servicekit.security import ADMIN, ADMIN_READONLY, Principal, Verifier, authenticated

T = TypeVar("T")
Status = Literal["pending", "approved", "denied"]


async def _answer(change: Awaitable[T]) -> T:
    try:
        return await change
    except BudgetRefused as exc:
        raise Invalid(str(exc)) from exc
    except RequestRefused as exc:
        raise Conflict(str(exc)) from exc


def router(tx: BudgetTransactions, verifier: Verifier, *, allow_minute: bool) -> APIRouter:
    api = APIRouter(tags=["budgets"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    def limits_of(body: LimitsIn) -> Limits:
        try:
            return body.limits().checked(allow_minute=allow_minute)
        except BudgetRefused as exc:
            raise Invalid(str(exc)) from exc

    @api.post("/api/v1/admin/budgets", response_model=BudgetOut, summary="Set a budget (admins)")
    async def set_budget(body: BudgetIn, caller: Caller) -> BudgetOut:
        """One budget per scope and subject: setting it again replaces its limits (the period
        goes on unless its kind changes). Records BudgetSet."""
        limits = limits_of(body)
        now = datetime.now(UTC)
        made = await _answer(uc.set_budget(tx, caller, body.scope, body.subject_id, limits, now))
        return BudgetOut.of(*(await uc.visible(tx, caller, made.id)))

    @api.get("/api/v1/admin/budgets", response_model=list[BudgetOut], summary="Every budget")
    async def everyone(
        caller: Caller, scope: BudgetScope | None = None, subject_id: IdFilter = None
    ) -> list[BudgetOut]:
        caller.require(ADMIN, ADMIN_READONLY)
        async with tx() as store:
            found = await store.with_usage(scope=scope, subject_id=subject_id)
        return [BudgetOut.of(b, u) for b, u in found]

    @api.put("/api/v1/admin/budgets/{budget_id}", response_model=BudgetOut, summary="Change")
    async def change(budget_id: PathId, body: LimitsIn, caller: Caller) -> BudgetOut:
        limits = limits_of(body)
        await _answer(uc.change_budget(tx, caller, budget_id, limits, datetime.now(UTC)))
        return BudgetOut.of(*(await uc.visible(tx, caller, budget_id)))

    @api.delete("/api/v1/admin/budgets/{budget_id}", status_code=204, summary="Remove")
    async def remove(budget_id: PathId, caller: Caller) -> Response:
        await uc.remove_budget(tx, caller, budget_id, datetime.now(UTC))
        return Response(status_code=204)

    @api.get(
        "/api/v1/budgets",
        response_model=list[BudgetOut],
        summary="The budgets that apply to me: mine, my keys', my subscriptions', my teams'",
    )
    async def mine(caller: Caller) -> list[BudgetOut]:
        async with tx() as store:
            found = await store.with_usage(applying_to=caller.user_id)
        return [BudgetOut.of(b, u) for b, u in found]

    @api.get("/api/v1/budgets/{budget_id}", response_model=BudgetOut, summary="One budget")
    async def one(budget_id: PathId, caller: Caller) -> BudgetOut:
        return BudgetOut.of(*(await uc.visible(tx, caller, budget_id)))

    @api.post(
        "/api/v1/budgets/{budget_id}/increase-requests",
        response_model=IncreaseOut,
        status_code=201,
        summary="Ask for a higher hard limit, with a reason",
    )
    async def ask(budget_id: PathId, body: IncreaseIn, caller: Caller) -> IncreaseOut:
        now = datetime.now(UTC)
        made = increase.request_increase(tx, caller, budget_id, body.hard_limit, body.reason, now)
        return IncreaseOut.of(await _answer(made))

    @api.get("/api/v1/budget-requests", response_model=list[IncreaseOut], summary="My requests")
    async def my_requests(caller: Caller, status: Status | None = None) -> list[IncreaseOut]:
        async with tx() as store:
            found = await store.requests(status=status, requested_by=caller.user_id, budget_id=None)
        return [IncreaseOut.of(r) for r in found]

    @api.get(
        "/api/v1/admin/budget-requests",
        response_model=list[IncreaseOut],
        summary="Everyone's requests (admins), e.g. ?status=pending, with their decisions",
    )
    async def all_requests(
        caller: Caller, status: Status | None = None, budget_id: IdFilter = None
    ) -> list[IncreaseOut]:
        caller.require(ADMIN, ADMIN_READONLY)
        async with tx() as store:
            found = await store.requests(status=status, requested_by=None, budget_id=budget_id)
        return [IncreaseOut.of(r) for r in found]

    @api.post(
        "/api/v1/admin/budget-requests/{request_id}/{action}",
        response_model=IncreaseOut,
        summary="approve (optionally another amount) | deny (with a reason)",
    )
    async def decide(
        request_id: PathId, action: Literal["approve", "deny"], body: DecisionIn, caller: Caller
    ) -> IncreaseOut:
        decided = increase.decide_increase(
            tx,
            caller,
            request_id,
            action == "approve",
            body.reason,
            datetime.now(UTC),
            body.hard_limit,
        )
        return IncreaseOut.of(await _answer(decided))

    return api
