"""The end every identity-provider login shares: who it is → a LiteMaaS login with tokens."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.app.login import Identity, log_in
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.domain.users import (
    AccountDisabled,
    InvalidUser,
    check_email,
    normalize_username,
    roles_from_groups,
)
from litemaas_auth.entrypoints.api import TokenOut, UserOut
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Forbidden, Invalid


@dataclass(frozen=True)
class ProviderIdentity:
    username: str
    email: str | None
    full_name: str | None
    groups: tuple[str, ...]


async def complete_login(
    who: ProviderIdentity,
    settings: AuthSettings,
    transactions: Transactions,
    tokens: TokenIssuer,
    refresh: RefreshTokens,
) -> TokenOut:
    try:
        username = normalize_username(who.username)
        email = check_email(who.email) if who.email else None
    except InvalidUser as exc:
        raise Invalid(f"the identity provider's user cannot be used here: {exc}") from exc
    granted = roles_from_groups(who.groups, settings.admin_groups, settings.admin_readonly_groups)
    try:
        result = await log_in(
            Identity(username, email, who.full_name),
            transactions=transactions,
            tokens=tokens,
            initial_admins=settings.initial_admins,
            granted=granted,
        )
    except AccountDisabled as exc:
        raise Forbidden(str(exc)) from exc
    refresh_token, refresh_ttl = await refresh.issue(result.user.id)
    return TokenOut(
        access_token=result.access_token,
        expires_in=result.expires_in,
        refresh_token=refresh_token,
        refresh_expires_in=refresh_ttl,
        user=UserOut.of(result.user),
    )


class CallbackIn(BaseModel):
    """What the UI posts back after the provider redirected to it."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=2000)
    state: str = Field(min_length=10, max_length=64)


RedirectUri = Annotated[str, Query(pattern=r"^https?://", max_length=2000)]
