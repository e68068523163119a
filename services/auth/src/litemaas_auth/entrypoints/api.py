"""HTTP routes of the auth service: parse, call one use case, map errors."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.recent_users import RecentUsers
from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.adapters.tokens import JwtTokens
from litemaas_auth.app.login import log_in_as
from litemaas_auth.app.ports import Transactions
from litemaas_auth.domain.identities import DEV_ISSUER, ProviderIdentity
from litemaas_auth.domain.text import InvalidUser, check_email, normalize_username
from litemaas_auth.domain.users import User
from litemaas_auth.entrypoints.provider_login import answer, role_policy
from litemaas_auth.entrypoints.schemas import Line, TokenOut, UserOut
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Invalid, NotFound, Unauthorized
from litemaas_servicekit.security import Principal, Verifier, authenticated


class DevLoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: Line = Field(min_length=1, max_length=64, examples=["alice"])
    email: Line | None = Field(None, max_length=254, examples=["alice@example.com"])
    full_name: Line | None = Field(None, max_length=200, examples=["Alice Example"])


class ProvidersOut(BaseModel):
    dev_login: bool
    oidc: bool
    openshift: bool


def router(
    settings: AuthSettings,
    transactions: Transactions,
    tokens: JwtTokens,
    refresh: RefreshTokens,
    verifier: Verifier,
) -> APIRouter:
    api = APIRouter(prefix="/api/v1/auth", tags=["auth"])
    policy = role_policy(settings)
    recent = RecentUsers()

    async def current_user(
        caller: Annotated[Principal, Depends(authenticated(verifier))],
    ) -> User:
        if (user := recent.get(caller)) is not None:
            return user  # the token passed the epoch check in Redis just now
        async with transactions() as uow:
            user = await uow.user_by_id(caller.user_id)
        if user is None or not user.active:
            raise Unauthorized("the account behind this token no longer exists or is deactivated")
        recent.put(caller, user)
        return user

    CurrentUser = Annotated[User, Depends(current_user)]

    @api.post(
        "/dev-login",
        description="Only where LITEMAAS_ENV=development and AUTH_DEV_LOGIN_ENABLED=true.",
        response_model=TokenOut,
        summary="Development login: a username becomes a signed access token",
    )
    async def dev_login(body: DevLoginRequest, request: Request) -> TokenOut:
        if not settings.dev_login_enabled or settings.environment != "development":
            raise NotFound("development login is disabled (AUTH_DEV_LOGIN_ENABLED)")
        try:
            username = normalize_username(body.username)
            email = (
                check_email(body.email) if body.email else f"{username}@{settings.dev_email_domain}"
            )
        except InvalidUser as exc:
            raise Invalid(str(exc)) from exc
        # the development login's identity is the username itself (issuer "dev")
        who = ProviderIdentity(DEV_ISSUER, username, username, email, body.full_name)
        login = log_in_as(who, transactions=transactions, tokens=tokens, policy=policy)
        return await answer(login, refresh)

    @api.get(
        "/providers",
        response_model=ProvidersOut,
        summary="Which ways to log in this deployment offers (for the login page; no login)",
    )
    async def providers() -> ProvidersOut:
        return ProvidersOut(
            dev_login=settings.dev_login_enabled and settings.environment == "development",
            oidc=bool(settings.oidc_issuer),
            openshift=bool(settings.openshift_api_url),
        )

    @api.get("/me", response_model=UserOut, summary="The logged-in user")
    async def me(user: CurrentUser) -> UserOut:
        return UserOut.of(user)

    return api
