"""Logging in, with a fake unit of work: who gets created, with which roles and events."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from litemaas_auth.adapters.tokens import InvalidToken, JwtTokens
from litemaas_auth.app.login import Identity, log_in
from litemaas_auth.domain.users import AccountDisabled, InvalidUser, User, normalize_username
from litemaas_contracts.identity import UserCreated, UserUpdated
from services.auth.tests.unit.fakes import FakeUsers

pytestmark = pytest.mark.unit
TOKENS = JwtTokens("unit-test-signing-key-0123456789abcdef", "litemaas", timedelta(minutes=5))


async def _login(
    store: FakeUsers, username: str, email: str | None = None, admins: tuple[str, ...] = ()
) -> object:
    return await log_in(
        Identity(username, email, None), transactions=store, tokens=TOKENS, initial_admins=admins
    )


async def test_first_login_creates_the_user_and_records_user_created() -> None:
    store = FakeUsers()
    result = await _login(store, "alice", "alice@example.com")
    assert result.created
    [event] = store.events
    assert isinstance(event, UserCreated)
    assert (event.user_id, event.username, event.email) == (
        result.user.id,
        "alice",
        "alice@example.com",
    )
    claims = TOKENS.verify(result.access_token)
    assert claims["sub"] == result.user.id and claims["roles"] == ["user"]


async def test_second_login_records_nothing_unless_the_profile_changed() -> None:
    store = FakeUsers()
    first = await _login(store, "bob", "bob@example.com")
    again = await _login(store, "bob", "bob@example.com")
    assert not again.created and again.user.id == first.user.id
    assert len(store.events) == 1
    await _login(store, "bob", "robert@example.com")
    assert isinstance(store.events[-1], UserUpdated)
    assert store.events[-1].email == "robert@example.com"


async def test_initial_admins_get_the_admin_role() -> None:
    store = FakeUsers()
    result = await _login(store, "root", admins=("root",))
    assert set(result.user.roles) == {"admin", "user"}


async def test_a_deactivated_user_cannot_log_in() -> None:
    store = FakeUsers()
    result = await _login(store, "carol")
    store.users["carol"] = replace(result.user, active=False)
    with pytest.raises(AccountDisabled):
        await _login(store, "carol")


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
