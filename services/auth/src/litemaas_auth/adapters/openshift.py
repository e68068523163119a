"""OpenShift's OAuth server and user API (OAuth 2.0, not OIDC: no ID token, no userinfo).

Discovery is RFC 8414 metadata at ``<api>/.well-known/oauth-authorization-server``; who the
user is comes from ``<api>/apis/user.openshift.io/v1/users/~`` with the access token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx

from litemaas_auth.domain.identities import ProviderIdentity
from litemaas_auth.domain.login_attempts import Attempt, code_challenge
from litemaas_servicekit.errors import Unauthorized, Unavailable


class OpenShiftOAuth:
    def __init__(
        self, api_url: str, client_id: str, client_secret: str, scopes: str, http: httpx.AsyncClient
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.scopes = scopes
        self.http = http
        self._metadata: dict[str, Any] | None = None

    async def _get(self, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self.http.get(url, **kwargs)
        except httpx.TransportError as exc:
            raise Unavailable("OpenShift cannot be reached; try again shortly") from exc

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None:
            response = await self._get(f"{self.api_url}/.well-known/oauth-authorization-server")
            if response.status_code != 200:
                raise Unavailable(f"OpenShift's OAuth metadata answered {response.status_code}")
            self._metadata = response.json()
        return self._metadata

    async def authorize_url(self, attempt: Attempt) -> str:
        query = urlencode(
            {
                "client_id": self.client_id,
                "response_type": "code",
                "scope": self.scopes,
                "redirect_uri": attempt.redirect_uri,
                "state": attempt.state,
                "code_challenge": code_challenge(attempt.code_verifier),
                "code_challenge_method": "S256",
            }
        )
        return f"{(await self.metadata())['authorization_endpoint']}?{query}"

    async def exchange(self, code: str, attempt: Attempt) -> str:
        """The authorization code → an OpenShift access token (kept in memory only)."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": attempt.redirect_uri,
            "code_verifier": attempt.code_verifier,
        }
        try:
            response = await self.http.post(
                (await self.metadata())["token_endpoint"],
                data=form,
                auth=(self.client_id, self.client_secret),
            )
        except httpx.TransportError as exc:
            raise Unavailable("OpenShift cannot be reached; try again shortly") from exc
        if response.status_code != 200:
            raise Unauthorized("OpenShift refused the authorization code")
        token = response.json().get("access_token")
        if not token:
            raise Unauthorized("OpenShift returned no access token")
        return str(token)

    async def identify(self, code: str, attempt: Attempt) -> ProviderIdentity:
        return await self.user(await self.exchange(code, attempt))

    async def user(self, access_token: str) -> ProviderIdentity:
        response = await self._get(
            f"{self.api_url}/apis/user.openshift.io/v1/users/~",
            headers={"Authorization": f"Bearer {access_token}"},
        )
        if response.status_code != 200:
            raise Unauthorized(f"OpenShift's user API answered {response.status_code}")
        body = response.json()
        metadata = body.get("metadata") or {}
        uid, name = metadata.get("uid"), metadata.get("name")
        if not isinstance(uid, str) or not uid or not isinstance(name, str):
            raise Unauthorized("OpenShift's user API named no user (metadata.uid, metadata.name)")
        # the uid stays with the person; a name can be deleted and created again for another
        return ProviderIdentity(
            self.api_url, uid, name, None, body.get("fullName"), tuple(body.get("groups") or ())
        )
