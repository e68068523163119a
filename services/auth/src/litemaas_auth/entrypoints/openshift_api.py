"""Login with OpenShift: GET .../openshift/login → OpenShift → POST .../openshift/callback."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from litemaas_auth.adapters.login_attempts import LoginAttempts
from litemaas_auth.adapters.openshift import OpenShiftOAuth
from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.app.login import Identity, log_in
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.domain.users import (
    AccountDisabled,
    InvalidUser,
    normalize_username,
    roles_from_groups,
)
from litemaas_auth.entrypoints.api import TokenOut, UserOut
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import Forbidden, Invalid, NotFound

PROVIDER = "openshift"


class CallbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=2000)
    state: str = Field(min_length=10, max_length=64)


def router(
    settings: AuthSettings,
    openshift: OpenShiftOAuth | None,
    attempts: LoginAttempts,
    transactions: Transactions,
    tokens: TokenIssuer,
    refresh: RefreshTokens,
) -> APIRouter:
    api = APIRouter(prefix="/api/v1/auth/openshift", tags=["auth"])

    def configured() -> OpenShiftOAuth:
        if openshift is None:
            raise NotFound("OpenShift login is not configured (AUTH_OPENSHIFT_API_URL)")
        return openshift

    @api.get("/login", status_code=302, summary="Start an OpenShift login (redirects)")
    async def login(
        redirect_uri: Annotated[str, Query(pattern=r"^https?://", max_length=2000)],
    ) -> RedirectResponse:
        provider = configured()
        attempt = await attempts.begin(PROVIDER, redirect_uri)
        return RedirectResponse(await provider.authorize_url(attempt), status_code=302)

    @api.post(
        "/callback",
        response_model=TokenOut,
        summary="Finish an OpenShift login with the code and state it redirected with",
    )
    async def callback(body: CallbackIn) -> TokenOut:
        provider = configured()
        attempt = await attempts.finish(PROVIDER, body.state)
        who = await provider.user(await provider.exchange(body.code, attempt))
        try:
            username = normalize_username(who.username)
        except InvalidUser as exc:
            raise Invalid(f"the OpenShift user name cannot be used here: {exc}") from exc
        granted = roles_from_groups(
            who.groups, settings.admin_groups, settings.admin_readonly_groups
        )
        try:
            result = await log_in(
                Identity(username, None, who.full_name),
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

    return api
