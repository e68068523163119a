"""LiteLLM's objects as the reconciler compares them (shapes seen on LiteLLM 1.106.2)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from litemaas_sync.adapters.litellm_state import (
    WriteCounter,
    observe_key,
    observe_team,
    observe_user,
)

pytestmark = pytest.mark.unit


def test_a_keys_soft_budget_is_read_from_its_budget_row() -> None:
    raw = {
        "token": "h1",
        "models": ["litemaas-no-model"],
        "max_budget": 2e-05,
        "soft_budget": None,
        "litellm_budget_table": {"soft_budget": 1e-05},
        "blocked": None,
        "expires": "2026-12-01T00:00:00",
        "metadata": {"litemaas_key_id": "k1"},
        "updated_at": "2026-11-30T14:48:32.804000Z",
    }
    key = observe_key(raw)
    assert key.fields["soft_budget"] == "0.00001"
    assert key.fields["models"] == []  # the model no deployment serves means "none"
    assert key.fields["blocked"] is False
    assert key.fields["expires"] == "2026-12-01T00:00:00+00:00"
    assert key.key_id == "k1" and key.updated_at is not None


def test_litellms_own_master_key_user_is_no_member() -> None:
    raw = {
        "team_id": "t1",
        "team_alias": "T",
        "members_with_roles": [{"user_id": "default_user_id"}, {"user_id": "u1"}],
    }
    assert [n for n in observe_team(raw).fields if n.startswith("member:")] == ["member:u1"]


def test_a_users_money_is_normalized() -> None:
    user = observe_user({"user_id": "u1", "user_email": None, "max_budget": 10.50})
    assert user.fields["max_budget"] == "10.5" and user.fields["email"] is None


async def test_a_cycle_counts_its_own_writes_not_those_sent_beside_it() -> None:
    """The push handlers share the LiteLLM client: a write one of them sends while a reconcile
    cycle runs is in the total, not in the cycle's count."""
    counter = WriteCounter()
    http = httpx.AsyncClient(
        base_url="http://litellm", transport=httpx.MockTransport(lambda _: httpx.Response(200))
    )
    counter.attach(http)
    in_cycle, pushed = asyncio.Event(), asyncio.Event()

    async def push_handler() -> None:
        await in_cycle.wait()
        await http.post("/key/delete", json={"keys": ["h1"]})
        pushed.set()

    async def cycle() -> int:
        with counter.counting() as writes:
            await http.get("/key/list")
            in_cycle.set()
            await pushed.wait()
            await http.post("/key/update", json={"key": "h2", "max_budget": 5})
        return writes[0]

    async with http:
        own, _ = await asyncio.gather(cycle(), push_handler())
    assert (own, counter.writes) == (1, 2)
