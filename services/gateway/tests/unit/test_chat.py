"""The playground's bounds, LiteLLM's stream read line by line, and its refusals as problems."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from litemaas_gateway.chat import MAX_CONTENT, ChatIn, pieces, refusal
from litemaas_gateway.playground import _usable
from litemaas_servicekit.errors import Forbidden, Invalid
from litemaas_servicekit.security import Principal

pytestmark = pytest.mark.unit


def _chat(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "key_id": "0b7e4c1e-8f7a-4c55-9f53-7d1f6f0e2a11",
        "model": "mock-gpt",
        "messages": [{"role": "user", "content": "hi"}],
    }
    return body | changes


def test_a_chat_goes_upstream_streamed_with_usage() -> None:
    chat = ChatIn.model_validate(_chat(max_tokens=10, temperature=0.5))
    body = chat.upstream_body()
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["max_tokens"] == 10 and body["temperature"] == 0.5
    assert "key_id" not in body


@pytest.mark.parametrize(
    "changes",
    [
        {"messages": []},
        {"messages": [{"role": "user", "content": "x"}] * 51},
        {"messages": [{"role": "user", "content": "x" * (MAX_CONTENT + 1)}]},
        {"messages": [{"role": "user", "content": "x" * MAX_CONTENT}] * 5},  # 80,000 in all
        {"messages": [{"role": "tool", "content": "x"}]},
        {"max_tokens": 0},
        {"max_tokens": 100_000},
        {"temperature": 3},
        {"model": ""},
        {"model": "a\nb"},
        {"key_id": "../../admin"},
        {"mock_response": "anything"},  # nothing else is passed on to LiteLLM
    ],
)
def test_every_field_is_bounded(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ChatIn.model_validate(_chat(**changes))


def _line(chunk: dict[str, object]) -> bytes:
    return b"data: " + json.dumps(chunk).encode() + b"\n"


def test_litellms_stream_becomes_tokens_then_the_finish_and_usage() -> None:
    token = _line({"choices": [{"delta": {"content": "Hel"}, "finish_reason": None}]})
    assert [(p.kind, p.data) for p in pieces(token)] == [("token", {"content": "Hel"})]
    last = _line({"choices": [{"delta": {}, "finish_reason": "stop"}]})
    assert [(p.kind, p.data) for p in pieces(last)] == [("finish", {"finish_reason": "stop"})]
    usage = _line({"choices": [], "usage": {"prompt_tokens": 8, "completion_tokens": 20}})
    assert pieces(usage)[0].data == {"usage": {"prompt_tokens": 8, "completion_tokens": 20}}
    assert [p.kind for p in pieces(b"data: [DONE]\n")] == ["done"]
    for nothing in (b"\n", b": ping\n", b"data: {not json\n", b"data: 3\n", b"event: x\n"):
        assert pieces(nothing) == []


def test_an_error_in_the_stream_is_said_as_such() -> None:
    found = pieces(_line({"error": {"message": "overloaded"}}))
    assert [(p.kind, p.data) for p in found] == [("error", {"detail": "overloaded"})]


def test_litellms_refusals_map_to_the_callers_problem_without_echoing_the_key() -> None:
    said = json.dumps({"error": {"message": "Invalid key sk-abcdef123456"}}).encode()
    status, detail = refusal(401, said)
    assert status == 403 and "sk-" not in detail
    assert refusal(429, json.dumps({"error": {"message": "tpm"}}).encode()) == (
        429,
        "LiteLLM's limits for this key were reached: tpm",
    )
    status, detail = refusal(400, json.dumps({"error": {"message": "sk-abcdef123456"}}).encode())
    assert status == 422 and "abcdef" not in detail
    assert refusal(500, b"<html>")[0] == 502


def _key(**changes: object) -> dict[str, object]:
    key: dict[str, object] = {
        "owner_user_id": "u1", "team_id": None, "status": "active", "blocked": False,
        "models": ["mock-gpt"], "withdrawn_models": [], "key_prefix": "sk-abc1234",
    }  # fmt: skip
    return key | changes


def test_only_my_active_key_with_its_own_secret_and_model_is_used() -> None:
    me = Principal("u1", "alice", frozenset({"user"}))
    chat = ChatIn.model_validate(_chat())
    _usable(_key(), me, chat, "sk-abc1234-rest")
    refused: list[tuple[dict[str, object], str, type[Exception]]] = [
        (_key(owner_user_id="u2"), "sk-abc1234-rest", Forbidden),
        (_key(), "sk-zzz9999-rest", Forbidden),
        (_key(status="revoked"), "sk-abc1234-rest", Invalid),
        (_key(blocked=True), "sk-abc1234-rest", Invalid),
        (_key(models=["mock-claude"]), "sk-abc1234-rest", Invalid),
        (_key(withdrawn_models=["mock-gpt"]), "sk-abc1234-rest", Invalid),
    ]
    for key, secret, error in refused:
        with pytest.raises(error):
            _usable(key, me, chat, secret)


def test_the_gateways_own_streaming_routes_are_in_its_openapi() -> None:
    from litemaas_gateway.bootstrap import build_app
    from litemaas_gateway.settings import GatewaySettings

    paths = build_app(GatewaySettings(LITEMAAS_ENV="development")).openapi()["paths"]
    assert "get" in paths["/api/v1/events"]
    assert "post" in paths["/api/v1/playground/chat"]
