"""The routes of every identity provider's login, and the end every login shares.

``GET /api/v1/auth/<provider>/login?redirect_uri=`` starts one (302 to the provider) and gives
the browser an HttpOnly, SameSite=Lax cookie binding the login to it; it is rate-limited per
client address (429 with Retry-After). ``POST /api/v1/auth/<provider>/callback`` with the
``code`` and ``state`` finishes it, only with that cookie (403 without it).
"""

from collections.abc import Awaitable
from typing import Annotated

from fastapi import APIRouter, Cookie, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.rate_limit import RedisRateLimit
from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.app.login import LoginResult, RolePolicy
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.app.provider_login import (
    IdentityProvider,
    LoginAttemptStore,
    finish_login,
    start_login,
)
from litemaas_auth.domain.client_address import client_address, networks
from litemaas_auth.domain.login_attempts import LIFETIME, LoginAttemptRefused, LoginNotBound
from litemaas_auth.domain.text import InvalidUser
from litemaas_auth.domain.users import AccountDisabled
from litemaas_auth.entrypoints.schemas import TokenOut, UserOut
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Forbidden, Invalid, NotFound
from litemaas_servicekit.http import problem

#: the browser's half of a login in flight (see ``domain.login_attempts``)
BINDING_COOKIE = "litemaas_login_binding"


class CallbackIn(BaseModel):
    """What the UI posts back after the provider redirected to it."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=4000, pattern=r"^[\x21-\x7e]+$")
    state: str = Field(min_length=10, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


RedirectUri = Annotated[str, Query(pattern=r"^https?://[\x21-\x7e]+$", max_length=2000)]
Binding = Annotated[str | None, Cookie(alias=BINDING_COOKIE, max_length=100)]


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
    except LoginNotBound as exc:
        raise Forbidden(str(exc)) from exc
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
        notice=result.notice,
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
    rate_limit: RedisRateLimit,
) -> APIRouter:
    """The two routes of one provider; 404 problem+json while ``setting`` is unset."""
    prefix = f"/api/v1/auth/{name}"
    api = APIRouter(prefix=prefix, tags=["auth"])
    policy = role_policy(settings)
    title = "OIDC" if name == "oidc" else name.capitalize()
    proxies = networks(settings.trusted_proxies)
    secure = settings.environment != "development"  # plain http only on a developer's machine

    def configured() -> IdentityProvider:
        if provider is None:
            raise NotFound(f"{title} login is not configured ({setting})")
        return provider

    @api.get(
        "/login",
        status_code=302,
        summary=f"Start a {title} login (redirects; sets the login cookie; rate-limited)",
    )
    async def login(redirect_uri: RedirectUri, request: Request) -> Response:
        chosen = configured()
        peer = request.client.host if request.client else None
        address = client_address(peer, request.headers.get("x-forwarded-for"), proxies)
        wait = await rate_limit.retry_after(address)
        if wait is not None:
            refused = problem(
                429,
                f"too many logins started from this address; try again in {wait} s",
                "Too many requests",
            )
            refused.headers["Retry-After"] = str(wait)
            return refused
        url, binding = await start_login(name, chosen, attempts, redirect_uri)
        redirect = RedirectResponse(url, status_code=302)
        redirect.set_cookie(
            BINDING_COOKIE,
            binding,
            max_age=int(LIFETIME.total_seconds()),
            path=prefix,
            secure=secure,
            httponly=True,
            samesite="lax",
        )
        return redirect

    @api.post(
        "/callback",
        response_model=TokenOut,
        summary=f"Finish a {title} login with the code and state it redirected with",
    )
    async def callback(body: CallbackIn, response: Response, binding: Binding = None) -> TokenOut:
        chosen = configured()
        login = finish_login(
            name,
            chosen,
            attempts,
            body.code,
            body.state,
            binding,
            transactions=transactions,
            tokens=tokens,
            policy=policy,
        )
        done = await answer(login, refresh)
        response.delete_cookie(BINDING_COOKIE, path=prefix, secure=secure, httponly=True)
        return done

    return api
