"""``/api/v1/admin/users``: administrators govern users."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.app import admin_users as uc
from litemaas_auth.app.ports import Transactions
from litemaas_auth.entrypoints.schemas import EntityId, Line, Reason, UserOut
from litemaas_contracts.identity import Role
from litemaas_servicekit.security import Principal, Verifier, authenticated

UserId = Annotated[EntityId, Path()]


class UsersPage(BaseModel):
    items: list[UserOut]
    total: int
    page: int
    page_size: int


class RolesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: the roles this admin grants by hand; roles from provider groups are kept apart
    roles: list[Role] = Field(min_length=1, max_length=3)


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason = ""


def router(transactions: Transactions, verifier: Verifier) -> APIRouter:
    api = APIRouter(prefix="/api/v1/admin/users", tags=["admin"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get("", response_model=UsersPage, summary="Users (admins, admin-readonly)")
    async def users(
        caller: Caller,
        search: Annotated[Line | None, Query(max_length=100)] = None,
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
        user_id: Annotated[list[EntityId] | None, Query(alias="id", max_length=100)] = None,
    ) -> UsersPage:
        """``?id=`` (repeated, up to 100) narrows to those users: how a list of subscriptions
        or keys names its people."""
        found, total = await uc.list_users(
            transactions, caller, search, page, page_size, tuple(user_id or ())
        )
        return UsersPage(
            items=[UserOut.of(u) for u in found], total=total, page=page, page_size=page_size
        )

    @api.put(
        "/{user_id}/roles",
        response_model=UserOut,
        summary="Set the roles granted by hand (ends the user's current tokens if roles change)",
    )
    async def roles(user_id: UserId, body: RolesIn, caller: Caller) -> UserOut:
        return UserOut.of(await uc.set_roles(transactions, caller, user_id, tuple(body.roles)))

    @api.post(
        "/{user_id}/deactivate",
        response_model=UserOut,
        summary="Deactivate: no more logins; tokens end at once; keys stop working",
    )
    async def deactivate(user_id: UserId, body: ReasonIn, caller: Caller) -> UserOut:
        return UserOut.of(await uc.deactivate_user(transactions, caller, user_id, body.reason))

    @api.post(
        "/{user_id}/reactivate",
        response_model=UserOut,
        summary="Reactivate: the user may log in again; keys blocked by deactivation work again",
    )
    async def reactivate(user_id: UserId, body: ReasonIn, caller: Caller) -> UserOut:
        return UserOut.of(await uc.reactivate_user(transactions, caller, user_id, body.reason))

    return api
