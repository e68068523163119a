"""The OIDC adapter against a provider held in memory (httpx.MockTransport): what it sends,
and every ID token it must refuse."""

from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from litemaas_auth.adapters.oidc import OidcProvider
from litemaas_auth.domain.login_attempts import code_challenge, new_attempt
from litemaas_servicekit.errors import Problem, Unauthorized, Unavailable

pytestmark = pytest.mark.unit
ISSUER, CLIENT, SECRET = "https://idp.example/realms/x", "litemaas", "client-secret-0123456789"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ATTEMPT = new_attempt("https://ui.example/cb")
CODE = "authorization-code-abc"


class FakeIdp:
    """Discovery, JWKS, token and userinfo endpoints; signs the ID token the test describes."""

    def __init__(self, **claims: Any) -> None:
        now = int(time.time())
        self.claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": CLIENT,
            "sub": "u-1",
            "iat": now,
            "exp": now + 300,
            "nonce": ATTEMPT.nonce,
            "preferred_username": "dana",
            "email": "dana@example.com",
            "email_verified": True,
            "name": "Dana D",
            "groups": ["litemaas-admins"],
            **claims,
        }
        self.userinfo: dict[str, Any] = {"sub": "u-1"}
        self.metadata_issuer, self.signing_key, self.token_status = ISSUER, KEY, 200
        self.down = False
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused")
        path = request.url.path.removeprefix("/realms/x")
        if path == "/.well-known/openid-configuration":
            return httpx.Response(200, json={"issuer": self.metadata_issuer, **{
                f"{n}_endpoint": f"{ISSUER}/{n}" for n in ("authorization", "token", "userinfo")
            }, "jwks_uri": f"{ISSUER}/keys"})  # fmt: skip
        if path == "/keys":
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True)
            return httpx.Response(200, json={"keys": [{**jwk, "kid": "k1", "alg": "RS256"}]})
        if path == "/token" and self.token_status != 200:
            return httpx.Response(self.token_status, json={"error": "invalid_grant"})
        if path == "/token":
            claims = {k: v for k, v in self.claims.items() if v is not None}
            token = jwt.encode(claims, self.signing_key, "RS256", headers={"kid": "k1"})
            return httpx.Response(200, json={"id_token": token, "access_token": "at-1"})
        if path == "/userinfo":
            return httpx.Response(200, json=self.userinfo)
        return httpx.Response(404)

    def paths(self) -> list[str]:
        return [r.url.path.rsplit("/", 1)[-1] for r in self.seen]


def oidc(idp: FakeIdp) -> OidcProvider:
    http = httpx.AsyncClient(transport=httpx.MockTransport(idp))
    return OidcProvider(ISSUER, CLIENT, SECRET, "openid email profile groups", http)


async def test_the_browser_goes_to_the_provider_with_state_nonce_and_s256_challenge() -> None:
    url = urlparse(await oidc(FakeIdp()).authorize_url(ATTEMPT))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}/authorization"
    assert {k: v[0] for k, v in parse_qs(url.query).items()} == {
        "client_id": CLIENT,
        "response_type": "code",
        "scope": "openid email profile groups",
        "redirect_uri": "https://ui.example/cb",
        "state": ATTEMPT.state,
        "nonce": ATTEMPT.nonce,
        "code_challenge": code_challenge(ATTEMPT.code_verifier),
        "code_challenge_method": "S256",
    }


async def test_a_good_id_token_says_who_it_is_without_asking_userinfo() -> None:
    idp = FakeIdp()
    who = await oidc(idp).identify(CODE, ATTEMPT)
    assert (who.username, who.email, who.full_name) == ("dana", "dana@example.com", "Dana D")
    assert who.groups == ("litemaas-admins",)
    assert (who.issuer, who.subject) == (ISSUER, "u-1"), "the identity: issuer and subject"
    [token_request] = [r for r in idp.seen if r.url.path.endswith("/token")]
    form = parse_qs(token_request.content.decode())
    assert form["code"] == [CODE] and form["code_verifier"] == [ATTEMPT.code_verifier]
    assert form["redirect_uri"] == [ATTEMPT.redirect_uri]
    basic = base64.b64encode(f"{CLIENT}:{SECRET}".encode()).decode()
    assert token_request.headers["authorization"] == f"Basic {basic}"
    assert "userinfo" not in idp.paths()


