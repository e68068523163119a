"""Auth verifies its own tokens locally (other services fetch its JWKS)."""

from __future__ import annotations

from litemaas_auth.adapters.tokens import InvalidToken, JwtTokens
from litemaas_servicekit.errors import Unauthorized
from litemaas_servicekit.security import Principal, RedisRevocations


class LocalVerifier:
    def __init__(self, tokens: JwtTokens, revocations: RedisRevocations | None = None) -> None:
        self.tokens = tokens
        self.revocations = revocations

    async def verify(self, token: str) -> Principal:
        try:
            claims = self.tokens.verify(token)
        except InvalidToken as exc:
            raise Unauthorized(f"the access token is not valid: {exc}") from exc
        principal = Principal.of(claims)
        if self.revocations is not None:
            await self.revocations.check(principal)
        return principal
