"""Is a new JSON Schema of an event a breaking change for consumers of the old one?

Consumers are tolerant readers, so additive changes (a new optional field, a wider enum) are
fine. Breaking: removing or renaming a field, changing a field's type, making a field newly
required, narrowing an enum, or removing an event type altogether.
"""

from __future__ import annotations

from typing import Any


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(root.get("$defs", {})[ref.removeprefix("#/$defs/")], root)
    return schema


def _types(schema: dict[str, Any], root: dict[str, Any]) -> set[str]:
    schema = _resolve(schema, root)
    if "anyOf" in schema:
        return set().union(*(_types(s, root) for s in schema["anyOf"]))
    if "const" in schema:
        return {f"const:{schema['const']}"}
    if "enum" in schema:
        return {f"const:{v}" for v in schema["enum"]}
    kind = schema.get("type", "any")
    fmt = schema.get("format")
    return {f"{kind}:{fmt}" if fmt else str(kind)}


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Reasons why ``new`` cannot replace ``old`` under the same event type (empty: compatible)."""
    problems: list[str] = []
    old_props: dict[str, Any] = old.get("properties", {})
    new_props: dict[str, Any] = new.get("properties", {})
    for name, old_field in old_props.items():
        if name not in new_props:
            problems.append(f"field {name!r} was removed")
            continue
        lost = _types(old_field, old) - _types(new_props[name], new)
        if lost:
            problems.append(f"field {name!r} no longer accepts {sorted(lost)}")
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(newly_required):
        problems.append(f"field {name!r} became required")
    return problems


def compare_all(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[str]:
    problems = []
    for ce_type, old_schema in sorted(old.items()):
        if ce_type not in new:
            problems.append(f"{ce_type}: event type was removed")
            continue
        problems += [f"{ce_type}: {p}" for p in breaking_changes(old_schema, new[ce_type])]
    return problems
