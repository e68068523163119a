"""Reconcile against fakes: drift settled by policy in one cycle, one conflict per difference,
and a converged state costs no write."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest

from litemaas_contracts.sync import ExternalChangeDetected, SyncConflict
from litemaas_sync.app.reconcile import reconcile
from litemaas_sync.domain.desired import Overlay
from litemaas_sync.domain.drift import Kind
from litemaas_sync.domain.policy import Policies
from services.sync.tests.unit.reconcile_fakes import T0, FakeLiteLLMState, FakeTx, MemoryDesired

pytestmark = pytest.mark.unit


async def _converged() -> tuple[MemoryDesired, FakeLiteLLMState]:
    desired, litellm = MemoryDesired(), FakeLiteLLMState()
    await desired.record("user", "u1", {"email": "a@x", "alias": "ann"}, event_id="e1", at=T0)
    await desired.record(
        "key", "h1", {"max_budget": "5", "models": ["m"], "blocked": True}, event_id="e2", at=T0
    )
    await desired.record("team", "t1", {"alias": "T", "member:u1": True}, event_id="e3", at=T0)
    litellm.put("user", "u1", T0, email="a@x", alias="ann", spend=3)
    litellm.put("key", "h1", T0, max_budget="5.0", models=["m"], blocked=True)
    litellm.put("team", "t1", T0, alias="T", **{"member:u1": True})
    return desired, litellm


async def _cycle(
    desired: MemoryDesired, litellm: FakeLiteLLMState, policies: Policies | None = None
) -> FakeTx:
    tx = FakeTx(desired)
    for kind in ("user", "team", "key"):
        await reconcile(kind, litellm, tx, policies or Policies())  # type: ignore[arg-type]
    return tx


async def test_a_converged_state_costs_no_write_and_no_conflict() -> None:
    desired, litellm = await _converged()
    tx = await _cycle(desired, litellm)
    assert litellm.writes == [] and tx.conflicts == []


async def test_drift_is_settled_in_one_cycle_with_one_conflict_each() -> None:
    desired, litellm = await _converged()
    litellm.objects[("key", "h1")] |= {"max_budget": "500", "blocked": False}
    litellm.objects[("team", "t1")]["member:u9"] = True
    litellm.put("key", "foreign", T0)
    litellm.put("user", "u1", T0 + timedelta(hours=1), email="a@x", alias="annie")
    tx = await _cycle(desired, litellm)
    settled = {(c.entity_id, c.field): c.decision for c in tx.conflicts}
    assert settled == {
        ("h1", "max_budget"): "pushed",
        ("h1", "blocked"): "pushed",
        ("t1", "member:u9"): "pushed",
        ("foreign", "*"): "reported",
        ("u1", "alias"): "adopted",
    }
    assert litellm.objects[("key", "h1")]["max_budget"] == "5"
    assert litellm.objects[("key", "h1")]["blocked"] is True
    assert "member:u9" not in litellm.objects[("team", "t1")]
    assert len(tx.audits) == len(tx.conflicts)
    adopted = [e for e in tx.published if isinstance(e, ExternalChangeDetected)]
    assert [(e.entity_id, e.field, e.value) for e in adopted] == [("u1", "alias", '"annie"')]
    litellm.writes.clear()
    again = await _cycle(desired, litellm)
    assert again.conflicts == [] and litellm.writes == []


async def test_a_key_made_in_litellm_is_announced_with_what_adopting_it_takes() -> None:
    desired, litellm = await _converged()
    litellm.put(
        "key",
        "made-there",
        T0,
        models=["m", "n"],
        max_budget="7.5",
        tpm_limit=60,
        team_id=None,
        expires="2031-01-01T00:00:00+00:00",
        user_id="u1",
        alias="scripted",
        display="sk-...abcd",
    )
    tx = await _cycle(desired, litellm, Policies(only_in_litellm="adopt"))
    assert [(c.entity_id, c.decision) for c in tx.conflicts] == [("made-there", "adopted")]
    [announced] = [e for e in tx.published if isinstance(e, ExternalChangeDetected)]
    facts = announced.key
    assert facts is not None and announced.value == '"present"'
    assert (facts.owner_user_id, facts.alias, facts.display) == ("u1", "scripted", "sk-...abcd")
    assert facts.models == ("m", "n") and str(facts.limits.max_budget) == "7.5"
    assert facts.limits.tpm_limit == 60 and facts.expires_at is not None
    assert await desired.status("key", "made-there") == "foreign"
    # a user made in LiteLLM is announced too, with nothing of a key
    litellm.put("user", "u-there", T0, email="x@y")
    [user] = [
        e
        for e in (await _cycle(desired, litellm, Policies(only_in_litellm="adopt"))).published
        if isinstance(e, ExternalChangeDetected)
    ]
    assert user.entity_id == "u-there" and user.key is None


async def test_a_key_deleted_in_litellm_is_tombstoned_for_good() -> None:
    desired, litellm = await _converged()
    del litellm.objects[("key", "h1")]
    tx = await _cycle(desired, litellm, Policies(deleted_in_litellm="recreate"))
    [conflict] = tx.conflicts
    assert (conflict.field, conflict.decision) == ("*", "tombstoned")
    assert await desired.status("key", "h1") == "tombstoned"
    assert any(isinstance(e, ExternalChangeDetected) for e in tx.published)
    assert (await _cycle(desired, litellm)).conflicts == []


async def test_a_user_deleted_in_litellm_is_made_again_by_setting() -> None:
    desired, litellm = await _converged()
    del litellm.objects[("user", "u1")]
    tx = await _cycle(desired, litellm, Policies(deleted_in_litellm="recreate"))
    assert [c.decision for c in tx.conflicts] == ["recreated"]
    assert litellm.objects[("user", "u1")]["alias"] == "ann"


async def test_a_write_that_does_not_take_is_retried_then_unresolved() -> None:
    desired, litellm = await _converged()
    litellm.objects[("key", "h1")]["max_budget"] = "500"
    litellm.sticky.add("max_budget")
    tx = await _cycle(desired, litellm)
    [conflict] = tx.conflicts
    assert isinstance(conflict, SyncConflict)
    assert conflict.decision == "unresolved" and conflict.after == '"500"'
    assert len([w for w in litellm.writes if w[1] == "h1"]) == 2


async def test_the_first_cycle_takes_litellm_as_it_is() -> None:
    desired, litellm = MemoryDesired(), FakeLiteLLMState()
    desired.baselines.clear()
    litellm.put("key", "old", T0, max_budget="1")
    tx = FakeTx(desired)
    assert await reconcile("key", litellm, tx, Policies()) == []
    assert (await desired.get("key", "old")) is not None
    assert await reconcile("key", litellm, tx, Policies()) == []
    assert litellm.writes == []


async def test_one_object_only_is_looked_at() -> None:
    desired, litellm = await _converged()
    litellm.objects[("key", "h1")]["max_budget"] = "500"
    litellm.put("key", "foreign", T0)
    tx = FakeTx(desired)
    found = await reconcile("key", litellm, tx, Policies(), "h1")
    assert [(c.entity_id, c.field) for c in found] == [("h1", "max_budget")]


async def test_billings_budget_on_a_key_is_what_litellm_should_hold() -> None:
    desired, litellm = await _converged()
    budget = {"max_budget": "50", "budget_duration": "1mo", "soft_budget": None}
    tx = FakeTx(desired, Overlay({("key", "h1"): budget}))
    litellm.objects[("key", "h1")] |= {"max_budget": "50", "budget_duration": "1mo"}
    assert await reconcile("key", litellm, tx, Policies()) == []
    litellm.objects[("key", "h1")]["max_budget"] = "5"  # the key's own budget, not billing's
    [conflict] = await reconcile("key", litellm, tx, Policies())
    assert (conflict.field, conflict.decision, conflict.after) == ("max_budget", "pushed", '"50"')


class Refusing(FakeLiteLLMState):
    """LiteLLM refusing every write to one key (e.g. a team move it answers 403 to)."""

    async def write(self, kind: Kind, entity_id: str, values: Mapping[str, Any]) -> None:
        if entity_id == "h1":
            raise ValueError("LiteLLM answered 403 on /key/update")
        await super().write(kind, entity_id, values)


async def test_one_object_litellm_refuses_does_not_stop_the_others() -> None:
    desired, _ = await _converged()
    litellm = Refusing()
    await desired.record("key", "h2", {"max_budget": "7"}, event_id="e4", at=T0)
    litellm.put("key", "h1", T0, max_budget="500", models=["m"], blocked=True)
    litellm.put("key", "h2", T0, max_budget="700")
    tx = FakeTx(desired)
    found = await reconcile("key", litellm, tx, Policies())
    assert [(c.entity_id, c.decision) for c in found] == [("h2", "pushed")]
    assert any(a.entity_id == "h1" and "403" in a.detail for a in tx.audits)
