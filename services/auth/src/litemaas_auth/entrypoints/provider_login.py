"""Logins through an identity provider, and the end every login shares.

``GET /api/v1/auth/<provider>/login?redirect_uri=`` starts one (302 to the provider);
``POST /api/v1/auth/<provider>/callback`` with the ``code`` and ``state`` finishes it.
"""

from typing import Annotated, Protocol

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.login_attempts import Attempt, LoginAttempts
from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.app.login import Identity, log_in
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.domain.users import (
    AccountDisabled,
    InvalidUser,
    ProviderIdentity,
    check_email,
    normalize_username,
    roles_from_groups,
)
from litemaas_auth.entrypoints.schemas import TokenOut, UserOut
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Forbidden, Invalid, NotFound


class IdentityProvider(Protocol):
    async def authorize_url(self, attempt: Attempt) -> str: ...
    async def identify(self, code: str, attempt: Attempt) -> ProviderIdentity: ...


class CallbackIn(BaseModel):
    """What the UI posts back after the provider redirected to it."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=2000)
    state: str = Field(min_length=10, max_length=64)


RedirectUri = Annotated[str, Query(pattern=r"^https?://", max_length=2000)]


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


def router(
    name: str,
    setting: str,
    provider: IdentityProvider | None,
    attempts: LoginAttempts,
    settings: AuthSettings,
    transactions: Transactions,
    tokens: TokenIssuer,
    refresh: RefreshTokens,
) -> APIRouter:
    """The two routes of one provider; 404 problem+json while ``setting`` is unset."""
    api = APIRouter(prefix=f"/api/v1/auth/{name}", tags=["auth"])

    def configured() -> IdentityProvider:
        if provider is None:
            raise NotFound(f"{name} login is not configured ({setting})")
        return provider

    @api.get("/login", status_code=302, summary=f"Start a {name} login (redirects)")
    async def login(redirect_uri: RedirectUri) -> RedirectResponse:
        chosen = configured()
        attempt = await attempts.begin(name, redirect_uri)
        return RedirectResponse(await chosen.authorize_url(attempt), status_code=302)

    @api.post(
        "/callback",
        response_model=TokenOut,
        summary=f"Finish a {name} login with the code and state it redirected with",
    )
    async def callback(body: CallbackIn) -> TokenOut:
        chosen = configured()
        attempt = await attempts.finish(name, body.state)
        who = await chosen.identify(body.code, attempt)
        return await complete_login(who, settings, transactions, tokens, refresh)

    return api
