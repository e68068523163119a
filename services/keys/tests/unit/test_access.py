"""Use cases around access: deactivation blocks keys, reactivation lifts exactly those blocks,
a deactivated user creates nothing, and a member who leaves a team loses its keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from litemaas_contracts.identity import (
    TeamMemberAdded,
    TeamMemberRemoved,
    UserDeactivated,
    UserReactivated,
)
from litemaas_contracts.keys import (
    ApiKeyBlocked,
    ApiKeyCustodyChanged,
    ApiKeyRevoked,
    ApiKeyUnblocked,
    KeyLimits,
)
from litemaas_keys.app import keys as uc
from litemaas_keys.app.access import apply_user_status
from litemaas_keys.app.entitlements import apply_team_event
from litemaas_keys.domain.keys import Policy
from litemaas_servicekit.errors import Forbidden, NotFound
from litemaas_servicekit.sealing import Sealer
from litemaas_servicekit.security import USER, Principal
from services.keys.tests.unit.fakes import Store, transactions

pytestmark = pytest.mark.unit
T0 = datetime.now(UTC)
SEALER = Sealer("provisioning-secret-shared-by-keys-and-sync")
ANN, BOB = Principal("ann", "ann", frozenset({USER})), Principal("bob", "bob", frozenset({USER}))


def _off(user: str, at: datetime) -> UserDeactivated:
    return UserDeactivated(user_id=user, deactivated_at=at)


def _on(user: str, at: datetime) -> UserReactivated:
    return UserReactivated(user_id=user, reactivated_by="admin", reactivated_at=at)


async def _joined(store: Store, user: str, role: str, team: str = "t1") -> None:
    await apply_team_event(
        store,
        TeamMemberAdded(team_id=team, user_id=user, role=role, added_by="x", added_at=T0),  # type: ignore[arg-type]
    )


async def _key(store: Store, who: Principal, team: str | None = None) -> uc.Minted:
    store.entitlements[(who.user_id, "gpt")] = "active"
    tx = transactions(store)
    return await uc.create_key(tx, SEALER, Policy(), who, "k", ("gpt",), KeyLimits(), None, team)


async def test_deactivation_blocks_every_key_the_user_answers_for_and_only_those() -> None:
    store = Store()
    await _joined(store, "ann", "admin")
    personal, team_key = (await _key(store, ANN)).key, (await _key(store, ANN, "t1")).key
    others = (await _key(store, BOB)).key
    await apply_user_status(store, _off("ann", T0))
    blocked = {e.key_id for e in store.of(ApiKeyBlocked)}
    assert blocked == {personal.id, team_key.id}
    assert store.saved[others.id].blocked is None
    assert "user ann exclusive" in store.locks
    await apply_user_status(store, _off("ann", T0))  # replayed: nothing more
    assert len(store.of(ApiKeyBlocked)) == 2


async def test_reactivation_lifts_the_deactivations_blocks_and_leaves_other_blocks() -> None:
    store = Store()
    first, second = (await _key(store, ANN)).key, (await _key(store, ANN)).key
    store.saved[second.id] = replace(second, blocked="admin")  # blocked for another cause
    await apply_user_status(store, _off("ann", T0))
    await apply_user_status(store, _on("ann", T0 + timedelta(seconds=1)))
    assert [e.key_id for e in store.of(ApiKeyUnblocked)] == [first.id]
    assert store.saved[first.id].blocked is None and store.saved[second.id].blocked == "admin"
    await apply_user_status(store, _off("ann", T0))  # an old deactivation arrives late
    assert len(store.of(ApiKeyBlocked)) == 1 and not await store.deactivated("ann")


async def test_a_deactivated_user_creates_and_rotates_nothing_even_with_a_valid_token() -> None:
    store = Store()
    key = (await _key(store, ANN)).key
    await apply_user_status(store, _off("ann", T0))
    before = len(store.events)
    with pytest.raises(Forbidden, match="deactivated"):
        await _key(store, ANN)
    with pytest.raises(Forbidden, match="deactivated"):
        await uc.rotate_key(transactions(store), SEALER, ANN, key.id, timedelta(0))
    assert len(store.events) == before


async def test_key_creation_holds_the_user_and_the_entitlements_it_decides_on() -> None:
    store = Store()
    await _key(store, ANN)
    assert store.locks[:2] == ["user ann shared", "entitlements ann share"]


@pytest.mark.parametrize(("setting", "decision"), [("keep", "kept"), ("revoke", "revoked")])
async def test_a_removed_creator_loses_the_team_key_and_the_team_setting_decides(
    setting: str, decision: str
) -> None:
    store = Store()
    await _joined(store, "ann", "admin")
    await _joined(store, "bob", "owner")
    key = (await _key(store, ANN, "t1")).key
    removed = TeamMemberRemoved(
        team_id="t1",
        user_id="ann",
        member_keys=setting,  # type: ignore[arg-type]
        removed_by="bob",
        removed_at=T0,
    )
    await apply_team_event(store, removed)
    await apply_team_event(store, removed)  # redelivered: one decision only
    custody = store.of(ApiKeyCustodyChanged)
    assert [(c.former_custodian, c.decision) for c in custody] == [("ann", decision)]  # type: ignore[attr-defined]
    assert len(store.of(ApiKeyRevoked)) == (setting == "revoke")
    tx = transactions(store)
    with pytest.raises(NotFound):
        await uc.rotate_key(tx, SEALER, ANN, key.id, timedelta(0))
    with pytest.raises(NotFound):
        await uc.revoke_key(tx, ANN, key.id, "mine")
    assert (await uc.list_keys(tx, ANN, None, 1, 20))[1] == 0
    assert (await uc.list_keys(tx, BOB, None, 1, 20, "t1"))[0] == [store.saved[key.id]]
    assert (await uc.list_keys(tx, BOB, None, 1, 20, "elsewhere"))[1] == 0
    if setting == "keep":  # the team's owner, who did not make it, manages it
        assert (await uc.rotate_key(tx, SEALER, BOB, key.id, timedelta(0))).key.team_id == "t1"
        await apply_user_status(store, _off("ann", T0))
        assert store.of(ApiKeyBlocked) == [], "the team's key is not hers to lose"
