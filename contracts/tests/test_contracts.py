"""The event contracts as consumers see them: the envelope, the schemas, their compatibility."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, datetime

import pytest

from litemaas_contracts import Envelope, EnvelopeError, parse_event, uuid7
from litemaas_contracts.compat import breaking_changes
from litemaas_contracts.identity import UserCreated
from litemaas_contracts.schemas import (
    SCHEMA_DIR,
    breaking_against_committed,
    event_schemas,
    rendered,
)
from litemaas_contracts.topics import ALL_TOPICS

pytestmark = pytest.mark.unit


def test_published_schemas_have_no_breaking_change() -> None:
    assert breaking_against_committed() == [], (
        "a published event changed incompatibly: add a new .v2 event type instead"
    )


def test_committed_schemas_and_asyncapi_are_up_to_date() -> None:
    stale = [
        name
        for name, text in rendered().items()
        if not (SCHEMA_DIR / name).is_file() or (SCHEMA_DIR / name).read_text() != text
    ]
    assert stale == [], "run: uv run python -m litemaas_contracts.schemas write"


@pytest.fixture
def user_created() -> dict:
    return copy.deepcopy(event_schemas()[UserCreated.event_type])


def test_removing_a_field_is_breaking(user_created: dict) -> None:
    new = copy.deepcopy(user_created)
    del new["properties"]["email"]
    assert breaking_changes(user_created, new) == ["field 'email' was removed"]


def test_changing_a_type_is_breaking(user_created: dict) -> None:
    new = copy.deepcopy(user_created)
    new["properties"]["username"] = {"type": "integer"}
    assert breaking_changes(user_created, new) == ["field 'username' no longer accepts ['string']"]


def test_a_new_required_field_is_breaking_and_an_optional_one_is_not(user_created: dict) -> None:
    optional = copy.deepcopy(user_created)
    optional["properties"]["locale"] = {"type": "string", "default": "en"}
    assert breaking_changes(user_created, optional) == []
    required = copy.deepcopy(optional)
    required["required"] = [*required["required"], "locale"]
    assert breaking_changes(user_created, required) == ["field 'locale' became required"]


def test_envelope_round_trips_through_kafka_headers() -> None:
    sent = Envelope.new(
        type=UserCreated.event_type,
        source="/litemaas/auth",
        subject="u1",
        traceparent="00-" + "a" * 32 + "-" + "b" * 16 + "-01",
        correlation_id="c1",
    )
    received = Envelope.from_headers(sent.to_headers())
    assert received == sent
    headers = dict(sent.to_headers())
    assert headers["ce_specversion"] == b"1.0"
    assert headers["content-type"] == b"application/json"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ([("content-type", b"application/json")], "missing header(s) ce_specversion, ce_id"),
        (
            [("ce_specversion", b"0.3"), ("ce_id", b"1"), ("ce_type", b"t"), ("ce_source", b"s")],
            "unsupported ce_specversion",
        ),
        (
            [
                ("ce_specversion", b"1.0"),
                ("ce_id", b"\xff"),
                ("ce_type", b"t"),
                ("ce_source", b"s"),
            ],
            "not UTF-8",
        ),
    ],
)
def test_records_that_are_not_cloudevents_are_refused_with_a_reason(
    headers: list, reason: str
) -> None:
    with pytest.raises(EnvelopeError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        Envelope.from_headers(headers)


def test_uuid7_is_version_7_and_time_ordered() -> None:
    ids = [uuid7() for _ in range(200)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert [i.int >> 80 for i in ids] == sorted(i.int >> 80 for i in ids)
    assert len(set(ids)) == len(ids)


def test_consumers_ignore_fields_they_do_not_know() -> None:
    payload = {
        "user_id": "u1",
        "username": "alice",
        "created_at": datetime.now(UTC).isoformat(),
        "favourite_colour": "teal",
    }
    event = parse_event(UserCreated.event_type, payload)
    assert isinstance(event, UserCreated)
    assert event.subject() == "u1"


def test_every_topic_follows_the_naming_rule() -> None:
    for topic in ALL_TOPICS:
        parts = topic.name.split(".")
        assert parts[0] == "litemaas" and parts[-1] == "v1" and len(parts) == 4, topic.name
