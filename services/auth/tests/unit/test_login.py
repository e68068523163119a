"""Logging in, with a fake unit of work: who gets created, linked, renamed, and with which roles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from litemaas_auth.adapters.tokens import InvalidToken, JwtTokens
from litemaas_auth.app.login import LoginResult, RolePolicy, log_in_as
from litemaas_auth.domain.identities import DEV_ISSUER, ProviderIdentity
from litemaas_auth.domain.text import InvalidUser, normalize_username
from litemaas_auth.domain.users import AccountDisabled, User
from litemaas_contracts.identity import UserCreated, UserUpdated
from litemaas_servicekit.errors import Unavailable
from services.auth.tests.unit.fakes import FakeUsers

pytestmark = pytest.mark.unit
TOKENS = JwtTokens("unit-test-signing-key-0123456789abcdef", "litemaas", timedelta(minutes=5))
IDP = "https://idp.example"
POLICY = RolePolicy(initial_admins=("root",), admin_groups=("ops",))


async def _login(
    store: FakeUsers,
    username: str,
    email: str | None = None,
    *,
    issuer: str = DEV_ISSUER,
    subject: str | None = None,
    groups: tuple[str, ...] = (),
    full_name: str | None = None,
) -> LoginResult:
    who = ProviderIdentity(issuer, subject or username, username, email, full_name, groups)
    return await log_in_as(who, transactions=store, tokens=TOKENS, policy=POLICY)


async def test_first_login_creates_the_user_links_the_identity_and_records_user_created() -> None:
    store = FakeUsers()
    result = await _login(store, "alice", "alice@example.com")
    assert result.created and result.notice is None
    [event] = store.events
    assert isinstance(event, UserCreated)
    assert (event.user_id, event.username, event.email) == (
        result.user.id,
        "alice",
        "alice@example.com",
    )
    assert store.identities == {(DEV_ISSUER, "alice"): result.user.id}
    claims = TOKENS.verify(result.access_token)
    assert claims["sub"] == result.user.id and claims["roles"] == ["user"]
    assert claims["epoch"] == 0


async def test_second_login_records_nothing_unless_the_profile_changed() -> None:
    store = FakeUsers()
    first = await _login(store, "bob", "bob@example.com")
    again = await _login(store, "bob", "bob@example.com")
    assert not again.created and again.user.id == first.user.id
    assert len(store.events) == 1
    await _login(store, "bob", "robert@example.com")
    assert isinstance(store.events[-1], UserUpdated)
    assert store.events[-1].email == "robert@example.com"
    assert store.locked, "the existing user is read FOR UPDATE"


async def test_a_taken_username_at_another_identity_makes_a_distinct_user_never_a_takeover() -> (
    None
):
    store = FakeUsers()
    root = await _login(store, "root")
    assert "admin" in root.user.roles
    impostor = await _login(store, "root", issuer=IDP, subject="sub-999")
    assert impostor.created and impostor.user.id != root.user.id
    assert impostor.user.username == "root-2" and impostor.user.roles == ("user",)
    assert impostor.notice and "'root'" in impostor.notice and "'root-2'" in impostor.notice
    again = await _login(store, "root", issuer=IDP, subject="sub-999")
    assert again.user.id == impostor.user.id, "the identity, not the name, finds the user"
    assert (await _login(store, "root")).user.id == root.user.id


async def test_a_user_from_before_identities_is_linked_by_its_first_login_only() -> None:
    store = FakeUsers()
    now = datetime.now(UTC)
    legacy = User("u-old", "carol", None, None, (), True, now, now, ("user",))
    store.users[legacy.id] = legacy
    first = await _login(store, "carol", issuer=IDP, subject="carol-sub")
    assert first.user.id == "u-old" and not first.created
    other = await _login(store, "carol", issuer="https://other.example", subject="x")
    assert other.user.id != "u-old" and other.user.username == "carol-2"


async def test_initial_admins_get_the_admin_role() -> None:
    store = FakeUsers()
    result = await _login(store, "root")
    assert set(result.user.roles) == {"admin", "user"}


async def test_a_deactivated_user_cannot_log_in() -> None:
    store = FakeUsers()
    result = await _login(store, "carol")
    store.users[result.user.id] = replace(result.user, active=False)
    with pytest.raises(AccountDisabled):
        await _login(store, "carol")


async def test_a_lost_group_takes_its_role_away_and_ends_earlier_tokens() -> None:
    store = FakeUsers()
    first = await _login(store, "olga", issuer=IDP, subject="o", groups=("ops",))
    assert first.user.roles == ("admin", "user") and first.user.token_epoch == 0
    later = await _login(store, "olga", issuer=IDP, subject="o", groups=())
    assert later.user.roles == ("user",)
    assert later.user.token_epoch == 1 and store.epochs[later.user.id] == 1
    assert TOKENS.verify(later.access_token)["epoch"] == 1
    same = await _login(store, "olga", issuer=IDP, subject="o", groups=())
    assert same.user.token_epoch == 1, "no change, no new epoch"


async def test_roles_an_admin_set_by_hand_stay_when_groups_change() -> None:
    store = FakeUsers()
    first = await _login(store, "pat", issuer=IDP, subject="p", groups=("ops",))
    store.users[first.user.id] = replace(store.users[first.user.id], admin_roles=("admin",))
    later = await _login(store, "pat", issuer=IDP, subject="p", groups=())
    assert "admin" in later.user.roles and later.user.granted_roles == ("user",)


async def test_a_role_change_at_login_fails_whole_when_redis_cannot_take_the_epoch() -> None:
    store = FakeUsers()
    first = await _login(store, "quinn", issuer=IDP, subject="q", groups=("ops",))
    store.redis_down = True
    with pytest.raises(Unavailable):
        await _login(store, "quinn", issuer=IDP, subject="q", groups=())
    assert store.users[first.user.id].roles == ("admin", "user"), "rolled back"
    assert len(store.events) == 1


async def test_a_login_catches_up_with_an_epoch_that_reached_redis_but_not_the_database() -> None:
    store = FakeUsers()
    first = await _login(store, "rene")
    store.epochs[first.user.id] = first.user.token_epoch + 1  # the commit after it failed
    later = await _login(store, "rene")
    claims = TOKENS.verify(later.access_token)
    assert claims["epoch"] == first.user.token_epoch + 1, "the new token is not refused"
    assert store.users[first.user.id].token_epoch == claims["epoch"], "the database caught up"


def test_a_token_signed_with_another_key_is_refused() -> None:
    store_user = User("u1", "dave", None, None, ("user",), True, None, None)  # type: ignore[arg-type]
    token, _ = JwtTokens(
        "another-key-entirely-0123456789abcdef", "litemaas", timedelta(minutes=5)
    ).issue(store_user)
    with pytest.raises(InvalidToken):
        TOKENS.verify(token)


@pytest.mark.parametrize("raw", ["", " ", "-leading-dash", "a" * 65, "has space", "UPPER!"])
def test_usernames_outside_the_rules_are_refused(raw: str) -> None:
    with pytest.raises(InvalidUser):
        normalize_username(raw)


def test_usernames_are_normalised_to_lower_case() -> None:
    assert normalize_username("  Alice.Smith ") == "alice.smith"


async def test_an_identity_without_a_usable_subject_is_refused() -> None:
    with pytest.raises(InvalidUser):
        await _login(FakeUsers(), "erin", issuer=IDP, subject="s" * 256)
