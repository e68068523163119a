"""The public keys that verify LiteMaaS access tokens (every service fetches them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from litemaas_auth.adapters.tokens import JwtTokens

JWKS_PATH = "/api/v1/auth/.well-known/jwks.json"


def router(tokens: JwtTokens) -> APIRouter:
    api = APIRouter(tags=["auth"])

    @api.get(JWKS_PATH, summary="JSON Web Key Set of the access-token signing key")
    async def jwks() -> dict[str, Any]:
        return tokens.jwks()

    return api
