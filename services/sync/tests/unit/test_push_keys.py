"""Pushing keys to LiteLLM, against a fake LiteLLM: the secret is opened only to create the key,
its ciphertext is dropped afterwards, every later change goes by hash, every decision audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from litemaas_contracts import Envelope, Event
from litemaas_contracts.keys import (
    ApiKeyBlocked,
    ApiKeyCreated,
    ApiKeyRevoked,
    ApiKeySecretSealed,
    ApiKeyUnblocked,
    ApiKeyUpdated,
    KeyLimits,
)
from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_servicekit.resilience import DependencyUnavailable
from litemaas_servicekit.sealing import SealBroken, Sealer
from litemaas_sync.app.block_keys import set_blocked
from litemaas_sync.app.push_keys import (
    KeyState,
    change_key,
    create_key,
    keep_secret,
    prune_secrets,
)

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC)
SECRET = "sk-fake-secret-value-1234567890"
HASH = "f" * 64
SEALER = Sealer("provisioning-secret")


class FakeKeys:
    def __init__(self) -> None:
        self.keys: dict[str, dict[str, Any]] = {}  # by hash
        self.blocked: set[str] = set()
        self.calls: list[str] = []

    async def state(self, key_hash: str) -> KeyState:
        if key_hash not in self.keys:
            return "absent"
        return "blocked" if key_hash in self.blocked else "active"

    async def exists(self, key_hash: str) -> bool:
        return key_hash in self.keys

    async def set_blocked(self, key_hash: str, blocked: bool) -> None:
        self.calls.append("block" if blocked else "unblock")
        (self.blocked.add if blocked else self.blocked.discard)(key_hash)

    async def generate(self, **fields: Any) -> None:
        self.calls.append("generate")
        self.keys[HASH] = fields

    async def update(self, key_hash: str, models: tuple[str, ...], limits: KeyLimits) -> None:
        self.calls.append("update")
        self.keys[key_hash].update(models=models, limits=limits)

    async def reset_spend(self, key_hash: str) -> None:
        self.calls.append("reset_spend")

    async def delete(self, key_hash: str) -> None:
        self.calls.append("delete")
        del self.keys[key_hash]


class Secrets:
    def __init__(self) -> None:
        self.rows: dict[str, str] = {}
        self.sealed_at: dict[str, datetime] = {}

    async def put(self, key_id: str, key_hash: str, sealed: str, sealed_at: datetime) -> None:
        self.rows.setdefault(key_id, sealed)
        self.sealed_at.setdefault(key_id, sealed_at)

    async def prune(self, sealed_before: datetime) -> int:
        old = [k for k, at in self.sealed_at.items() if at < sealed_before]
        for key_id in old:
            self.rows.pop(key_id, None)
            del self.sealed_at[key_id]
        return len(old)

    async def get(self, key_id: str) -> str | None:
        return self.rows.get(key_id)

    async def drop(self, key_id: str) -> None:
        self.rows.pop(key_id, None)


class Audit(list[LiteLLMChangeApplied]):
    async def __call__(self, change: LiteLLMChangeApplied) -> None:
        self.append(change)


def _envelope(event: Event) -> Envelope:
    return Envelope.new(type=event.event_type, source="/t", subject="k1")


def _created(age: timedelta = timedelta(0)) -> ApiKeyCreated:
    return ApiKeyCreated(
        key_id="k1",
        key_hash=HASH,
        owner_user_id="u1",
        name="k",
        key_prefix=SECRET[:10],
        models=("gpt", "claude"),
        limits=KeyLimits(rpm_limit=10),
        created_by="u1",
        created_at=NOW - age,
    )


async def _sealed(secrets: Secrets, sealed: str | None = None, key_id: str = "k1") -> None:
    event = ApiKeySecretSealed(
        key_id=key_id,
        key_hash=HASH,
        sealed_secret=sealed or SEALER.seal(SECRET, key_id),
        sealed_at=NOW,
    )
    await keep_secret(event, secrets)


async def test_a_key_waits_for_its_secret_then_is_created_with_it_and_the_ciphertext_goes() -> None:
    litellm, secrets, audit = FakeKeys(), Secrets(), Audit()
    with pytest.raises(DependencyUnavailable):  # retried later, not dead-lettered
        await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    await _sealed(secrets)
    await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    made = litellm.keys[HASH]
    assert (made["secret"], made["user_id"], made["models"]) == (SECRET, "u1", ("gpt", "claude"))
    assert secrets.rows == {} and [a.action for a in audit] == ["created"]
    assert all(SECRET not in a.model_dump_json() for a in audit)


async def test_a_key_adopted_from_litellm_is_never_waited_for_nor_created() -> None:
    litellm, secrets, audit = FakeKeys(), Secrets(), Audit()
    adopted = _created().model_copy(update={"origin": "litellm"})
    litellm.keys[HASH] = {"models": ("gpt",)}
    await create_key(adopted, _envelope(adopted), litellm, secrets, SEALER, audit)
    del litellm.keys[HASH]  # deleted in LiteLLM since: no secret will ever come for it
    await create_key(adopted, _envelope(adopted), litellm, secrets, SEALER, audit)
    assert litellm.calls == []
    assert [a.action for a in audit] == ["already_present", "skipped"]


async def test_a_key_already_in_litellm_is_not_created_twice() -> None:
    litellm, secrets, audit = FakeKeys(), Secrets(), Audit()
    await _sealed(secrets)
    await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    assert litellm.calls == ["generate"]
    assert [a.action for a in audit] == ["created", "already_present"]


async def test_a_secret_that_can_never_arrive_is_skipped_and_a_tampered_one_refused() -> None:
    litellm, secrets, audit = FakeKeys(), Secrets(), Audit()
    old = _created(age=timedelta(hours=2))
    await create_key(old, _envelope(old), litellm, secrets, SEALER, audit)
    assert litellm.calls == [] and audit[0].action == "skipped"
    other_key = SEALER.seal(SECRET, "k2")  # sealed for another key id
    await _sealed(secrets, other_key)
    with pytest.raises(SealBroken):
        await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    assert litellm.calls == []


async def test_changes_go_by_hash_and_a_key_absent_from_litellm_is_skipped() -> None:
    litellm, secrets, audit = FakeKeys(), Secrets(), Audit()
    await _sealed(secrets)
    await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    updated = ApiKeyUpdated(
        key_id="k1", key_hash=HASH, models=("gpt",), reason="cancelled", updated_at=NOW
    )
    await change_key(updated, _envelope(updated), litellm, audit)
    assert litellm.keys[HASH]["models"] == ("gpt",)
    revoked = ApiKeyRevoked(key_id="k1", key_hash=HASH, revoked_by="u1", revoked_at=NOW)
    await change_key(revoked, _envelope(revoked), litellm, audit)
    await change_key(revoked, _envelope(revoked), litellm, audit)  # a second delivery
    assert litellm.calls == ["generate", "update", "delete"]
    assert [a.action for a in audit] == ["created", "updated", "deleted", "skipped"]


async def test_blocking_looks_first_and_unblocking_restores_the_key() -> None:
    litellm, secrets, audit = FakeKeys(), Secrets(), Audit()
    blocked = ApiKeyBlocked(
        key_id="k1", key_hash=HASH, owner_user_id="u1", reason="deactivated", blocked_at=NOW
    )
    await set_blocked(blocked, _envelope(blocked), litellm, audit)
    assert audit[-1].action == "skipped", "a key LiteLLM never had is not an error"
    await _sealed(secrets)
    await create_key(_created(), _envelope(_created()), litellm, secrets, SEALER, audit)
    await set_blocked(blocked, _envelope(blocked), litellm, audit)
    await set_blocked(blocked, _envelope(blocked), litellm, audit)  # a second delivery
    assert await litellm.state(HASH) == "blocked"
    unblocked = ApiKeyUnblocked(
        key_id="k1", key_hash=HASH, owner_user_id="u1", reason="reactivated", unblocked_at=NOW
    )
    await set_blocked(unblocked, _envelope(unblocked), litellm, audit)
    await set_blocked(unblocked, _envelope(unblocked), litellm, audit)
    assert await litellm.state(HASH) == "active"
    assert litellm.calls == ["generate", "block", "unblock"]
    assert [(a.action, a.detail) for a in audit[2:]] == [
        ("updated", "blocked (deactivated)"),
        ("already_present", "already blocked (deactivated)"),
        ("updated", "unblocked (reactivated)"),
        ("already_present", "already unblocked (reactivated)"),
    ]


async def test_secrets_sealed_more_than_an_hour_ago_are_pruned_used_or_not() -> None:
    secrets = Secrets()
    await _sealed(secrets, key_id="k1")
    await _sealed(secrets, key_id="k2")
    assert await prune_secrets(secrets, NOW + timedelta(minutes=59)) == 0
    assert await prune_secrets(secrets, NOW + timedelta(minutes=61)) == 2
    assert secrets.rows == {}
