"""Auth verifies its own tokens locally (other services fetch its JWKS)."""

from __future__ import annotations

from litemaas_auth.adapters.tokens import InvalidToken, JwtTokens
from litemaas_servicekit.errors import Unauthorized
from litemaas_servicekit.security import Principal


class LocalVerifier:
    def __init__(self, tokens: JwtTokens) -> None:
        self.tokens = tokens

    async def verify(self, token: str) -> Principal:
        try:
            claims = self.tokens.verify(token)
        except InvalidToken as exc:
            raise Unauthorized(f"the access token is not valid: {exc}") from exc
        return Principal(
            claims["sub"], claims.get("preferred_username", ""), frozenset(claims.get("roles", ()))
        )
