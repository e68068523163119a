"""Which service answers which part of ``/api/v1``. Pure; the proxy asks it for every request."""

from __future__ import annotations

#: path prefix → service; only contexts that are built are routed (the rest answer 404)
ROUTES: tuple[tuple[str, str], ...] = (
    ("/api/v1/auth", "auth"),
    ("/api/v1/teams", "auth"),
    ("/api/v1/admin/users", "auth"),
    ("/api/v1/models", "catalog"),
    ("/api/v1/subscriptions", "catalog"),
    ("/api/v1/admin/models", "catalog"),
    ("/api/v1/admin/subscriptions", "catalog"),
    ("/api/v1/api-keys", "keys"),
    ("/api/v1/admin/api-keys", "keys"),
    ("/api/v1/admin/sync", "sync"),
    ("/api/v1/usage", "billing"),
    ("/api/v1/admin/usage", "billing"),
    ("/api/v1/budgets", "billing"),
    ("/api/v1/admin/budgets", "billing"),
    ("/api/v1/budget-requests", "billing"),
    ("/api/v1/admin/budget-requests", "billing"),
    ("/api/v1/notifications", "billing"),
    ("/api/v1/statements", "billing"),
    ("/api/v1/admin/webhooks", "billing"),
    ("/api/v1/admin/alert-deliveries", "billing"),
    ("/api/v1/credits", "billing"),
    ("/api/v1/admin/credits", "billing"),
)


def service_for(path: str) -> str | None:
    for prefix, service in ROUTES:
        if path == prefix or path.startswith(prefix + "/"):
            return service
    return None
