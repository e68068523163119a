"""Any OpenID Connect provider: discovery, authorization code with PKCE, ID token checks.

The discovery document must name the configured issuer. The ID token's signature is checked
against the provider's JWKS, and its issuer, audience (our client id, and ``azp`` when there
are several), expiry and nonce (the one this login attempt sent) must all match. Claims the ID
token lacks come from the userinfo endpoint, whose answer must be about the same subject.
Neither the code nor any token or secret goes into an error message or a log line.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from litemaas_auth.domain.identities import ProviderIdentity
from litemaas_auth.domain.login_attempts import Attempt, code_challenge
from litemaas_servicekit.errors import Unauthorized, Unavailable

#: clock difference tolerated between the provider and this service
LEEWAY_SECONDS = 30
REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _verified_email(claims: dict[str, Any]) -> str | None:
    """The email, only when the provider says it verified it: an unverified address is
    anyone's claim."""
    verified = claims.get("email_verified")
    return _text(claims.get("email")) if verified is True or verified == "true" else None


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
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = scopes
        self.http = http
        self.groups_claim = groups_claim
        self._discovery: dict[str, Any] | None = None
        self._keys: dict[str | None, jwt.PyJWK] = {}

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
                raise Unavailable(f"the identity provider's discovery document answered {status}")
            if not all(isinstance(body.get(k), str) for k in REQUIRED_METADATA):
                raise Unavailable("the identity provider's discovery document is incomplete")
            if body["issuer"].rstrip("/") != self.issuer.rstrip("/"):
                raise Unavailable(
                    f"the identity provider calls itself {body['issuer']!r}, not"
                    f" {self.issuer!r} (AUTH_OIDC_ISSUER)"
                )
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
        if status >= 500:
            raise Unavailable(f"the identity provider's token endpoint failed ({status})")
        if status != 200 or not isinstance(body, dict) or not _text(body.get("id_token")):
            raise Unauthorized("the identity provider refused the authorization code")
        return body

    async def _signing_key(self, kid: str | None) -> jwt.PyJWK | None:
        """The provider's key ``kid`` (its only key when the token names none); the JWKS is
        fetched again for a key not seen yet, so a rotated key is found."""
        if kid not in self._keys:
            status, jwks = await self._json("GET", (await self.discovery())["jwks_uri"])
            if status != 200 or not isinstance(jwks, dict):
                raise Unavailable(f"the identity provider's keys cannot be fetched ({status})")
            try:
                keys = jwt.PyJWKSet.from_dict(jwks).keys
            except jwt.PyJWTError as exc:
                raise Unavailable("the identity provider publishes no usable keys") from exc
            self._keys = {k.key_id: k for k in keys}
            if len(keys) == 1:
                self._keys.setdefault(None, keys[0])
        return self._keys.get(kid)

    async def verify_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        issuer = (await self.discovery())["issuer"]
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
            key = await self._signing_key(kid if isinstance(kid, str) else None)
            if key is None:
                raise Unauthorized(
                    "the ID token is signed with a key the provider does not publish"
                )
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=[key.algorithm_name],
                audience=self.client_id,
                issuer=issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"the ID token is not valid: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if claims.get("azp", self.client_id if len(audiences) == 1 else None) != self.client_id:
            raise Unauthorized("the ID token was issued to another client (azp)")
        if claims.get("nonce") != nonce:
            raise Unauthorized("the ID token was not issued for this login (nonce)")
        return claims

    async def userinfo(self, access_token: str, subject: str) -> dict[str, Any]:
        endpoint = (await self.discovery()).get("userinfo_endpoint")
        if not isinstance(endpoint, str):
            return {}
        status, body = await self._json(
            "GET", endpoint, headers={"Authorization": f"Bearer {access_token}"}
        )
        if status >= 500:
            raise Unavailable(f"the identity provider's userinfo endpoint failed ({status})")
        if status != 200 or not isinstance(body, dict):
            raise Unauthorized(f"the identity provider's userinfo endpoint answered {status}")
        if body.get("sub") != subject:
            raise Unauthorized("the userinfo answer is about someone else than the ID token")
        return body

    async def identify(self, code: str, attempt: Attempt) -> ProviderIdentity:
        """Code → tokens → a verified ID token, completed by userinfo; who it is."""
        tokens = await self.exchange(code, attempt)
        claims = await self.verify_id_token(tokens["id_token"], attempt.nonce)
        wanted = ("preferred_username", "email", "email_verified", "name", self.groups_claim)
        access_token = _text(tokens.get("access_token"))
        if access_token and any(claim not in claims for claim in wanted):
            claims = {**await self.userinfo(access_token, claims["sub"]), **claims}
        groups = claims.get(self.groups_claim)
        if isinstance(groups, str):
            groups = [groups]
        return ProviderIdentity(
            issuer=str(claims["iss"]),
            subject=str(claims["sub"]),
            username=_text(claims.get("preferred_username")) or str(claims["sub"]),
            email=_verified_email(claims),
            full_name=_text(claims.get("name")),
            groups=tuple(g for g in groups if isinstance(g, str))
            if isinstance(groups, list)
            else (),
        )
