"""LiteLLM's records of a request as SpendRecorded: what billing and other systems receive."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from litemaas_sync.domain.spend import (
    NotASpendRecord,
    Window,
    from_logging_object,
    from_spend_log,
    next_window,
)

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 30, 10, 20, 0, tzinfo=UTC)
HASH = "f71c" + "0" * 56 + "fa1e"

# a /spend/logs/v2 row as LiteLLM 1.106.2 returns it (observed/spend-and-lists.md)
ROW_TEXT = """{"request_id": "chatcmpl-8df2", "litellm_call_id": "c-1", "api_key": "HASH",
 "user": "u-1", "team_id": "", "organization_id": "", "model": "openai/gpt-4o-mini",
 "model_group": "mock-gpt", "custom_llm_provider": "openai", "spend": 1.35e-05,
 "prompt_tokens": 10, "completion_tokens": 20, "status": "success",
 "startTime": "2026-11-30T10:16:44.384+00:00", "endTime": "2026-11-30T10:16:44.420Z",
 "metadata": {"user_api_key": "HASH"}}""".replace("HASH", HASH)


def row(**changes: Any) -> dict[str, Any]:
    return {**json.loads(ROW_TEXT, parse_float=Decimal), **changes}


def logging_object(**changes: Any) -> dict[str, Any]:
    obj = {
        "id": "chatcmpl-a7de",
        "status": "success",
        "response_cost": 2.75e-05,
        "prompt_tokens": 10,
        "completion_tokens": 20,
        "model": "anthropic/claude-3-haiku-20240307",
        "model_group": "mock-claude",
        "custom_llm_provider": "anthropic",
        "startTime": 1796120204.384,
        "endTime": 1796120204.5,
        "metadata": {
            "user_api_key_hash": HASH,
            "user_api_key_user_id": "u-1",
            "user_api_key_team_id": "",
        },
    }
    return {**obj, **changes}


def test_a_spend_log_row_maps_to_the_public_model_the_key_hash_and_an_exact_cost() -> None:
    event = from_spend_log(row(), "key-1", NOW)
    assert (event.request_id, event.key_hash, event.key_id) == ("chatcmpl-8df2", HASH, "key-1")
    assert (event.model, event.provider, event.user_id) == ("mock-gpt", "openai", "u-1")
    assert event.team_id is None  # LiteLLM's "" for no team
    assert (event.prompt_tokens, event.completion_tokens) == (10, 20)
    assert event.cost == Decimal("0.0000135")
    assert event.model_dump(mode="json")["cost"] == "0.0000135"
    assert event.started_at == datetime(2026, 11, 30, 10, 16, 44, 384000, tzinfo=UTC)
    assert event.ended_at.tzinfo is not None
    assert (event.source, event.status, event.recorded_at) == ("pull", "success", NOW)


def test_a_cost_keeps_every_digit_the_json_carried() -> None:
    text = ROW_TEXT.replace("1.35e-05", "0.000123456789012345678")
    event = from_spend_log(json.loads(text, parse_float=Decimal), None, NOW)
    assert event.model_dump(mode="json")["cost"] == "0.000123456789012345678"
    # a float (the callback's JSON read without parse_float) goes through its shortest repr
    assert from_spend_log(row(spend=0.1 + 0.2), None, NOW).cost == Decimal("0.30000000000000004")


def test_a_failed_request_is_recorded_with_its_status_and_zero_cost() -> None:
    event = from_spend_log(row(status="failure", spend=0, user=""), None, NOW)
    assert (event.status, event.cost, event.user_id) == ("failure", Decimal(0), None)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"api_key": "", "metadata": {}}, "key_hash"),
        ({"model_group": "", "model": ""}, "model"),
        ({"request_id": ""}, "request_id"),
        ({"spend": Decimal("-1")}, "cost"),
        ({"spend": "NaN"}, "cost"),
        ({"startTime": "yesterday"}, "time"),
        ({"prompt_tokens": -3}, "prompt_tokens"),
    ],
)
def test_a_row_that_cannot_be_a_spend_record_says_why(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(NotASpendRecord, match=reason):
        from_spend_log(row(**changes), None, NOW)


def test_the_callbacks_logging_object_maps_like_the_row_of_the_same_request() -> None:
    event = from_logging_object(logging_object(), None, NOW)
    assert (event.request_id, event.key_hash, event.model) == ("chatcmpl-a7de", HASH, "mock-claude")
    assert (event.user_id, event.team_id, event.source) == ("u-1", None, "push")
    assert event.cost == Decimal("0.0000275")
    assert event.started_at == datetime.fromtimestamp(1796120204.384, UTC)
    assert from_logging_object(logging_object(status="failure"), None, NOW).status == "failure"


def test_windows_end_a_lag_ago_and_start_an_overlap_behind_the_watermark() -> None:
    lag, overlap = timedelta(seconds=60), timedelta(seconds=300)
    first = next_window(None, NOW, lag, overlap)
    assert first == Window(NOW - lag - overlap, NOW - lag)
    later = next_window(first.end, NOW + timedelta(seconds=10.5), lag, overlap)
    assert later == Window(first.end - overlap, first.end + timedelta(seconds=10))
    # nothing new has closed: no window (and the watermark never goes back)
    assert next_window(first.end, NOW + timedelta(milliseconds=500), lag, overlap) is None
