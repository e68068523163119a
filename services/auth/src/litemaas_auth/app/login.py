"""Log a user in: find them by external identity (issuer, subject), create them on first
login (UserCreated), refresh their profile and provider-granted roles afterwards."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from litemaas_auth.app.ports import TokenIssuer, Transactions, UnitOfWork
from litemaas_auth.domain.identities import ProviderIdentity, candidate_usernames, renamed_notice
from litemaas_auth.domain.text import InvalidUser, check_email, normalize_username
from litemaas_auth.domain.users import (
    AccountDisabled,
    User,
    register,
    roles_for,
    roles_from_groups,
    update_profile,
)
from litemaas_contracts.identity import Role
from litemaas_servicekit.errors import Conflict, Unavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoginResult:
    user: User
    access_token: str
    expires_in: int
    created: bool
    #: for the person logging in, e.g. that their wanted username was taken
    notice: str | None = None


@dataclass(frozen=True)
class RolePolicy:
    """Who gets more than ``user`` on login, by setting."""

    initial_admins: tuple[str, ...] = ()
    admin_groups: tuple[str, ...] = ()
    admin_readonly_groups: tuple[str, ...] = ()

    def grants(self, username: str, groups: tuple[str, ...]) -> tuple[Role, ...]:
        by_groups = roles_from_groups(groups, self.admin_groups, self.admin_readonly_groups)
        return tuple(sorted({*roles_for(username, self.initial_admins), *by_groups}))


class _Raced(Exception):
    """A concurrent login created the same user or identity first: roll back, look again."""


async def log_in_as(
    who: ProviderIdentity, *, transactions: Transactions, tokens: TokenIssuer, policy: RolePolicy
) -> LoginResult:
    """What an identity provider says, checked (InvalidUser); AccountDisabled when the user
    behind the identity is deactivated."""
    if not who.subject or len(who.subject) > 255 or len(who.issuer) > 500:
        raise InvalidUser("the identity provider named no usable subject (1-255 characters)")
    who = ProviderIdentity(
        who.issuer,
        who.subject,
        normalize_username(who.username),
        check_email(who.email) if who.email else None,
        who.full_name,
        who.groups,
    )
    for _ in range(3):
        try:
            async with transactions() as uow:
                return await _log_in(uow, who, tokens, policy)
        except _Raced:
            continue
    raise Unavailable("concurrent logins of this account; try again")


async def _log_in(
    uow: UnitOfWork, who: ProviderIdentity, tokens: TokenIssuer, policy: RolePolicy
) -> LoginResult:
    now = datetime.now(UTC)
    user = await uow.user_by_identity(who.issuer, who.subject, lock=True)
    if user is None:
        legacy = await uow.user_by_username(who.username, lock=True)
        if legacy is None or await uow.has_identity(legacy.id):
            return await _first_login(uow, who, tokens, policy, now)
        # a user from before identities were recorded (migration 0005): its first login links it
        if not await uow.link_identity(who.issuer, who.subject, legacy.id, now):
            raise _Raced
        log.warning(
            "linked a user from before external identities to its first login",
            extra={"user_id": legacy.id, "issuer": who.issuer},
        )
        user = legacy
    if not user.active:
        raise AccountDisabled(f"the account {user.username!r} is deactivated")
    granted = policy.grants(user.username, who.groups)
    changed, updated = update_profile(user, who.email, who.full_name, granted, now)
    # every login agrees with Redis: a change whose epoch reached Redis but whose commit
    # failed would otherwise refuse every new token until the next change
    in_force = await uow.advance_epoch(changed)
    if in_force > changed.token_epoch:
        changed = replace(changed, token_epoch=in_force)
    if updated is not None or changed.token_epoch != user.token_epoch:
        await uow.save_user(changed)
    if updated is not None:
        await uow.record(updated)
    token, ttl = tokens.issue(changed)
    return LoginResult(changed, token, ttl, created=False)


async def _first_login(
    uow: UnitOfWork, who: ProviderIdentity, tokens: TokenIssuer, policy: RolePolicy, now: datetime
) -> LoginResult:
    names = candidate_usernames(who.username)
    taken = await uow.taken_usernames(names)
    free = next((name for name in names if name not in taken), None)
    if free is None:
        raise Conflict(f"too many accounts are named like {who.username!r}; ask an admin")
    user, created = register(free, who.email, who.full_name, policy.grants(free, who.groups), now)
    if not await uow.add_user(user) or not await uow.link_identity(
        who.issuer, who.subject, user.id, now
    ):
        raise _Raced
    await uow.record(created)
    token, ttl = tokens.issue(user)
    return LoginResult(user, token, ttl, created=True, notice=renamed_notice(who.username, free))
