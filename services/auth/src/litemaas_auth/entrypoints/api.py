"""HTTP routes of the auth service: parse, call one use case, map errors."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.adapters.tokens import JwtTokens
from litemaas_auth.app.login import Identity, log_in
from litemaas_auth.app.ports import Transactions
from litemaas_auth.domain.users import (
    AccountDisabled,
    InvalidUser,
    User,
    check_email,
    normalize_username,
)
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Forbidden, Invalid, NotFound, Unauthorized
from litemaas_servicekit.security import Principal, Verifier, authenticated


class DevLoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64, examples=["alice"])
    email: str | None = Field(None, max_length=254, examples=["alice@example.com"])
    full_name: str | None = Field(None, max_length=200, examples=["Alice Example"])


class UserOut(BaseModel):
    id: str
    username: str
    email: str | None
    full_name: str | None
    roles: list[str]
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(
            id=user.id,
            username=user.username,
            email=user.email,
            full_name=user.full_name,
            roles=list(user.roles),
            created_at=user.created_at,
        )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int
    user: UserOut


def router(
    settings: AuthSettings,
    transactions: Transactions,
    tokens: JwtTokens,
    refresh: RefreshTokens,
    verifier: Verifier,
) -> APIRouter:
    api = APIRouter(prefix="/api/v1/auth", tags=["auth"])

    async def current_user(
        caller: Annotated[Principal, Depends(authenticated(verifier))],
    ) -> User:
        async with transactions() as uow:
            user = await uow.user_by_id(caller.user_id)
        if user is None or not user.active:
            raise Unauthorized("the account behind this token no longer exists or is deactivated")
        return user

    CurrentUser = Annotated[User, Depends(current_user)]

    @api.post(
        "/dev-login",
        response_model=TokenOut,
        summary="Development login: a username becomes a signed access token",
    )
    async def dev_login(body: DevLoginRequest, request: Request) -> TokenOut:
        if not settings.dev_login_enabled:
            raise NotFound("development login is disabled (AUTH_DEV_LOGIN_ENABLED)")
        try:
            username = normalize_username(body.username)
            email = (
                check_email(body.email) if body.email else f"{username}@{settings.dev_email_domain}"
            )
        except InvalidUser as exc:
            raise Invalid(str(exc)) from exc
        try:
            result = await log_in(
                Identity(username, email, body.full_name),
                transactions=transactions,
                tokens=tokens,
                initial_admins=settings.initial_admins,
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

    @api.get("/me", response_model=UserOut, summary="The logged-in user")
    async def me(user: CurrentUser) -> UserOut:
        return UserOut.of(user)

    return api
