"""Provider logins with fakes: PKCE, and a login attempt that counts once and within its time."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from litemaas_auth.adapters.tokens import JwtTokens
from litemaas_auth.app.login import LoginResult, RolePolicy
from litemaas_auth.app.provider_login import finish_login, start_login
from litemaas_auth.domain.identities import ProviderIdentity
from litemaas_auth.domain.login_attempts import (
    LIFETIME,
    Attempt,
    LoginAttemptRefused,
    LoginNotBound,
    binding_hash,
    check_bound,
    check_finishable,
    code_challenge,
    new_attempt,
)
from litemaas_auth.domain.text import InvalidUser
from litemaas_contracts.identity import UserCreated
from litemaas_servicekit.errors import Unauthorized
from services.auth.tests.unit.fakes import FakeUsers

pytestmark = pytest.mark.unit
TOKENS = JwtTokens("unit-test-signing-key-0123456789abcdef", "litemaas", timedelta(minutes=5))
POLICY = RolePolicy(admin_groups=("litemaas-admins",), admin_readonly_groups=("auditors",))
CAROL = ProviderIdentity(
    "https://idp.example", "c-1", "Carol", "Carol@Example.com", "Carol C", ("litemaas-admins", "x")
)


def test_the_pkce_challenge_is_rfc_7636_s256() -> None:
    # RFC 7636, appendix B
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert code_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_every_attempt_has_its_own_unguessable_values() -> None:
    first, second = new_attempt("https://ui.example/cb"), new_attempt("https://ui.example/cb")
    assert len({first.state, second.state, first.nonce, second.nonce}) == 4
    assert first.code_verifier != second.code_verifier
    assert 43 <= len(first.code_verifier) <= 128
    assert set(first.code_verifier) <= set(string.ascii_letters + string.digits + "-._~")
    assert 10 <= len(first.state) <= 64  # what the table and the callback accept


def test_an_attempt_finishes_once_and_within_ten_minutes() -> None:
    now = datetime.now(UTC)
    check_finishable(now + LIFETIME, None, now)
    with pytest.raises(LoginAttemptRefused, match="already completed"):
        check_finishable(now + LIFETIME, now, now)
    with pytest.raises(LoginAttemptRefused, match="ten minutes"):
        check_finishable(now, None, now)


class FakeAttempts:
    """The login attempt store, in memory, with the domain's rules."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)
        self.rows: dict[str, tuple[str, Attempt, datetime, datetime | None]] = {}

    async def begin(self, provider: str, redirect_uri: str) -> Attempt:
        attempt = new_attempt(redirect_uri)
        self.rows[attempt.state] = (provider, attempt, self.now + LIFETIME, None)
        return attempt

    async def finish(self, provider: str, state: str, binding: str | None) -> Attempt:
        row = self.rows.get(state)
        if row is None or row[0] != provider:
            raise LoginAttemptRefused("unknown state")
        check_finishable(row[2], row[3], self.now)
        check_bound(binding_hash(row[1].binding), binding)
        self.rows[state] = (*row[:3], self.now)
        return row[1]


class FakeProvider:
    """Says who logs in; records which attempt each code came with."""

    def __init__(self, who: ProviderIdentity, refuse: bool = False) -> None:
        self.who, self.refuse = who, refuse
        self.asked: list[tuple[str, Attempt]] = []

    async def authorize_url(self, attempt: Attempt) -> str:
        query = urlencode(
            {
                "state": attempt.state,
                "nonce": attempt.nonce,
                "code_challenge": code_challenge(attempt.code_verifier),
            }
        )
        return f"https://idp.example/auth?{query}"

    async def identify(self, code: str, attempt: Attempt) -> ProviderIdentity:
        self.asked.append((code, attempt))
        if self.refuse:
            raise Unauthorized("the identity provider refused the authorization code")
        return self.who


