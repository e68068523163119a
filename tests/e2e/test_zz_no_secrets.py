"""After the suite: no plaintext secret in any component's log file or in any topic."""

from __future__ import annotations

import re

import pytest

from litemaas_cli.events import list_topics
from tests.support.clients import TOKENS_SEEN, records
from tests.support.stack import LocalStack, Stack, read_env_file

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.after_all]

LITELLM_KEY = re.compile(r"sk-[A-Za-z0-9_\-]{16,}")


def _secrets(stack: Stack) -> dict[str, str]:
    secrets = {"LiteLLM master key": stack.endpoints["LITELLM_MASTER_KEY"]}
    if isinstance(stack, LocalStack):
        signing_key = read_env_file(stack.state_dir / "secrets.env")["AUTH_JWT_SIGNING_KEY"]
    else:
        signing_key = stack.endpoints["AUTH_JWT_SIGNING_KEY"]
    secrets["JWT signing key"] = signing_key
    secrets |= {f"access token #{i}": token for i, token in enumerate(TOKENS_SEEN)}
    return secrets


def _leaks(text: str, where: str, secrets: dict[str, str]) -> list[str]:
    found = [f"{name} in {where}" for name, value in secrets.items() if value and value in text]
    found += [f"a LiteLLM key ({m[:6]}…) in {where}" for m in LITELLM_KEY.findall(text)]
    return found


async def test_no_secret_in_any_log_file_or_topic(stack: Stack) -> None:
    secrets = _secrets(stack)
    assert len(secrets) >= 2
    leaks: list[str] = []
    logs = stack.log_files()
    assert logs, "the stack keeps one log file per component"
    for path in logs:
        leaks += _leaks(path.read_text(errors="replace"), path.name, secrets)
    topics = [t["topic"] for t in await list_topics(stack.endpoints["KAFKA_BOOTSTRAP"])]
    assert topics
    for topic in topics:
        for record in await records(stack.endpoints, topic):
            leaks += _leaks(repr(record), topic, secrets)
    assert leaks == []
