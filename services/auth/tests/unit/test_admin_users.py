"""Admins govern users: every change is locked, recorded, and ends old tokens at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from litemaas_auth.app import admin_users as uc
from litemaas_auth.domain.users import User
from litemaas_contracts.identity import UserDeactivated, UserReactivated, UserUpdated
from litemaas_servicekit.errors import Conflict, Forbidden, Unavailable
from litemaas_servicekit.security import Principal
from services.auth.tests.unit.fakes import FakeUsers

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)
ADMIN = Principal("u-admin", "root", frozenset({"admin", "user"}))


def _store(*, granted: tuple[str, ...] = ("user",)) -> FakeUsers:
    store = FakeUsers()
    store.users["u-1"] = User("u-1", "alice", None, None, (), True, NOW, NOW, granted)  # type: ignore[arg-type]
    return store


async def test_deactivation_records_the_event_and_moves_the_epoch_before_commit() -> None:
    store = _store()
    user = await uc.deactivate_user(store, ADMIN, "u-1", "left the company")
    assert not user.active and user.token_epoch == 1 and store.epochs == {"u-1": 1}
    [event] = store.events
    assert isinstance(event, UserDeactivated) and event.reason == "left the company"
    assert store.locked == ["u-1"], "read FOR UPDATE"
    again = await uc.deactivate_user(store, ADMIN, "u-1", "twice")
    assert again.token_epoch == 1 and len(store.events) == 1, "idempotent"


async def test_reactivation_lets_the_user_back_and_keeps_old_tokens_ended() -> None:
    store = _store()
    await uc.deactivate_user(store, ADMIN, "u-1", "")
    user = await uc.reactivate_user(store, ADMIN, "u-1", "came back")
    assert user.active and user.token_epoch == 2 and store.epochs["u-1"] == 2
    event = store.events[-1]
    assert isinstance(event, UserReactivated)
    assert (event.reason, event.reactivated_by) == ("came back", "u-admin")


async def test_nothing_changes_when_redis_cannot_take_the_new_epoch() -> None:
    store = _store()
    store.redis_down = True
    with pytest.raises(Unavailable):
        await uc.deactivate_user(store, ADMIN, "u-1", "")
    assert store.users["u-1"].active and store.events == [] and store.epochs == {}


async def test_removing_a_role_by_hand_ends_the_users_tokens() -> None:
    store = _store()
    granted = await uc.set_roles(store, ADMIN, "u-1", ("admin",))
    assert granted.roles == ("admin", "user") and granted.token_epoch == 1
    removed = await uc.set_roles(store, ADMIN, "u-1", ("user",))
    assert removed.roles == ("user",) and removed.token_epoch == 2
    assert store.epochs["u-1"] == 2 and isinstance(store.events[-1], UserUpdated)


async def test_roles_from_groups_are_not_the_admins_to_take() -> None:
    store = _store(granted=("admin", "user"))
    user = await uc.set_roles(store, ADMIN, "u-1", ("admin-readonly",))
    assert user.admin_roles == ("admin-readonly", "user")
    assert user.roles == ("admin", "admin-readonly", "user"), "the group's admin stays"


async def test_only_admins_govern_and_not_themselves() -> None:
    store = _store()
    reader = Principal("u-2", "rory", frozenset({"admin-readonly", "user"}))
    with pytest.raises(Forbidden):
        await uc.reactivate_user(store, reader, "u-1", "")
    with pytest.raises(Conflict):
        await uc.deactivate_user(store, ADMIN, ADMIN.user_id, "")
