"""Any OpenID Connect provider: discovery, authorization code with PKCE, ID token checks.

The ID token's signature is checked against the provider's JWKS, and its issuer, audience
(our client id), expiry and nonce (the one this login attempt sent) must all match.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from litemaas_auth.adapters.login_attempts import Attempt, code_challenge
from litemaas_auth.domain.users import ProviderIdentity
from litemaas_servicekit.errors import Unauthorized, Unavailable


class OidcProvider:
    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: str,
        scopes: str,
        http: httpx.AsyncClient,
        groups_claim: str = "groups",
    ) -> None:
        self.issuer = issuer
        self.groups_claim = groups_claim
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = scopes
        self.http = http
        self._discovery: dict[str, Any] | None = None

    async def _json(self, method: str, url: str, **kwargs: Any) -> tuple[int, Any]:
        try:
            response = await self.http.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise Unavailable("the identity provider cannot be reached; try again") from exc
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

    async def discovery(self) -> dict[str, Any]:
        if self._discovery is None:
            url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
            status, body = await self._json("GET", url)
            if status != 200 or not isinstance(body, dict):
                raise Unavailable(f"the identity provider's discovery answered {status}")
            self._discovery = body
        return self._discovery

    async def authorize_url(self, attempt: Attempt) -> str:
        query = urlencode(
            {
                "client_id": self.client_id,
                "response_type": "code",
                "scope": self.scopes,
                "redirect_uri": attempt.redirect_uri,
                "state": attempt.state,
                "nonce": attempt.nonce,
                "code_challenge": code_challenge(attempt.code_verifier),
                "code_challenge_method": "S256",
            }
        )
        return f"{(await self.discovery())['authorization_endpoint']}?{query}"

    async def exchange(self, code: str, attempt: Attempt) -> dict[str, Any]:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": attempt.redirect_uri,
            "code_verifier": attempt.code_verifier,
        }
        status, body = await self._json(
            "POST",
            (await self.discovery())["token_endpoint"],
            data=form,
            auth=(self.client_id, self.client_secret),
        )
        if status != 200 or not isinstance(body, dict) or "id_token" not in body:
            raise Unauthorized("the identity provider refused the authorization code")
        return body

    async def verify_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        meta = await self.discovery()
        status, jwks = await self._json("GET", meta["jwks_uri"])
        if status != 200:
            raise Unavailable("the identity provider's keys cannot be fetched")
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
            keys = {k.key_id: k for k in jwt.PyJWKSet.from_dict(jwks).keys}
            key = keys[kid] if kid in keys else next(iter(keys.values()))
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=[key.algorithm_name or "RS256"],
                audience=self.client_id,
                issuer=meta["issuer"],
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except (jwt.PyJWTError, StopIteration) as exc:
            raise Unauthorized(f"the ID token is not valid: {exc}") from exc
        if claims.get("nonce") != nonce:
            raise Unauthorized("the ID token's nonce does not match this login")
        return claims

    async def userinfo(self, access_token: str) -> dict[str, Any]:
        endpoint = (await self.discovery()).get("userinfo_endpoint")
        if not endpoint:
            return {}
        status, body = await self._json(
            "GET", endpoint, headers={"Authorization": f"Bearer {access_token}"}
        )
        return body if status == 200 and isinstance(body, dict) else {}

    async def identify(self, code: str, attempt: Attempt) -> ProviderIdentity:
        """Code → tokens → a verified ID token, completed by userinfo; who it is."""
        tokens = await self.exchange(code, attempt)
        claims = await self.verify_id_token(tokens["id_token"], attempt.nonce)
        if "access_token" in tokens:
            claims = {**await self.userinfo(tokens["access_token"]), **claims}
        groups = claims.get(self.groups_claim)
        return ProviderIdentity(
            str(claims.get("preferred_username") or claims["sub"]),
            claims.get("email"),
            claims.get("name"),
            tuple(groups) if isinstance(groups, list) else (),
        )
