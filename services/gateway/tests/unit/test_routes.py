"""The gateway sends each part of /api/v1 to the service that owns it, and nothing else."""

from __future__ import annotations

import pytest

from litemaas_gateway.routes import service_for

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/api/v1/auth/dev-login", "auth"),
        ("/api/v1/models", "catalog"),
        ("/api/v1/models/openai/gpt-4o", "catalog"),
        ("/api/v1/subscriptions/123", "catalog"),
        ("/api/v1/admin/subscriptions/bulk", "catalog"),
        ("/api/v1/admin/sync/models", "sync"),
        ("/api/v1/usage/summary", "billing"),
        ("/api/v1/statements", "billing"),
        ("/api/v1/admin/usage/top", "billing"),
        ("/api/v1/usagex", None),
        ("/api/v1/budgets/b-1/increase-requests", "billing"),
        ("/api/v1/admin/budgets", "billing"),
        ("/api/v1/budget-requests", "billing"),
        ("/api/v1/admin/budget-requests/r-1/approve", "billing"),
        ("/api/v1/notifications/7/read", "billing"),
        ("/api/v1/admin/webhooks", "billing"),
        ("/api/v1/admin/alert-deliveries", "billing"),
        ("/api/v1/budgetsx", None),
        ("/api/v1/modelsx", None),
        ("/api/v1/unknown", None),
        ("/health/ready", None),
    ],
)
def test_paths_route_to_their_owner(path: str, service: str | None) -> None:
    assert service_for(path) == service
