"""JSON Schemas and an AsyncAPI 3.0 document, generated from the event models.

``python -m litemaas_contracts.schemas write`` refreshes the committed copies under
``contracts/schemas/``; the contract test compares the models with them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from litemaas_contracts.compat import compare_all
from litemaas_contracts.registry import EVENT_TYPES
from litemaas_contracts.topics import ALL_TOPICS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def event_schemas() -> dict[str, dict[str, Any]]:
    """``ce_type`` → JSON Schema of the record's value."""
    out: dict[str, dict[str, Any]] = {}
    for ce_type, cls in sorted(EVENT_TYPES.items()):
        schema = cls.model_json_schema(mode="validation")
        schema["$id"] = f"urn:litemaas:event:{ce_type}"
        schema["x-topic"] = cls.topic
        schema["x-key"] = cls.subject_field
        out[ce_type] = schema
    return out


def asyncapi() -> dict[str, Any]:
    schemas = event_schemas()
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        refs = {}
        for ce_type, schema in schemas.items():
            if schema["x-topic"] != topic.name:
                continue
            name = ce_type.replace(".", "_")
            messages[name] = {
                "name": ce_type,
                "contentType": "application/json",
                "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
                "payload": {"$ref": f"schemas/{ce_type}.json"},
            }
            refs[name] = {"$ref": f"#/components/messages/{name}"}
        channel_id = topic.name.replace(".", "_")
        channels[channel_id] = {
            "address": topic.name,
            "description": topic.description,
            "messages": refs,
            "bindings": {
                "kafka": {
                    "partitions": topic.partitions,
                    "topicConfiguration": {"retention.ms": topic.retention_ms},
                }
            },
        }
        if refs:
            operations[f"publish_{channel_id}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{channel_id}"},
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "LiteMaaS events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 in Kafka binary content mode; key = aggregate id.",
        },
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "schemas": {"CloudEventHeaders": _headers_schema()},
        },
    }


def _headers_schema() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "required": ["ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time"],
        "properties": {
            "ce_specversion": {"const": "1.0"},
            "ce_id": {"type": "string", "description": "UUIDv7, the dedupe key"},
            "ce_type": text,
            "ce_source": text,
            "ce_subject": {"type": "string", "description": "aggregate id, also the key"},
            "ce_time": {"type": "string", "format": "date-time"},
            "traceparent": {"type": "string", "description": "W3C trace context"},
            "correlation_id": text,
        },
    }


def committed() -> dict[str, dict[str, Any]]:
    """The published schemas: ``ce_type`` → schema, as checked in."""
    return {
        path.name.removesuffix(".json"): json.loads(path.read_text())
        for path in sorted(SCHEMA_DIR.glob("litemaas.*.json"))
    }


def breaking_against_committed() -> list[str]:
    return compare_all(committed(), event_schemas())


def rendered() -> dict[str, str]:
    """Relative path → file text, exactly as committed."""
    files = {
        f"{ce_type}.json": json.dumps(schema, indent=2, sort_keys=True) + "\n"
        for ce_type, schema in event_schemas().items()
    }
    files["asyncapi.json"] = json.dumps(asyncapi(), indent=2, sort_keys=True) + "\n"
    return files


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    files = rendered()
    if command == "write":
        problems = breaking_against_committed()
        if problems:
            print(
                "refusing to overwrite published schemas with breaking changes; publish a new "
                "versioned event type (.v2) instead:",
                *problems,
                sep="\n  ",
                file=sys.stderr,
            )
            return 1
        SCHEMA_DIR.mkdir(exist_ok=True)
        for name, text in files.items():
            (SCHEMA_DIR / name).write_text(text)
        print(f"wrote {len(files)} files to {SCHEMA_DIR}")
        return 0
    stale = [
        n
        for n, t in files.items()
        if not (SCHEMA_DIR / n).is_file() or (SCHEMA_DIR / n).read_text() != t
    ]
    for name in stale:
        print(f"out of date: contracts/schemas/{name}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
