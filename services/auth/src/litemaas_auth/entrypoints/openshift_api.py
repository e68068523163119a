"""Login with OpenShift: GET .../openshift/login → OpenShift → POST .../openshift/callback."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from litemaas_auth.adapters.login_attempts import LoginAttempts
from litemaas_auth.adapters.openshift import OpenShiftOAuth
from litemaas_auth.adapters.sessions import RefreshTokens
from litemaas_auth.app.ports import TokenIssuer, Transactions
from litemaas_auth.entrypoints.api import TokenOut
from litemaas_auth.entrypoints.provider_login import (
    CallbackIn,
    ProviderIdentity,
    RedirectUri,
    complete_login,
)
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.errors import NotFound

PROVIDER = "openshift"


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
    async def login(redirect_uri: RedirectUri) -> RedirectResponse:
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
        identity = ProviderIdentity(who.username, None, who.full_name, who.groups)
        return await complete_login(identity, settings, transactions, tokens, refresh)

    return api
