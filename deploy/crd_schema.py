"""A CustomResourceDefinition's ``openAPIV3Schema`` as a JSON Schema the tests validate our
objects with, offline: one conversion for every CRD we deploy objects of (Strimzi's,
prometheus-operator's).

It keeps what the API server enforces and a JSON Schema validator can check: ``nullable``
becomes a ``null`` type, ``x-kubernetes-int-or-string`` an ``anyOf``; an object with declared
properties refuses others unless ``x-kubernetes-preserve-unknown-fields`` (the API server would
silently prune them: a misspelt field would go unnoticed). CEL rules
(``x-kubernetes-validations``) and descriptions are dropped.
"""

from __future__ import annotations

from typing import Any

_DROPPED = {"description", "nullable"}
_NESTED = ("items", "additionalProperties", "not", "oneOf", "anyOf", "allOf")


def convert(node: Any) -> Any:
    """One openAPIV3Schema node → the JSON Schema node that checks the same."""
    if isinstance(node, list):
        return [convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED or key.startswith("x-kubernetes-"):
            continue
        if key in ("properties", "patternProperties"):
            out[key] = {name: convert(sub) for name, sub in value.items()}
        elif key in _NESTED:
            out[key] = convert(value)
        else:
            out[key] = value
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    strict = not node.get("x-kubernetes-preserve-unknown-fields")
    if out.get("type") == "object" and "properties" in out and strict:
        out.setdefault("additionalProperties", False)
    return out


def version_schema(crd: dict[str, Any], version: str, comment: str) -> dict[str, Any]:
    """The JSON Schema of one served version of ``crd``: its apiVersion and kind pinned, a
    metadata name required."""
    group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
    served = next(v for v in crd["spec"]["versions"] if v["name"] == version)
    schema = convert(served["schema"]["openAPIV3Schema"])
    schema["properties"]["apiVersion"] = {"const": f"{group}/{version}"}
    schema["properties"]["kind"] = {"const": kind}
    schema["properties"]["metadata"] = {"type": "object", "required": ["name"]}
    schema["required"] = sorted({*schema.get("required", ()), "apiVersion", "kind"})
    return {"$schema": "http://json-schema.org/draft-07/schema#", "$comment": comment, **schema}
