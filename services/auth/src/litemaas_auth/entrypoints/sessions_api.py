"""Sessions: trade a refresh token for new tokens; log out (revokes both, everywhere)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.adapters.tokens import JwtTokens
from litemaas_auth.app.ports import Transactions
from litemaas_servicekit.errors import Unauthorized
from litemaas_servicekit.security import Principal, RedisRevocations, Verifier, authenticated


class RefreshIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str = Field(min_length=10, max_length=200)


class LogoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    refresh_token: str | None = Field(None, min_length=10, max_length=200)


class TokensOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - the scheme, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


def router(
    transactions: Transactions,
    tokens: JwtTokens,
    refresh: RefreshTokens,
    revocations: RedisRevocations,
    verifier: Verifier,
) -> APIRouter:
    api = APIRouter(prefix="/api/v1/auth", tags=["auth"])
    Caller = Annotated[Principal, Depends(authenticated(verifier))]

    @api.post(
        "/refresh",
        response_model=TokensOut,
        summary="New access and refresh tokens for a refresh token (used once)",
    )
    async def refresh_tokens(body: RefreshIn) -> TokensOut:
        user_id = await refresh.redeem(body.refresh_token)
        async with transactions() as uow:
            user = await uow.user_by_id(user_id)
        if user is None:
            raise Unauthorized("the account no longer exists")
        access, ttl = tokens.issue(user)
        new_refresh, refresh_ttl = await refresh.issue(user.id)
        return TokensOut(
            access_token=access,
            expires_in=ttl,
            refresh_token=new_refresh,
            refresh_expires_in=refresh_ttl,
        )

    @api.post("/logout", status_code=204, summary="Revoke this access token and refresh token")
    async def logout(caller: Caller, body: LogoutIn | None = None) -> Response:
        await revocations.revoke(caller)
        if body and body.refresh_token:
            await refresh.revoke(body.refresh_token, caller.user_id)
        return Response(status_code=204)

    return api
