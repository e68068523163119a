"""Login with any OIDC provider: GET .../oidc/login → the provider → POST .../oidc/callback."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from litemaas_auth.adapters.login_attempts import LoginAttempts
from litemaas_auth.adapters.oidc import OidcProvider
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

PROVIDER = "oidc"


def router(
    settings: AuthSettings,
    oidc: OidcProvider | None,
    attempts: LoginAttempts,
    transactions: Transactions,
    tokens: TokenIssuer,
    refresh: RefreshTokens,
) -> APIRouter:
    api = APIRouter(prefix="/api/v1/auth/oidc", tags=["auth"])

    def configured() -> OidcProvider:
        if oidc is None:
            raise NotFound("OIDC login is not configured (AUTH_OIDC_ISSUER)")
        return oidc

    @api.get("/login", status_code=302, summary="Start an OIDC login (redirects)")
    async def login(redirect_uri: RedirectUri) -> RedirectResponse:
        provider = configured()
        attempt = await attempts.begin(PROVIDER, redirect_uri)
        return RedirectResponse(await provider.authorize_url(attempt), status_code=302)

    @api.post(
        "/callback",
        response_model=TokenOut,
        summary="Finish an OIDC login: code for tokens, ID token checked, user logged in",
    )
    async def callback(body: CallbackIn) -> TokenOut:
        provider = configured()
        attempt = await attempts.finish(PROVIDER, body.state)
        tokens_in = await provider.exchange(body.code, attempt)
        claims = await provider.verify_id_token(tokens_in["id_token"], attempt.nonce)
        if "access_token" in tokens_in:
            claims = {**await provider.userinfo(tokens_in["access_token"]), **claims}
        groups = claims.get(settings.oidc_groups_claim) or ()
        identity = ProviderIdentity(
            str(claims.get("preferred_username") or claims["sub"]),
            claims.get("email"),
            claims.get("name"),
            tuple(groups) if isinstance(groups, list) else (),
        )
        return await complete_login(identity, settings, transactions, tokens, refresh)

    return api
