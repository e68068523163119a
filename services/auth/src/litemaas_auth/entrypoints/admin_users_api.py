"""``/api/v1/admin/users``: administrators govern users."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.app import admin_users as uc
from litemaas_auth.app.ports import Transactions
from litemaas_auth.entrypoints.schemas import UserOut
from litemaas_contracts.identity import Role
from litemaas_servicekit.security import Principal, Verifier, authenticated


class UsersPage(BaseModel):
    items: list[UserOut]
    total: int
    page: int
    page_size: int


class RolesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[Role] = Field(min_length=1, max_length=3)


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=1000)


def router(transactions: Transactions, verifier: Verifier) -> APIRouter:
    api = APIRouter(prefix="/api/v1/admin/users", tags=["admin"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.get("", response_model=UsersPage, summary="Users (admins, admin-readonly)")
    async def users(
        caller: Caller,
        search: Annotated[str | None, Query(max_length=100)] = None,
        page: Annotated[int, Query(ge=1)] = 1,
        page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> UsersPage:
        found, total = await uc.list_users(transactions, caller, search, page, page_size)
        return UsersPage(
            items=[UserOut.of(u) for u in found], total=total, page=page, page_size=page_size
        )

    @api.put("/{user_id}/roles", response_model=UserOut, summary="Set a user's roles")
    async def roles(user_id: str, body: RolesIn, caller: Caller) -> UserOut:
        return UserOut.of(await uc.set_roles(transactions, caller, user_id, tuple(body.roles)))

    @api.post(
        "/{user_id}/deactivate",
        response_model=UserOut,
        summary="Deactivate: no more logins; keys stop working",
    )
    async def deactivate(user_id: str, body: ReasonIn, caller: Caller) -> UserOut:
        return UserOut.of(await uc.deactivate_user(transactions, caller, user_id, body.reason))

    return api
