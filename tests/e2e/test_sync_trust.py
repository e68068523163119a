"""Sync against the real stack: a key LiteLLM refuses goes to the DLQ and the next key goes
through; blocked keys stop working in LiteLLM; sealed secrets are gone within one hour; one
odd model list retires nothing.

Keys are published straight onto Kafka, as the keys service would (its API refuses a limit
LiteLLM cannot store), sealed with the stack's provisioning key.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from litemaas_contracts import Envelope, Event
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired
from litemaas_contracts.keys import (
    ApiKeyBlocked,
    ApiKeyCreated,
    ApiKeySecretSealed,
    ApiKeyUnblocked,
    KeyLimits,
)
from litemaas_contracts.topics import CATALOG_MODELS, HOUR_MS, KEYS_APIKEYS, KEYS_PROVISIONING
from litemaas_servicekit.sealing import Sealer
from tests.support.clients import dev_login, eventually, query, records
from tests.support.stack import Stack, read_env_file

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _provisioning_key(stack: Stack) -> str:
    if key := stack.endpoints.get("PROVISIONING_KEY"):  # the compose stack's env file
        return key
    return read_env_file(stack.state_dir / "secrets.env")["PROVISIONING_KEY"]  # type: ignore[attr-defined]


async def _publish(stack: Stack, *events: Event) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        for event in events:
            subject = event.subject()
            headers = Envelope.new(
                type=event.event_type, source="/tests/sync-trust", subject=subject
            ).to_headers()
            await producer.send_and_wait(
                event.topic,
                event.model_dump_json().encode(),
                key=subject.encode(),
                headers=headers,
            )
    finally:
        await producer.stop()


def _new_key(stack: Stack, limits: KeyLimits) -> tuple[str, str, str, list[Event]]:
    """A key's id, secret and hash, and the two events keys would publish for it."""
    key_id, secret = str(uuid.uuid4()), "sk-" + secrets.token_urlsafe(24)
    key_hash, now = hashlib.sha256(secret.encode()).hexdigest(), datetime.now(UTC)
    sealed = Sealer(_provisioning_key(stack)).seal(secret, key_id)
    return (
        key_id,
        secret,
        key_hash,
        [
            ApiKeySecretSealed(
                key_id=key_id, key_hash=key_hash, sealed_secret=sealed, sealed_at=now
            ),
            ApiKeyCreated(
                key_id=key_id,
                key_hash=key_hash,
                owner_user_id=f"trust-{key_id[:8]}",
                name="trust",
                key_prefix=secret[:10],
                models=("mock-gpt",),
                limits=limits,
                created_by="tests",
                created_at=now,
            ),
        ],
    )


