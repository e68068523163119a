"""Access tokens: auth signs them; any service verifies them with auth's published keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from litemaas_auth.adapters.tokens import JwtTokens
from litemaas_auth.domain.users import User
from litemaas_servicekit.errors import Forbidden, Unauthorized, Unavailable
from litemaas_servicekit.security import TokenVerifier
from litemaas_servicekit.settings import ServiceSettings

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)
ALICE = User("u-1", "alice", "alice@example.com", None, ("user",), True, NOW, NOW)


def _verifier(tokens: JwtTokens) -> TokenVerifier:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=tokens.jwks()))
    return TokenVerifier("http://auth/jwks.json", "litemaas", transport=transport)


async def test_a_service_verifies_an_auth_token_and_enforces_roles() -> None:
    tokens = JwtTokens("a-long-random-signing-secret-for-tests", "litemaas", timedelta(minutes=5))
    token, _ = tokens.issue(ALICE)
    principal = await _verifier(tokens).verify(token)
    assert (principal.user_id, principal.username) == ("u-1", "alice")
    assert principal.roles == {"user"}
    with pytest.raises(Forbidden):
        principal.require("admin")


async def test_a_token_from_another_key_or_issuer_is_refused() -> None:
    ours = JwtTokens("a-long-random-signing-secret-for-tests", "litemaas", timedelta(minutes=5))
    theirs = JwtTokens("somebody-elses-signing-secret-123456", "litemaas", timedelta(minutes=5))
    forged, _ = theirs.issue(ALICE)
    with pytest.raises(Unauthorized, match="unknown key"):
        await _verifier(ours).verify(forged)
    other_issuer = JwtTokens(ours.signing_key, "elsewhere", timedelta(minutes=5))
    with pytest.raises(Unauthorized, match="issuer"):
        await _verifier(ours).verify(other_issuer.issue(ALICE)[0])


async def test_an_expired_token_is_refused() -> None:
    tokens = JwtTokens("a-long-random-signing-secret-for-tests", "litemaas", timedelta(seconds=-1))
    with pytest.raises(Unauthorized, match="expired"):
        await _verifier(tokens).verify(tokens.issue(ALICE)[0])


def test_the_jwks_holds_only_the_public_key() -> None:
    tokens = JwtTokens("a-long-random-signing-secret-for-tests", "litemaas", timedelta(minutes=5))
    [key] = tokens.jwks()["keys"]
    assert set(key) == {"kty", "crv", "x", "kid", "alg", "use"}
    assert "d" not in key


async def test_tokens_naming_made_up_keys_do_not_make_each_request_fetch_the_keys() -> None:
    ours = JwtTokens("a-long-random-signing-secret-for-tests", "litemaas", timedelta(minutes=5))
    theirs = JwtTokens("somebody-elses-signing-secret-123456", "litemaas", timedelta(minutes=5))
    fetches: list[httpx.Request] = []

    def jwks(request: httpx.Request) -> httpx.Response:
        fetches.append(request)
        return httpx.Response(200, json=ours.jwks())

    verifier = TokenVerifier(
        "http://auth/jwks.json", "litemaas", transport=httpx.MockTransport(jwks)
    )
    await verifier.verify(ours.issue(ALICE)[0])
    forged, _ = theirs.issue(ALICE)
    for _ in range(20):
        with pytest.raises(Unauthorized, match="unknown key"):
            await verifier.verify(forged)
    assert len(fetches) == 1, "an unknown key id refetches at most once per refetch_seconds"
    verifier.refetch_seconds = 0  # a key rotated in: the next unknown id fetches again
    with pytest.raises(Unauthorized):
        await verifier.verify(forged)
    assert len(fetches) == 2


async def test_with_several_auth_instances_the_keys_come_from_one_that_answers() -> None:
    """The gateway is given every auth instance: a dead one, or one answering nonsense, is
    passed over; only when none answers is the caller told to come back (503, not 500)."""
    tokens = JwtTokens("a-long-random-signing-secret-for-tests", "litemaas", timedelta(minutes=5))
    token, _ = tokens.issue(ALICE)

    def instances(request: httpx.Request) -> httpx.Response:
        if request.url.host == "auth-1":
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.host == "auth-2":
            return httpx.Response(200, text="<html>a proxy's error page</html>")
        return httpx.Response(200, json=tokens.jwks())

    urls = [f"http://auth-{n}/jwks.json" for n in (1, 2, 3)]
    verifier = TokenVerifier(urls, "litemaas", transport=httpx.MockTransport(instances))
    assert (await verifier.verify(token)).user_id == "u-1"
    none = TokenVerifier(urls[:2], "litemaas", transport=httpx.MockTransport(instances))
    with pytest.raises(Unavailable):
        await none.verify(token)


def test_a_service_told_several_auth_urls_knows_each_key_set() -> None:
    settings = ServiceSettings(auth_url="http://a:1, http://b:2/")
    assert settings.jwks_urls == (
        "http://a:1/api/v1/auth/.well-known/jwks.json",
        "http://b:2/api/v1/auth/.well-known/jwks.json",
    )
