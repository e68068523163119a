"""After the suite: no plaintext secret in any component's log file, any topic, any table of
any service, or Redis."""

from __future__ import annotations

import re
import uuid

import pytest
from redis.asyncio import Redis

from litemaas_cli.events import list_topics
from tests.support.clients import TOKENS_SEEN, query, records
from tests.support.journeys import api, make_key, subscribe
from tests.support.stack import LocalStack, Stack, read_env_file

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.after_all]

#: a LiteLLM key standing as a token of its own: inside a ciphertext's base64 text, "sk-" and
#: 16 more letters turn up by chance (about 1 sealed secret in 2,500), which is no leak
LITELLM_KEY = re.compile(r"(?<![A-Za-z0-9+/=_\-])sk-[A-Za-z0-9_\-]{16,}")
#: the sealed secrets on the provisioning topic are ciphertexts by design: not scanned as text
SEALED = re.compile(r"('sealed_secret': ')[^']*'")


def _secrets(stack: Stack) -> dict[str, str]:
    secrets = {"LiteLLM master key": stack.endpoints["LITELLM_MASTER_KEY"]}
    if isinstance(stack, LocalStack):
        signing_key = read_env_file(stack.state_dir / "secrets.env")["AUTH_JWT_SIGNING_KEY"]
    else:
        signing_key = stack.endpoints["AUTH_JWT_SIGNING_KEY"]
    secrets["JWT signing key"] = signing_key
    if isinstance(stack, LocalStack):
        generated = read_env_file(stack.state_dir / "secrets.env")
        provisioning = generated["PROVISIONING_KEY"]
        secrets |= {f"provisioning key #{i}": k for i, k in enumerate(provisioning.split(","))}
        secrets["spend push secret"] = generated["SPEND_PUSH_SECRET"]
    secrets |= {f"access token #{i}": token for i, token in enumerate(TOKENS_SEEN)}
    return secrets


def _leaks(text: str, where: str, secrets: dict[str, str]) -> list[str]:
    found = [f"{name} in {where}" for name, value in secrets.items() if value and value in text]
    found += [f"a LiteLLM key ({m[:6]}…) in {where}" for m in LITELLM_KEY.findall(text)]
    return found


async def _tables_text(database_url: str) -> dict[str, str]:
    """Every row of every table of one service's database, as text."""
    tables = await query(
        database_url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    out = {}
    for row in tables:
        name = row["tablename"]
        rows = await query(database_url, f'SELECT t::text AS line FROM "{name}" t')  # noqa: S608
        out[name] = "\n".join(r["line"] for r in rows)
    return out


async def _redis_text(url: str) -> str:
    redis = Redis.from_url(url)
    try:
        lines = []
        async for key in redis.scan_iter(count=500):
            kind = (await redis.type(key)).decode()
            value = await redis.get(key) if kind == "string" else await redis.dump(key)
            lines.append(f"{key!r}={value!r}")
        return "\n".join(lines)
    finally:
        await redis.aclose()


async def test_no_secret_in_any_table_of_any_service_or_in_redis(stack: Stack) -> None:
    user, _ = await api(stack, f"scan-{uuid.uuid4().hex[:8]}")  # a key of its own to look for
    await subscribe(user, "mock-gpt")
    await make_key(user, ["mock-gpt"])
    secrets = _secrets(stack)
    leaks: list[str] = []
    databases = [f"{svc}_DATABASE_URL" for svc in ("AUTH", "CATALOG", "KEYS", "SYNC", "BILLING")]
    for name in databases:
        for table, text in (await _tables_text(stack.endpoints[name])).items():
            leaks += _leaks(text, f"{name.removesuffix('_DATABASE_URL').lower()}.{table}", secrets)
    leaks += _leaks(await _redis_text(stack.endpoints["REDIS_URL"]), "Redis", secrets)
    assert leaks == []


async def test_no_secret_in_any_log_file_or_topic(stack: Stack) -> None:
    secrets = _secrets(stack)
    assert all(secrets.values()), "every secret to look for is known"
    leaks: list[str] = []
    logs = stack.log_files()
    assert logs, "the stack keeps one log file per component"
    for path in logs:
        leaks += _leaks(path.read_text(errors="replace"), path.name, secrets)
    topics = [t["topic"] for t in await list_topics(stack.endpoints["KAFKA_BOOTSTRAP"])]
    assert topics
    for topic in topics:
        for record in await records(stack.endpoints, topic):
            leaks += _leaks(SEALED.sub(r"\1<sealed>'", repr(record)), topic, secrets)
    assert leaks == []
