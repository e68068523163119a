"""Two-way sync against the real LiteLLM: after convergence a full reconcile writes nothing;
drift made straight through LiteLLM's admin API is settled in one cycle by the default
policies, with exactly one SyncConflict per difference.

The issue's figures: 10 keys' budgets changed, 3 keys deleted and 3 unknown keys made, a team
member added, a user's alias changed, and "a blocked user unblocked" — a deactivated user's
blocked key unblocked in LiteLLM (LiteLLM 1.106.2 has no user-level block). The owning
services show what LiteLLM won: auth the new username, keys the deleted keys revoked.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from litemaas_contracts.identity import TeamCreated, TeamMemberAdded
from litemaas_contracts.sync import ExternalChangeDetected, SyncConflict
from litemaas_contracts.topics import SYNC_CONFLICTS
from tests.e2e.test_teams_to_litellm import _publish
from tests.support.clients import dev_login, eventually, litellm_user, records
from tests.support.journeys import api, caught_up, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
CHANGED, DELETED, FOREIGN = 10, 3, 3


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def _litellm(stack: Stack, method: str, path: str, **kwargs: Any) -> httpx.Response:
    master = {"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"}
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=15) as http:
        response = await http.request(method, path, headers=master, **kwargs)
    assert response.status_code < 500, response.text
    return response


async def _key(stack: Stack, key_hash: str) -> dict[str, Any] | None:
    response = await _litellm(stack, "GET", "/key/info", params={"key": key_hash})
    info: dict[str, Any] = response.json().get("info") or {}
    return info if response.status_code == 200 and info.get("status") != "deleted" else None


async def _members(stack: Stack, team_id: str) -> set[str]:
    info = (await _litellm(stack, "GET", "/team/info", params={"team_id": team_id})).json()
    return {m["user_id"] for m in (info.get("team_info") or {}).get("members_with_roles") or []}


async def _conflict_events(stack: Stack, ids: set[str], since: datetime) -> list[dict[str, Any]]:
    found = await records(stack.endpoints, SYNC_CONFLICTS.name)
    return [r for r in found if r["key"] in ids and _at(r) >= since]


def _at(record: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(record["headers"]["ce_time"].replace("Z", "+00:00"))


async def test_drift_made_in_litellm_is_settled_in_one_cycle_by_policy(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    owner, owner_id = await api(stack, f"recon-a-{tag}")
    leaver, leaver_id = await api(stack, f"recon-b-{tag}")
    admin_login = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")
    admin = httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=60,
        headers={"Authorization": f"Bearer {admin_login['access_token']}"},
    )
    await subscribe(owner, "mock-gpt")
    await subscribe(leaver, "mock-gpt")
    made = [await make_key(owner, ["mock-gpt"], max_budget="5") for _ in range(CHANGED + DELETED)]
    hashes = [_hash(k["key"]) for k in made]
    blocked_hash = _hash((await make_key(leaver, ["mock-gpt"]))["key"])
    team_id, now = str(uuid.uuid4()), datetime.now(UTC)
    await _publish(
        stack,
        TeamCreated(
            team_id=team_id, name=f"recon-{tag}", max_budget=Decimal("40"),
            budget_duration="30d", tpm_limit=1000, rpm_limit=10, created_by="admin",
            created_at=now,
        ),
        TeamMemberAdded(
            team_id=team_id, user_id=owner_id, role="member", added_by="admin", added_at=now
        ),
    )  # fmt: skip
    deactivated = await admin.post(
        f"/api/v1/admin/users/{leaver_id}/deactivate", json={"reason": "left"}
    )
    assert deactivated.status_code == 200, deactivated.text

    async def pushed() -> bool:
        keys = [await _key(stack, h) for h in hashes]
        blocked = await _key(stack, blocked_hash)
        return (
            all(keys)
            and bool(blocked and blocked.get("blocked"))
            and owner_id in await _members(stack, team_id)
        )

    await eventually(pushed, within=45, interval=0.5, what="keys, block and team in LiteLLM")

    async def reconcile(**body: Any) -> dict[str, Any]:
        response = await admin.post("/api/v1/admin/sync/reconcile", json=body)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    # convergence: whatever earlier runs left is settled, then a full cycle writes nothing
    await reconcile()
    converged = await reconcile()
    assert (converged["conflicts"], converged["litellm_writes"]) == (0, 0), converged

    # drift, straight through LiteLLM's admin API
    drift_at = datetime.now(UTC)
    for key_hash in hashes[:CHANGED]:
        await _litellm(stack, "POST", "/key/update", json={"key": key_hash, "max_budget": 999})
    await _litellm(stack, "POST", "/key/delete", json={"keys": hashes[CHANGED:]})
    foreign = []
    for i in range(FOREIGN):
        body = {"key_alias": f"recon-foreign-{tag}-{i}", "models": ["mock-gpt"]}
        created = (await _litellm(stack, "POST", "/key/generate", json=body)).json()
        foreign.append(_hash(created["key"]))
    member = {"team_id": team_id, "member": {"user_id": leaver_id, "role": "user"}}
    await _litellm(stack, "POST", "/team/member_add", json=member)
    renamed = f"renamed-{tag}"
    await _litellm(stack, "POST", "/user/update", json={"user_id": owner_id, "user_alias": renamed})
    await _litellm(stack, "POST", "/key/unblock", json={"key": blocked_hash})

    cycle = await reconcile()
    expected = {
        **{(h, "max_budget"): "pushed" for h in hashes[:CHANGED]},
        **{(h, "*"): "tombstoned" for h in hashes[CHANGED:]},
        **{(h, "*"): "reported" for h in foreign},
        (team_id, f"member:{leaver_id}"): "pushed",
        (owner_id, "alias"): "adopted",
        (blocked_hash, "blocked"): "pushed",
    }
    ids = {entity for entity, _ in expected}

    # the scheduled cycle may have settled some first: count on the topic, not in the answer
    def of_type(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
        return [r for r in events if r["headers"]["ce_type"] == kind]

    async def all_published() -> list[dict[str, Any]] | None:
        events = await _conflict_events(stack, ids, drift_at)
        done = len(of_type(events, SyncConflict.event_type)) >= len(expected)
        return (
            events
            if done and len(of_type(events, ExternalChangeDetected.event_type)) >= 1 + DELETED
            else None
        )

    # the outbox relay publishes shortly after the cycle's transactions commit
    await eventually(all_published, within=20, interval=0.5, what="the conflict events")
    events = await _conflict_events(stack, ids, drift_at)
    conflicts = of_type(events, SyncConflict.event_type)
    settled = [(r["value"]["entity_id"], r["value"]["field"]) for r in conflicts]
    assert sorted(settled) == sorted(expected), settled
    assert {
        (r["value"]["entity_id"], r["value"]["field"]): r["value"]["decision"] for r in conflicts
    } == expected
    external = of_type(events, ExternalChangeDetected.event_type)
    assert sorted(r["value"]["entity_id"] for r in external) == sorted(
        [owner_id, *hashes[CHANGED:]]
    )
    assert cycle["conflicts"] <= len(expected)

    # LiteLLM holds LiteMaaS's values again; the adopted alias and the reported keys stay
    for key_hash in hashes[:CHANGED]:
        assert (await _key(stack, key_hash) or {}).get("max_budget") == 5.0
    assert (await _key(stack, blocked_hash) or {}).get("blocked") is True
    assert leaver_id not in await _members(stack, team_id)
    assert (await litellm_user(stack.endpoints, owner_id) or {}).get("user_alias") == renamed
    assert all([await _key(stack, h) for h in foreign])

    # the owning services adopt what LiteLLM won: auth the new username, keys the deletions
    async def adopted() -> bool:
        found = await admin.get("/api/v1/admin/users", params={"search": renamed})
        users = [u["id"] for u in found.json()["items"] if u["username"] == renamed]
        statuses = [
            (await owner.get(f"/api/v1/api-keys/{key['id']}")).json()["status"]
            for key in made[CHANGED:]
        ]
        return users == [owner_id] and statuses == ["revoked"] * DELETED

    await eventually(adopted, within=30, interval=0.5, what="auth and keys adopting the changes")
    for group in ("sync.litellm-push", "sync.litellm-keys"):  # their events reached sync too
        await eventually(lambda g=group: caught_up(stack, g), within=30, what=f"{group}")

    # settled in one cycle: the next one finds nothing and writes nothing
    after = await reconcile()
    assert (after["conflicts"], after["litellm_writes"]) == (0, 0), after
    async with httpx.AsyncClient(timeout=15) as http:
        health = (await http.get(f"{stack.endpoints['SYNC_URL']}/health/integration")).json()
    assert health["drift_counts"] == {"user": 0, "team": 0, "key": 0}, health
    assert health["pulls"]["reconcile"]["last_success_at"], health

    # what admins read: the conflicts of one key, the audit trail, and bad input refused
    one = await admin.get("/api/v1/admin/sync/conflicts", params={"entity_id": hashes[0]})
    assert one.status_code == 200 and one.json()["items"][0]["decision"] == "pushed"
    trail = await admin.get("/api/v1/admin/sync/audit", params={"entity_id": hashes[0]})
    assert any("max_budget" in item["detail"] for item in trail.json()["items"])
    assert (await admin.get("/api/v1/admin/sync/drift")).status_code == 200
    bad = await admin.get("/api/v1/admin/sync/conflicts", params={"limit": 0})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    for params in ({"since": "0001-01-01T00:00:00+14:00"}, {"entity_id": "a\x00"}):
        odd = await admin.get("/api/v1/admin/sync/conflicts", params=params)
        assert odd.status_code == 422, odd.text
    refused = await admin.post("/api/v1/admin/sync/reconcile", json={"entity_id": "x"})
    assert refused.status_code == 422
    as_user = await owner.post("/api/v1/admin/sync/reconcile", json={})
    assert as_user.status_code == 403
    for client in (owner, leaver, admin):
        await client.aclose()
