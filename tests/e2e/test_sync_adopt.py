"""``SYNC_RECONCILE_ONLY_IN_LITELLM=adopt`` against the real stack: a key made straight in
LiteLLM for a LiteMaaS user becomes that user's LiteMaaS key (listed, named, revocable, and
revoking it ends it in LiteLLM); a key that breaks a rule of LiteMaaS keys is refused with the
reason on the dead-letter topic and left in LiteLLM as it was. With ``team.member=litellm_wins``
a member added to a team in LiteLLM joins the team in LiteMaaS."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from litemaas_contracts.topics import SYNC_CONFLICTS
from tests.e2e.test_sync_reconcile import _key, _litellm
from tests.support.clients import eventually, records
from tests.support.journeys import api, subscribe
from tests.support.stack import LocalStack, Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
SETTINGS = {
    "LITEMAAS_EXTRA_SYNC_SYNC_RECONCILE_ONLY_IN_LITELLM": "adopt",
    "LITEMAAS_EXTRA_SYNC_SYNC_RECONCILE_POLICIES": "team.member=litellm_wins",
}


@pytest.fixture(scope="module")
def adopting(stack: Stack) -> Iterator[None]:
    """Sync restarted adopting keys and team members made in LiteLLM; restarted with the
    defaults (report them, write LiteMaaS's members back) afterwards."""
    if not isinstance(stack, LocalStack):
        pytest.skip("sync's setting is changed through the local launcher")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in SETTINGS.items():
            patch.setenv(name, value)
        stack.stop("sync")
        stack.start("sync")
    try:
        yield
    finally:
        stack.stop("sync")
        stack.start("sync")


async def _made_in_litellm(stack: Stack, user_id: str, alias: str, models: list[str]) -> str:
    body = {"user_id": user_id, "key_alias": alias, "models": models}
    made = await _litellm(stack, "POST", "/key/generate", json=body)
    assert made.status_code == 200, made.text
    secret: str = made.json()["key"]
    return secret


async def test_a_key_made_in_litellm_is_adopted_by_its_owner(stack: Stack, adopting: None) -> None:
    tag = uuid.uuid4().hex[:8]
    ann, ann_id = await api(stack, f"adopter-{tag}")
    admin, _ = await api(stack, "admin")
    try:
        await subscribe(ann, "mock-gpt")
        secret = await _made_in_litellm(stack, ann_id, f"scripted-{tag}", ["mock-gpt"])
        refused = await _made_in_litellm(stack, ann_id, f"too-wide-{tag}", ["mock-gpt", "x-9"])
        await _settle(admin, secret, refused)

        async def listed() -> dict[str, Any] | None:
            page = (await ann.get("/api/v1/api-keys")).json()
            return next((k for k in page["items"] if k["name"] == f"scripted-{tag}"), None)

        key = await eventually(listed, within=30, what="the adopted key in ann's list")
        assert key["status"] == "active" and key["models"] == ["mock-gpt"]
        assert key["key_prefix"].startswith("sk-") and secret not in str(key)
        names = [k["name"] for k in (await ann.get("/api/v1/api-keys")).json()["items"]]
        assert f"too-wide-{tag}" not in names

        # the refusal says why, on keys' dead-letter topic, and LiteLLM keeps the key
        async def refusal() -> dict[str, Any] | None:
            dead = await records(stack.endpoints, SYNC_CONFLICTS.dlq_name)
            ours = [r for r in dead if r["headers"]["dlq_consumer"] == "keys.external"]
            return next((r for r in ours if r["key"] == _hash(refused)), None)

        # refused after the consumer's few attempts (a second or two of backoff)
        why = await eventually(refusal, within=45, what="the refused key dead-lettered")
        assert "no active subscription for: x-9" in why["headers"]["dlq_reason"]
        assert await _key(stack, _hash(refused)) is not None

        # the owner now governs it: revoking it in LiteMaaS ends it in LiteLLM
        revoked = await ann.delete(f"/api/v1/api-keys/{key['id']}")
        assert revoked.status_code in (200, 204), revoked.text

        async def refused_by_litellm() -> bool:
            async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"]) as http:
                answer = await http.get("/v1/models", headers={"Authorization": f"Bearer {secret}"})
            return answer.status_code in (401, 403)

        await eventually(refused_by_litellm, within=30, what="LiteLLM refusing the revoked key")
    finally:
        await ann.aclose()
        await admin.aclose()


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def _settle(admin: httpx.AsyncClient, *secrets: str) -> None:
    """One reconcile of each key, as the scheduled cycle would (it may have come first)."""
    for secret in secrets:
        body = {"entity_type": "key", "entity_id": _hash(secret)}
        answer = await admin.post("/api/v1/admin/sync/reconcile", json=body)
        assert answer.status_code == 200, answer.text


async def test_a_member_added_in_litellm_joins_the_team(stack: Stack, adopting: None) -> None:
    tag = uuid.uuid4().hex[:8]
    owner, _ = await api(stack, f"team-owner-{tag}")
    joiner, joiner_id = await api(stack, f"joiner-{tag}")
    admin, _ = await api(stack, "admin")
    try:
        made = await owner.post("/api/v1/teams", json={"name": f"adopting-{tag}"})
        assert made.status_code == 201, made.text
        team_id = made.json()["id"]

        async def in_litellm() -> bool:
            info = await _litellm(stack, "GET", "/team/info", params={"team_id": team_id})
            return info.status_code == 200

        await eventually(in_litellm, within=30, what="the team in LiteLLM")
        member = {"team_id": team_id, "member": {"user_id": joiner_id, "role": "user"}}
        await _litellm(stack, "POST", "/team/member_add", json=member)
        body = {"entity_type": "team", "entity_id": team_id}
        settled = await admin.post("/api/v1/admin/sync/reconcile", json=body)
        assert settled.status_code == 200, settled.text

        async def joined() -> bool:
            team = (await joiner.get(f"/api/v1/teams/{team_id}")).json()
            return any(m.get("user_id") == joiner_id for m in team.get("members") or [])

        await eventually(joined, within=30, what="the member adopted by auth")
    finally:
        for client in (owner, joiner, admin):
            await client.aclose()
