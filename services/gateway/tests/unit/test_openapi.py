"""One OpenAPI document: each service's paths under its own prefix, schemas merged, and two
services' different schemas of one name both kept with their references right."""

from __future__ import annotations

from typing import Any

import pytest

from litemaas_gateway.openapi import merge

pytestmark = pytest.mark.unit


def _spec(paths: dict[str, str], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "paths": {
            p: {"get": {"responses": {"200": {"$ref": f"#/components/schemas/{s}"}}}}
            for p, s in paths.items()
        },
        "components": {"schemas": schemas},
        "tags": [{"name": "t"}],
    }


def test_every_service_contributes_only_the_paths_the_gateway_routes_to_it() -> None:
    merged = merge(
        {
            "gateway": _spec({"/api/v1/status": "S", "/health/live": "S"}, {"S": {}}),
            "auth": _spec({"/api/v1/auth/me": "User", "/health/ready": "S"}, {"User": {}}),
            "catalog": _spec({"/api/v1/models": "Model", "/api/v1/auth/x": "S"}, {"Model": {}}),
        }
    )
    assert list(merged["paths"]) == ["/api/v1/auth/me", "/api/v1/models", "/api/v1/status"]
    assert set(merged["components"]["schemas"]) == {"S", "User", "Model"}
    assert merged["tags"] == [{"name": "t"}]


def test_equal_schemas_are_one_and_different_ones_of_a_name_are_both_kept() -> None:
    error = {"type": "object", "title": "HTTPValidationError"}
    merged = merge(
        {
            "auth": _spec({"/api/v1/auth/me": "Limits"}, {"Limits": {"a": 1}, "E": error}),
            "billing": _spec({"/api/v1/budgets": "Limits"}, {"Limits": {"b": 2}, "E": error}),
        }
    )
    schemas = merged["components"]["schemas"]
    assert schemas["Limits"] == {"a": 1} and schemas["billing.Limits"] == {"b": 2}
    assert schemas["E"] == error and "billing.E" not in schemas
    budgets = merged["paths"]["/api/v1/budgets"]["get"]["responses"]["200"]["$ref"]
    assert budgets == "#/components/schemas/billing.Limits"
    me = merged["paths"]["/api/v1/auth/me"]["get"]["responses"]["200"]["$ref"]
    assert me == "#/components/schemas/Limits"
