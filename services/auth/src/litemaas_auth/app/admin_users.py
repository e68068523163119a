"""Administrators govern users: see them, set their roles, deactivate and reactivate them.

Each change reads the user row FOR UPDATE (no lost update against a login or another admin)
and, when access must end, moves the user's epoch in Redis before the commit: if Redis cannot
be written, the change fails (503) instead of leaving old tokens working.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from litemaas_auth.app.ports import Transactions, UnitOfWork
from litemaas_auth.domain.users import User, assign_roles, deactivate, reactivate
from litemaas_contracts import Event
from litemaas_contracts.identity import Role
from litemaas_servicekit.errors import Conflict, NotFound
from litemaas_servicekit.security import ADMIN, ADMIN_READONLY, Principal


async def list_users(
    transactions: Transactions,
    caller: Principal,
    search: str | None,
    page: int,
    size: int,
    ids: tuple[str, ...] = (),
) -> tuple[list[User], int]:
    caller.require(ADMIN, ADMIN_READONLY)
    async with transactions() as uow:
        return await uow.users_page(search, page, size, ids)


async def _change(
    transactions: Transactions,
    user_id: str,
    decide: Callable[[User, datetime], tuple[User, Event | None]],
) -> User:
    async with transactions() as uow:
        before = await _existing(uow, user_id)
        user, event = decide(before, datetime.now(UTC))
        if event is not None:
            await uow.save_user(user)
            await uow.record(event)
            if user.token_epoch != before.token_epoch:
                await uow.advance_epoch(user)
        return user


async def _existing(uow: UnitOfWork, user_id: str) -> User:
    user = await uow.user_by_id(user_id, lock=True)
    if user is None:
        raise NotFound(f"no user {user_id!r}")
    return user


async def set_roles(
    transactions: Transactions, caller: Principal, user_id: str, roles: tuple[Role, ...]
) -> User:
    """Sets the roles granted by hand; roles from provider groups are recomputed at login."""
    caller.require(ADMIN)
    if user_id == caller.user_id and ADMIN not in roles:
        raise Conflict("admins cannot take the admin role from themselves")
    return await _change(transactions, user_id, lambda u, now: assign_roles(u, roles, now))


async def deactivate_user(
    transactions: Transactions, caller: Principal, user_id: str, reason: str
) -> User:
    caller.require(ADMIN)
    if user_id == caller.user_id:
        raise Conflict("admins cannot deactivate themselves")
    return await _change(transactions, user_id, lambda u, now: deactivate(u, reason, now))


async def reactivate_user(
    transactions: Transactions, caller: Principal, user_id: str, reason: str
) -> User:
    caller.require(ADMIN)
    return await _change(
        transactions, user_id, lambda u, now: reactivate(u, reason, caller.user_id, now)
    )