async def test_what_the_id_token_lacks_comes_from_userinfo() -> None:
    idp = FakeIdp(preferred_username=None, email=None, email_verified=None, name=None, groups=None)
    idp.userinfo |= {
        "preferred_username": "dana",
        "email": "d@example.com",
        "email_verified": True,
        "groups": ["ops"],
    }
    who = await oidc(idp).identify(CODE, ATTEMPT)
    assert (who.username, who.email, who.full_name, who.groups) == (
        "dana",
        "d@example.com",
        None,
        ("ops",),
    )


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"nonce": "another-login"}, "nonce"),
        ({"nonce": None}, "nonce"),
        ({"aud": "someone-else"}, "audience"),
        ({"aud": [CLIENT, "someone-else"]}, "azp"),
        ({"azp": "someone-else"}, "azp"),
        ({"iss": "https://evil.example"}, "issuer"),
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"sub": None}, "sub"),
    ],
)
async def test_an_id_token_not_meant_for_this_login_is_refused(
    claims: dict[str, Any], why: str
) -> None:
    with pytest.raises(Unauthorized, match=f"(?i){why}") as refused:
        await oidc(FakeIdp(**claims)).identify(CODE, ATTEMPT)
    assert CODE not in refused.value.detail and SECRET not in refused.value.detail


async def test_an_id_token_signed_by_another_key_is_refused() -> None:
    idp = FakeIdp()
    idp.signing_key = OTHER_KEY
    with pytest.raises(Unauthorized, match=r"(?i)signature"):
        await oidc(idp).identify(CODE, ATTEMPT)


async def test_userinfo_about_someone_else_is_refused() -> None:
    idp = FakeIdp(groups=None)
    idp.userinfo = {"sub": "u-2", "groups": ["litemaas-admins"]}
    with pytest.raises(Unauthorized, match="someone else"):
        await oidc(idp).identify(CODE, ATTEMPT)


def _down(idp: FakeIdp) -> None:
    idp.down = True


def _refuses_code(idp: FakeIdp) -> None:
    idp.token_status = 400


def _token_endpoint_fails(idp: FakeIdp) -> None:
    idp.token_status = 502


def _another_issuer(idp: FakeIdp) -> None:
    idp.metadata_issuer = "https://other.example"


@pytest.mark.parametrize(
    ("breakage", "problem", "why"),
    [
        (_down, Unavailable, "cannot be reached"),
        (_refuses_code, Unauthorized, "refused the authorization code"),
        (_token_endpoint_fails, Unavailable, "token endpoint failed"),
        (_another_issuer, Unavailable, "calls itself"),
    ],
)
async def test_a_provider_that_fails_or_refuses_is_a_clear_problem(
    breakage: Any, problem: type[Problem], why: str
) -> None:
    idp = FakeIdp()
    breakage(idp)
    with pytest.raises(problem, match=why) as failed:
        await oidc(idp).identify(CODE, ATTEMPT)
    assert CODE not in failed.value.detail and SECRET not in failed.value.detail


@pytest.mark.parametrize("verified", [False, None, "false"])
async def test_an_email_the_provider_did_not_verify_is_not_taken(verified: object) -> None:
    idp = FakeIdp(email_verified=verified)
    idp.userinfo |= {"email": "dana@example.com", "email_verified": verified}
    who = await oidc(idp).identify(CODE, ATTEMPT)
    assert who.email is None and who.username == "dana"
