"""Log a user in: create them on first login (UserCreated), refresh their profile afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.domain.users import (
    AccountDisabled,
    ProviderIdentity,
    User,
    check_email,
    normalize_username,
    register,
    roles_for,
    roles_from_groups,
    update_profile,
)
from litemaas_contracts.identity import Role


@dataclass(frozen=True)
class LoginResult:
    user: User
    access_token: str
    expires_in: int
    created: bool


@dataclass(frozen=True)
class Identity:
    """Who the identity provider (or the development login) says this is."""

    username: str
    email: str | None
    full_name: str | None


@dataclass(frozen=True)
class RolePolicy:
    """Who gets more than ``user`` on login, by setting."""

    initial_admins: tuple[str, ...] = ()
    admin_groups: tuple[str, ...] = ()
    admin_readonly_groups: tuple[str, ...] = ()


async def log_in_as(
    who: ProviderIdentity, *, transactions: Transactions, tokens: TokenIssuer, policy: RolePolicy
) -> LoginResult:
    """What an identity provider says, checked (InvalidUser) and its groups turned into roles."""
    username = normalize_username(who.username)
    email = check_email(who.email) if who.email else None
    granted = roles_from_groups(who.groups, policy.admin_groups, policy.admin_readonly_groups)
    return await log_in(
        Identity(username, email, who.full_name),
        transactions=transactions,
        tokens=tokens,
        initial_admins=policy.initial_admins,
        granted=granted,
    )


async def log_in(
    identity: Identity,
    *,
    transactions: Transactions,
    tokens: TokenIssuer,
    initial_admins: tuple[str, ...],
    granted: tuple[Role, ...] = (),
) -> LoginResult:
    """``granted``: roles the identity provider's groups give (they add, never remove)."""
    now = datetime.now(UTC)
    roles = tuple(sorted({*roles_for(identity.username, initial_admins), *granted}))
    for _ in range(2):  # a concurrent first login of the same user wins once; we then update
        async with transactions() as uow:
            existing = await uow.user_by_username(identity.username)
            if existing is None:
                user, created = register(
                    identity.username, identity.email, identity.full_name, roles, now
                )
                if not await uow.add_user(user):
                    continue
                await uow.record(created)
                token, ttl = tokens.issue(user)
                return LoginResult(user, token, ttl, created=True)
            if not existing.active:
                raise AccountDisabled(f"the account {existing.username!r} is deactivated")
            user, updated = update_profile(existing, identity.email, identity.full_name, roles, now)
            if updated is not None:
                await uow.save_user(user)
                await uow.record(updated)
            token, ttl = tokens.issue(user)
            return LoginResult(user, token, ttl, created=False)
    raise RuntimeError("the user could be neither created nor found")  # pragma: no cover
