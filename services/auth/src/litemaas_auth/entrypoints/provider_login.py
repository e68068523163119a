"""The routes of every identity provider's login, and the end every login shares.

``GET /api/v1/auth/<provider>/login?redirect_uri=`` starts one (302 to the provider);
``POST /api/v1/auth/<provider>/callback`` with the ``code`` and ``state`` finishes it.
"""

from collections.abc import Awaitable
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.app.login import LoginResult, RolePolicy
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.app.provider_login import (
    IdentityProvider,
    LoginAttemptStore,
    finish_login,
    start_login,
)
from litemaas_auth.domain.login_attempts import LoginAttemptRefused
from litemaas_auth.domain.users import AccountDisabled, InvalidUser
from litemaas_auth.entrypoints.schemas import TokenOut, UserOut
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Forbidden, Invalid, NotFound


class CallbackIn(BaseModel):
    """What the UI posts back after the provider redirected to it."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=4000)
    state: str = Field(min_length=10, max_length=64)


RedirectUri = Annotated[str, Query(pattern=r"^https?://", max_length=2000)]


def role_policy(settings: AuthSettings) -> RolePolicy:
    return RolePolicy(
        settings.initial_admins, settings.admin_groups, settings.admin_readonly_groups
    )


async def answer(login: Awaitable[LoginResult], refresh: RefreshTokens) -> TokenOut:
    """The end of every login: its refusals as problems, or the user's tokens."""
    try:
        result = await login
    except InvalidUser as exc:
        raise Invalid(f"this user cannot log in to LiteMaaS: {exc}") from exc
    except LoginAttemptRefused as exc:
        raise Invalid(str(exc)) from exc
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
    attempts: LoginAttemptStore,
    settings: AuthSettings,
    transactions: Transactions,
    tokens: TokenIssuer,
    refresh: RefreshTokens,
) -> APIRouter:
    """The two routes of one provider; 404 problem+json while ``setting`` is unset."""
    api = APIRouter(prefix=f"/api/v1/auth/{name}", tags=["auth"])
    policy = role_policy(settings)
    title = "OIDC" if name == "oidc" else name.capitalize()

    def configured() -> IdentityProvider:
        if provider is None:
            raise NotFound(f"{title} login is not configured ({setting})")
        return provider

    @api.get("/login", status_code=302, summary=f"Start a {title} login (redirects)")
    async def login(redirect_uri: RedirectUri) -> RedirectResponse:
        url = await start_login(name, configured(), attempts, redirect_uri)
        return RedirectResponse(url, status_code=302)

    @api.post(
        "/callback",
        response_model=TokenOut,
        summary=f"Finish a {title} login with the code and state it redirected with",
    )
    async def callback(body: CallbackIn) -> TokenOut:
        chosen = configured()
        login = finish_login(
            name,
            chosen,
            attempts,
            body.code,
            body.state,
            transactions=transactions,
            tokens=tokens,
            policy=policy,
        )
        return await answer(login, refresh)

    return api
