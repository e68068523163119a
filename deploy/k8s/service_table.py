"""The table deploy/k8s/generate.py writes the services' objects from: who they are, what they
may use (resources, Secrets, settings), whom they call and which ports come from outside."""

from __future__ import annotations

DB_SERVICES = ("auth", "catalog", "keys", "billing", "sync")
SERVICES = (*DB_SERVICES, "gateway")
HTTP_PORT, METRICS_PORT = 8080, 9090
KAFKA_PODS = {"strimzi.io/cluster": "litemaas-kafka", "strimzi.io/kind": "Kafka"}
#: measured idle RSS 118-129 MiB (services), 110-113 MiB (relays); see deploy/k8s/README.md
SERVICE_RESOURCES = {
    "requests": {"cpu": "100m", "memory": "192Mi"},
    "limits": {"cpu": "1", "memory": "512Mi"},
}
RELAY_RESOURCES = {
    "requests": {"cpu": "50m", "memory": "160Mi"},
    "limits": {"cpu": "500m", "memory": "384Mi"},
}
MIGRATE_RESOURCES = {
    "requests": {"cpu": "100m", "memory": "192Mi"},
    "limits": {"cpu": "1", "memory": "384Mi"},
}
#: Secrets (by name, key) each service reads, as (env name, secret, key). Never named
#: litemaas-<service>: those are the KafkaUsers' Secrets, which Strimzi's User Operator owns.
SECRETS: dict[str, list[tuple[str, str, str]]] = {
    "auth": [("AUTH_JWT_SIGNING_KEY", "litemaas-auth-jwt", "jwt-signing-key")],
    "catalog": [],
    "keys": [("KEYS_PROVISIONING_KEY", "litemaas-provisioning", "provisioning-key")],
    "billing": [("BILLING_WEBHOOK_KEY", "litemaas-billing-webhook", "webhook-key")],
    "sync": [
        ("SYNC_LITELLM_MASTER_KEY", "litemaas-litellm", "master-key"),
        ("SYNC_SPEND_PUSH_SECRET", "litemaas-spend-push", "secret"),
        ("SYNC_PROVISIONING_KEY", "litemaas-provisioning", "provisioning-key"),
    ],
    "gateway": [],
}
#: non-secret settings of each service (the shared ones are in litemaas-common)
SETTINGS: dict[str, dict[str, str]] = {
    # pods have no fixed addresses: the pod network stands for the gateway's, and auth's
    # NetworkPolicy admits only the gateway and the services (overlays narrow the range)
    "auth": {"AUTH_INITIAL_ADMINS": "", "AUTH_TRUSTED_PROXIES": "10.0.0.0/8"},
    "catalog": {},
    "keys": {},
    "billing": {},
    "sync": {"SYNC_LITELLM_URL": "http://litellm:4000", "SYNC_BILLING_URL": "http://billing:8080"},
    "gateway": {
        **{f"GATEWAY_{s.upper()}_URL": f"http://{s}:{HTTP_PORT}" for s in DB_SERVICES},
        "GATEWAY_LITELLM_URL": "http://litellm:4000",
        "GATEWAY_TRUSTED_PROXIES": "10.0.0.0/8",
        "GATEWAY_STATIC_DIR": "/app/frontend/dist",  # where docker-compose.yml's image has it
    },
}
#: in-namespace HTTP calls: who calls whom (every service fetches auth's JWKS)
CALLS: dict[str, tuple[str, ...]] = {
    "auth": (),
    "catalog": ("auth",),
    "keys": ("auth",),
    "billing": ("auth",),
    "sync": ("auth", "billing", "litellm"),
    "gateway": (*DB_SERVICES, "litellm"),
}
#: outside the cluster: auth asks the OpenShift API / OIDC issuer; billing sends webhooks
#: and mail to addresses admins configure
EXTERNAL_PORTS: dict[str, tuple[int, ...]] = {
    "auth": (443, 6443),
    "billing": (80, 443, 25, 465, 587),
}
