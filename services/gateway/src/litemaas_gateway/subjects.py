"""Whose request this is, for the per-user rate limit: the subject of a validly signed access
token, or None. Only the signature and expiry are checked here (no Redis, no database): the
service behind still verifies the token fully and decides about access; this only decides whose
allowance the request counts against. A verified token is remembered until it expires, so a
busy caller's signature is checked once, not once a request."""

from __future__ import annotations

import time

from litemaas_servicekit.security import Verifier

MAX_REMEMBERED = 10_000


class Subjects:
    def __init__(self, verifier: Verifier) -> None:
        self.verifier = verifier
        self._known: dict[bytes, tuple[str, float]] = {}

    async def of(self, authorization: bytes | None) -> str | None:
        if not authorization or authorization[:7].lower() != b"bearer ":
            return None
        token = authorization[7:].strip()
        known = self._known.get(token)
        now = time.time()
        if known is not None and known[1] > now:
            return known[0]
        try:
            principal = await self.verifier.verify(token.decode("ascii"))
        except Exception:  # any refusal (forged, expired, garbage, issuer away): no user
            return None
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()  # simple and bounded; the next calls verify once again
        self._known[token] = (principal.user_id, float(principal.expires_at or now + 60))
        return principal.user_id
