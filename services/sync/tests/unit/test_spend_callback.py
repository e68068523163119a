"""LiteLLM's spend callback (deploy/litellm/litemaas_callback.py), outside LiteLLM: it sends
only the spend fields, and nothing it meets can slow or break the request it reports."""

from __future__ import annotations

import asyncio
import importlib.util
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.unit
MODULE = Path(__file__).resolve().parents[4] / "deploy" / "litellm" / "litemaas_callback.py"


def load(monkeypatch: pytest.MonkeyPatch, url: str) -> ModuleType:
    monkeypatch.setenv("LITEMAAS_SPEND_PUSH_URL", url)
    monkeypatch.setenv("LITEMAAS_SPEND_PUSH_SECRET", "s" * 32)
    spec = importlib.util.spec_from_file_location("litemaas_callback", MODULE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def logging_object() -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "status": "success",
        "response_cost": 2.75e-05,
        "model_group": "mock-gpt",
        "messages": [{"role": "user", "content": "my secret plan"}],
        "response": {"choices": [{"message": {"content": "an answer"}}]},
        "metadata": {
            "user_api_key_hash": "h" * 64,
            "user_api_key_user_id": "u1",
            "user_api_key_team_id": None,
            "user_api_key_auth_metadata": {"note": "x"},
            "headers": {"authorization": "Bearer sk-live-secret"},
        },
    }


def test_only_the_spend_fields_leave_litellm(monkeypatch: pytest.MonkeyPatch) -> None:
    sent = load(monkeypatch, "http://127.0.0.1:9/internal/spend").payload(logging_object())
    assert sent["id"] == "chatcmpl-1" and sent["response_cost"] == 2.75e-05
    assert set(sent["metadata"]) == {
        "user_api_key_hash",
        "user_api_key_user_id",
        "user_api_key_team_id",
    }
    text = repr(sent)
    assert "secret plan" not in text and "an answer" not in text and "sk-live" not in text


async def test_an_unreachable_sync_neither_slows_nor_breaks_the_request(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    handler = load(monkeypatch, "http://127.0.0.1:9/internal/spend").handler
    started = time.monotonic()
    await handler.async_log_success_event({"standard_logging_object": logging_object()}, None, 0, 0)
    await handler.async_log_failure_event({"standard_logging_object": None}, None, 0, 0)
    await handler.async_log_success_event(None, None, 0, 0)
    assert time.monotonic() - started < 0.05  # the POST runs in the background
    await asyncio.gather(*handler.in_flight)
    assert "LiteMaaS spend push failed for chatcmpl-1" in caplog.text
    assert "s" * 32 not in caplog.text