async def _litellm(stack: Stack, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        return await http.request(method, path, **kwargs)


async def _key_info(stack: Stack, key_hash: str) -> dict[str, Any] | None:
    master = {"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"}
    response = await _litellm(stack, "GET", "/key/info", params={"key": key_hash}, headers=master)
    return response.json()["info"] if response.status_code == 200 else None


async def _chat(stack: Stack, secret: str) -> int:
    body = {"model": "mock-gpt", "messages": [{"role": "user", "content": "hi"}]}
    headers = {"Authorization": f"Bearer {secret}"}
    response = await _litellm(stack, "POST", "/v1/chat/completions", json=body, headers=headers)
    return response.status_code


async def test_a_key_litellm_refuses_is_dead_lettered_and_the_next_key_reaches_it(
    stack: Stack,
) -> None:
    bad_id, bad_secret, bad_hash, bad = _new_key(stack, KeyLimits(rpm_limit=2**70))
    good_id, good_secret, good_hash, good = _new_key(stack, KeyLimits(rpm_limit=5))
    await _publish(stack, *bad, *good)

    await eventually(lambda: _key_info(stack, good_hash), within=120, what="the next key")
    assert await _chat(stack, good_secret) == 200

    async def dead_letter() -> dict[str, Any] | None:
        found = await records(stack.endpoints, KEYS_APIKEYS.dlq_name)
        return next((r for r in found if r["key"] == bad_id), None)

    dead = await eventually(dead_letter, within=120, what="the refused key in the DLQ")
    reason = dead["headers"]["dlq_reason"]
    assert "LiteLLM answered 500 on /key/generate" in reason, reason
    assert bad_secret not in json.dumps(dead)
    assert await _key_info(stack, bad_hash) is None

    blocked = ApiKeyBlocked(
        key_id=good_id,
        key_hash=good_hash,
        owner_user_id="tests",
        reason="owner deactivated",
        blocked_at=datetime.now(UTC),
    )
    await _publish(stack, blocked)
    await eventually(lambda: _chat_refused(stack, good_secret), within=60, what="blocked key 401")
    unblocked = ApiKeyUnblocked(
        key_id=good_id,
        key_hash=good_hash,
        owner_user_id="tests",
        reason="owner reactivated",
        unblocked_at=datetime.now(UTC),
    )
    await _publish(stack, unblocked)
    await eventually(lambda: _chat_works(stack, good_secret), within=60, what="unblocked key")


async def _chat_refused(stack: Stack, secret: str) -> bool:
    return await _chat(stack, secret) == 401


async def _chat_works(stack: Stack, secret: str) -> bool:
    return await _chat(stack, secret) == 200


async def test_the_provisioning_topic_and_its_dlq_keep_secrets_under_an_hour(stack: Stack) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"])
    await admin.start()
    try:
        names = (KEYS_PROVISIONING.name, KEYS_PROVISIONING.dlq_name)
        asked = [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
        described = await admin.describe_configs(asked)
    finally:
        await admin.close()
    configs = {
        res[3]: {entry[0]: entry[1] for entry in res[4]}
        for response in described
        for res in response.resources
    }
    broker_delays_ms = 6 * 60 * 1000  # the retention check (5 min) and the file deletion delay
    for name in names:
        topic = configs[name]
        worst = int(topic["retention.ms"]) + int(topic["segment.ms"]) + broker_delays_ms
        assert 0 < worst <= HOUR_MS, (name, topic)
        assert int(topic["segment.bytes"]) <= 1024 * 1024, (name, topic)


async def test_a_pending_secret_sealed_over_an_hour_ago_is_pruned(stack: Stack) -> None:
    key_id, database = str(uuid.uuid4()), stack.endpoints["SYNC_DATABASE_URL"]
    await query(
        database,
        "INSERT INTO pending_key_secrets (key_id, key_hash, sealed_secret, sealed_at)"
        " VALUES ($1, $2, 'ciphertext', $3)",
        key_id,
        "0" * 64,
        datetime.now(UTC) - timedelta(hours=1, minutes=1),
    )

    async def gone() -> bool:
        sql = "SELECT 1 FROM pending_key_secrets WHERE key_id = $1"
        return not await query(database, sql, key_id)

    await eventually(gone, within=90, interval=1, what="the stale sealed secret to be pruned")


async def test_a_model_missing_from_one_pull_stays_three_retire_it_and_it_comes_back(
    stack: Stack,
) -> None:
    """A model sync saw before (a row in its baseline) that LiteLLM no longer lists; and a
    model LiteLLM lists that sync had retired, which users see in the catalog again.
    SYNC_MODEL_RETIRE_AFTER_PULLS is 3."""
    database, ghost = stack.endpoints["SYNC_DATABASE_URL"], f"ghost-{uuid.uuid4().hex[:8]}"
    viewer = await dev_login(stack.endpoints["GATEWAY_URL"], f"viewer-{ghost}")

    async def as_a_user() -> httpx.Response:
        async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"], timeout=30) as http:
            return await http.get(
                "/api/v1/models/mock-llama",
                headers={"Authorization": f"Bearer {viewer['access_token']}"},
            )

    async def catalog_shows_llama() -> int:
        return (await as_a_user()).status_code

    # the retirement sync would have announced, projected by the catalog before sync revives it
    await _publish(stack, ModelRetired(model_id="mock-llama", retired_at=datetime.now(UTC)))
    await eventually(
        lambda: _is(catalog_shows_llama(), 404), within=30, what="the catalog retiring mock-llama"
    )
    facts = {"model_id": ghost, "provider": "openai", "capabilities": ["chat"]}
    await query(
        database,
        "INSERT INTO litellm_models (model_id, facts) VALUES ($1, $2::jsonb)",
        ghost,
        json.dumps(facts),
    )
    await query(database, "UPDATE litellm_models SET retired = true WHERE model_id = 'mock-llama'")
    login = await dev_login(stack.endpoints["GATEWAY_URL"], "admin")  # AUTH_INITIAL_ADMINS
    async with httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=30,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    ) as admin:

        async def pull() -> dict[str, Any]:
            row = "SELECT retired, missed_pulls FROM litellm_models WHERE model_id = $1"
            assert (await admin.post("/api/v1/admin/sync/models")).status_code == 200
            return dict((await query(database, row, ghost))[0])

        # the scheduled pull may run once in between: still fewer than three misses
        first = await pull()
        assert not first["retired"] and 1 <= first["missed_pulls"] <= 2, first
        await pull()
        assert (await pull())["retired"]

    async def published(kind: type[Event], model_id: str) -> bool:
        found = await records(stack.endpoints, CATALOG_MODELS.name)
        return any(
            r["key"] == model_id and r["headers"].get("ce_type") == kind.event_type for r in found
        )

    assert await eventually(lambda: published(ModelRetired, ghost), within=30, what="retired")
    revived = await query(
        database, "SELECT retired FROM litellm_models WHERE model_id = 'mock-llama'"
    )
    assert revived[0]["retired"] is False, "a retired model LiteLLM serves again is revived"
    assert await published(ModelDiscovered, "mock-llama")
    await eventually(
        lambda: _is(catalog_shows_llama(), 200), within=30, what="the catalog reviving it"
    )
    shown = (await as_a_user()).json()
    assert shown["retired"] is False, shown


async def _is(status: Awaitable[int], wanted: int) -> bool:
    return await status == wanted
