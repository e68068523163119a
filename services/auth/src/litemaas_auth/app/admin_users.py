"""Administrators govern users: see them, set their roles, deactivate them."""

from __future__ import annotations

from datetime import UTC, datetime

from litemaas_auth.app.ports import Transactions, UnitOfWork
from litemaas_auth.domain.users import User, assign_roles, deactivate
from litemaas_contracts.identity import Role
from litemaas_servicekit.errors import Conflict, NotFound
from litemaas_servicekit.security import ADMIN, ADMIN_READONLY, Principal


async def list_users(
    transactions: Transactions, caller: Principal, search: str | None, page: int, size: int
) -> tuple[list[User], int]:
    caller.require(ADMIN, ADMIN_READONLY)
    async with transactions() as uow:
        return await uow.users_page(search, page, size)


async def _existing(uow: UnitOfWork, user_id: str) -> User:
    user = await uow.user_by_id(user_id)
    if user is None:
        raise NotFound(f"no user {user_id!r}")
    return user


async def set_roles(
    transactions: Transactions, caller: Principal, user_id: str, roles: tuple[Role, ...]
) -> User:
    caller.require(ADMIN)
    if user_id == caller.user_id and ADMIN not in roles:
        raise Conflict("admins cannot take the admin role from themselves")
    async with transactions() as uow:
        user, event = assign_roles(await _existing(uow, user_id), roles, datetime.now(UTC))
        if event is not None:
            await uow.save_user(user)
            await uow.record(event)
        return user


async def deactivate_user(
    transactions: Transactions, caller: Principal, user_id: str, reason: str
) -> User:
    caller.require(ADMIN)
    if user_id == caller.user_id:
        raise Conflict("admins cannot deactivate themselves")
    async with transactions() as uow:
        user, event = deactivate(await _existing(uow, user_id), reason, datetime.now(UTC))
        if event is not None:
            await uow.save_user(user)
            await uow.record(event)
        return user
