"""What the fault tests do as users would: log in, subscribe, make keys, chat; and how they
look at the outcome in LiteLLM, in Kafka and in a service's metrics."""

from __future__ import annotations

import hashlib
import json
import os
import signal
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from tests.support.clients import TOKENS_SEEN, dev_login, eventually
from tests.support.stack import LocalStack, Stack


async def api(stack: Stack, username: str) -> tuple[httpx.AsyncClient, str]:
    """A logged-in API client through the gateway, and the user's id."""
    login = await dev_login(stack.endpoints["GATEWAY_URL"], username)
    client = httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=30,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    )
    return client, login["user"]["id"]


async def subscribe(user: httpx.AsyncClient, *models: str) -> list[dict[str, Any]]:
    """Active subscriptions to ``models``, once sync's pull has put them in the catalog."""

    async def listed() -> bool:
        page = (await user.get("/api/v1/models", params={"page_size": 100})).json()
        return set(models) <= {m["id"] for m in page["items"]}

    await eventually(listed, within=90, what="the catalog")
    made = [await user.post("/api/v1/subscriptions", json={"model_id": m}) for m in models]
    assert [r.status_code for r in made] == [201] * len(models), [r.text for r in made]
    return [r.json() for r in made]


async def make_key(user: httpx.AsyncClient, models: list[str], **extra: Any) -> dict[str, Any]:
    """A key over ``models`` (``extra``: team_id, limits), once the subscriptions have reached
    the keys service."""

    async def made() -> dict[str, Any] | None:
        body = {"name": "k", "models": models, **extra}
        response = await user.post("/api/v1/api-keys", json=body)
        return response.json() if response.status_code == 201 else None

    key = await eventually(made, within=60, what="the entitlements reaching keys")
    TOKENS_SEEN.append(key["key"])
    return key


async def litellm_key_models(stack: Stack, secret: str) -> list[str] | None:
    """The key's models in LiteLLM (by its hash); None when LiteLLM does not know it."""
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        response = await http.get(
            "/key/info",
            params={"key": hashlib.sha256(secret.encode()).hexdigest()},
            headers={"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"},
        )
    if response.status_code in (400, 404):
        return None
    response.raise_for_status()
    return sorted(response.json()["info"]["models"])


async def chat_response(stack: Stack, secret: str, model: str) -> httpx.Response:
    """A chat call with the key, on a new connection (LiteLLM's budget reservation)."""
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=30) as http:
        return await http.post(
            "/v1/chat/completions",
            headers={"Authorization": f"Bearer {secret}"},
            json={"model": model, "messages": [{"role": "user", "content": "hello"}]},
        )


async def chat(stack: Stack, secret: str, model: str) -> int:
    return (await chat_response(stack, secret, model)).status_code


def signal_component(stack: Stack, component: str, signum: signal.Signals) -> None:
    """The signal to every instance of the component."""
    assert isinstance(stack, LocalStack), "signals need the local launcher's pid records"
    for pid_file in stack.pid_files(component):
        os.kill(int(json.loads(pid_file.read_text())["pid"]), signum)


async def consumed(stack: Stack, service: str) -> dict[tuple[str, str], float]:
    """The service's ``litemaas_events_consumed_total`` by (consumer, outcome) since it started,
    summed over its instances (``<SVC>_URLS`` on a stack started with ``--scale``)."""
    name = service.upper()
    urls = stack.endpoints.get(f"{name}_URLS", stack.endpoints[f"{name}_URL"]).split(",")
    found: dict[tuple[str, str], float] = {}
    async with httpx.AsyncClient(timeout=10) as http:
        for url in urls:
            text = (await http.get(f"{url}/metrics")).text
            for line in text.splitlines():
                if line.startswith("litemaas_events_consumed_total{"):
                    labels, value = line[len("litemaas_events_consumed_total{") :].split("} ")
                    pairs = dict(p.split("=", 1) for p in labels.split(","))
                    at = (pairs["consumer"].strip('"'), pairs["outcome"].strip('"'))
                    found[at] = found.get(at, 0.0) + float(value)
    return found


async def groups_of(stack: Stack, service: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"])
    await admin.start()
    try:
        listed = await admin.list_consumer_groups()
    finally:
        await admin.close()
    return sorted(g[0] for g in listed if g[0].startswith(f"{service}."))


async def _group_offsets(stack: Stack, group: str) -> dict[TopicPartition, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"])
    await admin.start()
    try:
        return {tp: m.offset for tp, m in (await admin.list_consumer_group_offsets(group)).items()}
    finally:
        await admin.close()


async def committed(stack: Stack, group: str) -> int:
    """The group's committed offsets, summed: how far it has read, in all."""
    return sum((await _group_offsets(stack, group)).values())


async def rewind(stack: Stack, group: str) -> int:
    """Move an idle consumer group back to the start of its topics; returns how many records
    it will read again."""
    positions = await _group_offsets(stack, group)
    if not positions:  # a group that has committed nothing yet (its topic is still empty)
        return 0
    consumer = AIOKafkaConsumer(
        bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"],
        group_id=group,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        consumer.assign(list(positions))
        starts = await consumer.beginning_offsets(list(positions))
        await consumer.commit(dict(starts))
    finally:
        await consumer.stop()
    return sum(positions[tp] - starts[tp] for tp in positions)


async def caught_up(stack: Stack, group: str) -> bool:
    positions = await _group_offsets(stack, group)
    if not positions:  # nothing committed: its topics held nothing for it yet
        return True
    consumer = AIOKafkaConsumer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"])
    await consumer.start()
    try:
        ends = await consumer.end_offsets(list(positions))
    finally:
        await consumer.stop()
    return all(positions[tp] >= ends[tp] for tp in positions)
