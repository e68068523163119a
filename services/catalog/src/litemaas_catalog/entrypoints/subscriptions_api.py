"""``/api/v1/subscriptions`` (users) and ``/api/v1/admin/subscriptions`` (approvals)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from litemaas_catalog.app.ports import Transactions
from litemaas_catalog.app.subscriptions import (
    change_status,
    request_subscription,
    visible_subscription,
)
from litemaas_catalog.domain.subscriptions import Action, InvalidTransition, Quota, Subscription
from litemaas_catalog.entrypoints.fields import PageNo, PathId, QueryId
from litemaas_catalog.entrypoints.schemas import BulkIn, Page, ReasonIn, SubscribeIn
from litemaas_catalog.entrypoints.schemas import SubscriptionOut as Out
from litemaas_servicekit.errors import Conflict
from litemaas_servicekit.security import (
    ADMIN,
    ADMIN_READONLY,
    Principal,
    TokenVerifier,
    authenticated,
)

Status = Literal["pending", "active", "denied", "cancelled", "suspended"]
AdminAction = Literal["approve", "deny", "suspend", "reactivate"]


def router(transactions: Transactions, verifier: TokenVerifier, default_quota: Quota) -> APIRouter:
    api = APIRouter(tags=["subscriptions"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]
    PageSize = Annotated[int, Query(ge=1, le=100)]

    async def page_of(user_id: str | None, status: str | None, page: int, size: int) -> Page[Out]:
        async with transactions() as uow:
            subs, total = await uow.subscriptions(
                user_id=user_id, status=status, page=page, page_size=size
            )
        return Page(items=[Out.of(s) for s in subs], total=total, page=page, page_size=size)

    @api.post(
        "/api/v1/subscriptions",
        response_model=Out,
        status_code=201,
        summary="Subscribe: active at once, or pending approval for a restricted model",
    )
    async def subscribe(body: SubscribeIn, caller: Caller) -> Out:
        try:
            return Out.of(
                await request_subscription(transactions, caller, body.model_id, default_quota)
            )
        except InvalidTransition as exc:
            raise Conflict(str(exc)) from exc

    @api.get("/api/v1/subscriptions", response_model=Page[Out], summary="My subscriptions")
    async def mine(
        caller: Caller, status: Status | None = None, page: PageNo = 1, page_size: PageSize = 20
    ) -> Page[Out]:
        return await page_of(caller.user_id, status, page, page_size)

    @api.get(
        "/api/v1/subscriptions/{sub_id}",
        response_model=Out,
        summary="One subscription with the history of every change",
    )
    async def one(sub_id: PathId, caller: Caller) -> Out:
        sub = await visible_subscription(transactions, caller, sub_id)
        async with transactions() as uow:
            return Out.of(sub, await uow.history(sub_id))

    @api.delete("/api/v1/subscriptions/{sub_id}", response_model=Out, summary="Cancel")
    async def cancel(sub_id: PathId, caller: Caller) -> Out:
        return Out.of((await _change(caller, [sub_id], "cancel", ""))[0])

    @api.get(
        "/api/v1/admin/subscriptions",
        response_model=Page[Out],
        summary="Everyone's subscriptions (admins), e.g. ?status=pending",
    )
    async def everyone(
        caller: Caller,
        status: Status | None = None,
        user_id: QueryId = None,
        page: PageNo = 1,
        page_size: PageSize = 20,
    ) -> Page[Out]:
        caller.require(ADMIN, ADMIN_READONLY)
        return await page_of(user_id, status, page, page_size)

    @api.post(
        "/api/v1/admin/subscriptions/bulk",
        response_model=list[Out],
        summary="Approve or deny many at once: all change, or none does",
    )
    async def bulk(body: BulkIn, caller: Caller) -> list[Out]:
        caller.require(ADMIN)
        return [Out.of(s) for s in await _change(caller, body.ids, body.action, body.reason)]

    @api.post(
        "/api/v1/admin/subscriptions/{sub_id}/{action}",
        response_model=Out,
        summary="approve | deny | suspend | reactivate, with a reason",
    )
    async def decide(sub_id: PathId, action: AdminAction, body: ReasonIn, caller: Caller) -> Out:
        caller.require(ADMIN)
        return Out.of((await _change(caller, [sub_id], action, body.reason))[0])

    async def _change(
        caller: Principal, ids: list[str], action: Action, reason: str
    ) -> list[Subscription]:
        try:
            return await change_status(transactions, caller, ids, action, reason)
        except InvalidTransition as exc:
            raise Conflict(str(exc)) from exc

    return api