class Flow:
    def __init__(self, who: ProviderIdentity = CAROL, refuse: bool = False) -> None:
        self.attempts, self.provider = FakeAttempts(), FakeProvider(who, refuse)
        self.users = FakeUsers()
        self.cookie: str | None = None

    async def start(self, name: str = "oidc") -> dict[str, str]:
        url, self.cookie = await start_login(
            name, self.provider, self.attempts, "https://ui.example/cb"
        )
        return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}

    async def finish(
        self, state: str, code: str = "the-code", name: str = "oidc", cookie: str | None = "same"
    ) -> LoginResult:
        return await finish_login(
            name,
            self.provider,
            self.attempts,
            code,
            state,
            self.cookie if cookie == "same" else cookie,
            transactions=self.users,
            tokens=TOKENS,
            policy=POLICY,
        )


async def test_a_login_goes_with_the_nonce_and_verifier_it_started_with() -> None:
    flow = Flow()
    sent = await flow.start()
    result = await flow.finish(sent["state"], code="code-1")
    [(code, attempt)] = flow.provider.asked
    assert code == "code-1" and attempt.nonce == sent["nonce"]
    assert code_challenge(attempt.code_verifier) == sent["code_challenge"]
    assert attempt.redirect_uri == "https://ui.example/cb"
    assert result.created
    assert (result.user.username, result.user.email) == ("carol", "carol@example.com")
    assert result.user.roles == ("admin", "user"), "litemaas-admins grants admin"
    [created] = flow.users.events
    assert isinstance(created, UserCreated) and created.roles == ("admin", "user")


async def test_a_replayed_state_is_refused_before_the_provider_is_asked() -> None:
    flow = Flow()
    sent = await flow.start()
    await flow.finish(sent["state"])
    with pytest.raises(LoginAttemptRefused, match="already completed"):
        await flow.finish(sent["state"])
    assert len(flow.provider.asked) == 1 and len(flow.users.events) == 1


@pytest.mark.parametrize("tamper", ["unknown", "other-provider", "expired"])
async def test_a_state_that_is_not_a_live_attempt_creates_nothing(tamper: str) -> None:
    flow = Flow()
    sent = await flow.start("openshift" if tamper == "other-provider" else "oidc")
    state = sent["state"][:-1] + ("A" if sent["state"][-1] != "A" else "B")
    if tamper != "unknown":
        state = sent["state"]
    if tamper == "expired":
        flow.attempts.now += LIFETIME + timedelta(seconds=1)
    with pytest.raises(LoginAttemptRefused):
        await flow.finish(state)
    assert flow.provider.asked == [] and flow.users.users == {} and flow.users.events == []


async def test_a_refused_code_creates_nothing_and_spends_the_attempt() -> None:
    flow = Flow(refuse=True)
    sent = await flow.start()
    with pytest.raises(Unauthorized):
        await flow.finish(sent["state"])
    with pytest.raises(LoginAttemptRefused):
        await flow.finish(sent["state"])
    assert flow.users.users == {} and flow.users.events == []


async def test_a_username_litemaas_cannot_hold_is_refused() -> None:
    flow = Flow(ProviderIdentity("https://idp.example", "s", "not a username!", None, None))
    sent = await flow.start()
    with pytest.raises(InvalidUser):
        await flow.finish(sent["state"])
    assert flow.users.events == []


@pytest.mark.parametrize("cookie", [None, "", "a-cookie-from-another-browser"])
async def test_a_state_without_its_browsers_cookie_is_refused_and_stays_usable(
    cookie: str | None,
) -> None:
    flow = Flow()
    sent = await flow.start()
    with pytest.raises(LoginNotBound, match="another browser"):
        await flow.finish(sent["state"], cookie=cookie)
    assert flow.provider.asked == [] and flow.users.events == []
    result = await flow.finish(sent["state"])  # the true browser still finishes its login
    assert result.created


def test_the_binding_is_kept_only_as_its_hash() -> None:
    attempt = new_attempt("https://ui.example/cb")
    assert len(attempt.binding) >= 43 and binding_hash(attempt.binding) != attempt.binding
    check_bound(binding_hash(attempt.binding), attempt.binding)
    with pytest.raises(LoginNotBound):
        check_bound(None, attempt.binding)  # an attempt from before bindings: start again
