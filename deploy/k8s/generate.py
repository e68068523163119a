"""Writes deploy/k8s/base/services/*.yaml: each service's and relay's Deployment, Service, PDB,
ServiceAccount, NetworkPolicy and settings, from one table, so the eleven near-identical files
cannot drift apart. `python -m deploy.k8s.generate` (`make manifests`) rewrites them; a test
fails when the committed files differ from what this writes.

The argv/env contract is the local launcher's (deploy/local/launcher/services.py):
`python -m litemaas_<svc> serve|relay|migrate`, shared settings unprefixed, a service's own with
its prefix (services/*/src/*/settings.py). Passwords reach PostgreSQL through PGPASSWORD, which
asyncpg reads when the URL has none, so no password is ever spelled into a URL.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from deploy.k8s.service_table import (
    CALLS,
    DB_SERVICES,
    EXTERNAL_PORTS,
    HTTP_PORT,
    KAFKA_PODS,
    METRICS_PORT,
    MIGRATE_RESOURCES,
    RELAY_RESOURCES,
    SECRETS,
    SERVICE_RESOURCES,
    SERVICES,
    SETTINGS,
)

OUT = Path(__file__).resolve().parent / "base" / "services"


def labels(name: str, component: str) -> dict[str, str]:
    return {"app.kubernetes.io/name": name, "app.kubernetes.io/component": component}


def peer(name: str) -> dict[str, Any]:
    return {"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}


def port(number: int) -> list[dict[str, Any]]:
    return [{"protocol": "TCP", "port": number}]


def env(svc: str, relay: bool) -> list[dict[str, Any]]:
    """Secrets first: REDIS_URL and nothing else expands one, and only from an earlier entry."""
    out: list[dict[str, Any]] = [
        {"name": "REDIS_PASSWORD", "valueFrom": secret_ref("litemaas-redis", "password")},
        {"name": "REDIS_URL", "value": "redis://:$(REDIS_PASSWORD)@redis:6379/0"},
    ]
    if svc in DB_SERVICES:
        password = secret_ref(f"litemaas-db-{svc}", "password")
        out.append({"name": "PGPASSWORD", "valueFrom": password})
    out += [{"name": n, "valueFrom": secret_ref(s, k)} for n, s, k in SECRETS[svc]]
    # its KafkaUser: SCRAM-SHA-512 on the bootstrap's 9092 listener; Strimzi's User Operator
    # writes the password into a Secret named after the user
    out += [
        {"name": "KAFKA_SECURITY_PROTOCOL", "value": "SASL_PLAINTEXT"},
        {"name": "KAFKA_SASL_USERNAME", "value": f"litemaas-{svc}"},
        {"name": "KAFKA_SASL_PASSWORD", "valueFrom": secret_ref(f"litemaas-{svc}", "password")},
    ]
    if relay:
        out.append({"name": f"{svc.upper()}_RELAY_METRICS_PORT", "value": str(METRICS_PORT)})
    return out


def secret_ref(name: str, key: str) -> dict[str, Any]:
    return {"secretKeyRef": {"name": name, "key": key}}


def container(svc: str, name: str, command: str, relay: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": name,
        "image": f"litemaas/{svc}",
        "command": ["python", "-m", f"litemaas_{svc}", command],
        "envFrom": [
            {"configMapRef": {"name": "litemaas-common"}},
            {"configMapRef": {"name": f"{svc}-config"}},
        ],
        "env": env(svc, relay),
        "securityContext": {
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
    }
    return spec


def probes(port_name: str, live: str, ready: str) -> dict[str, Any]:
    def probe(path: str, period: int, failures: int) -> dict[str, Any]:
        get = {"path": path, "port": port_name}
        return {"httpGet": get, "periodSeconds": period, "failureThreshold": failures}

    return {
        # imports and the first connections take ~5-20 s on two cores (the local stack's figure)
        "startupProbe": probe(live, 2, 60),
        "livenessProbe": probe(live, 10, 3),
        "readinessProbe": probe(ready, 5, 2),
    }


def deployment(svc: str, relay: bool) -> dict[str, Any]:
    name = f"{svc}-relay" if relay else svc
    main = container(svc, name, "relay" if relay else "serve", relay)
    if relay:
        # the relay has no HTTP app; the lead's relay metrics server answers every path, so this
        # proves the process is alive and serving, not that it publishes (its metrics show that)
        main["ports"] = [{"name": "metrics", "containerPort": METRICS_PORT}]
        main |= probes("metrics", "/metrics", "/metrics")
        main["resources"] = RELAY_RESOURCES
    else:
        main["ports"] = [{"name": "http", "containerPort": HTTP_PORT}]
        main |= probes("http", "/health/live", "/health/ready")
        main["resources"] = SERVICE_RESOURCES
    pod: dict[str, Any] = {
        "serviceAccountName": name,
        "automountServiceAccountToken": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": 10001,  # vanilla Kubernetes; the openshift overlay leaves it to the SCC
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        # two replicas on two nodes where there are two: a drain or a lost node leaves one
        "topologySpreadConstraints": [
            {
                "maxSkew": 1,
                "topologyKey": "kubernetes.io/hostname",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
            }
        ],
        "containers": [main],
        "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
    }
    if svc in DB_SERVICES and not relay:
        # PostgreSQL's DDL is transactional: a replica that loses a race to migrate rolls back
        # whole and its retry finds the schema at head. A relay waits for its service's tables.
        migrate = container(svc, "migrate", "migrate")
        migrate["resources"] = MIGRATE_RESOURCES
        pod["initContainers"] = [migrate]
    component = "relay" if relay else "service"
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": labels(name, component)},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "template": {"metadata": {"labels": labels(name, component)}, "spec": pod},
        },
    }


def network_policy(svc: str, relay: bool) -> dict[str, Any]:
    name = f"{svc}-relay" if relay else svc
    kafka = {"to": [{"podSelector": {"matchLabels": KAFKA_PODS}}], "ports": port(9092)}
    egress: list[dict[str, Any]] = [kafka]
    if svc in DB_SERVICES:
        egress.append({"to": [peer("postgres")], "ports": port(5432)})
    ingress: list[dict[str, Any]] = []
    if relay:
        policy_types = ["Ingress", "Egress"]  # nothing comes in but the kubelet's probes
    else:
        egress.append({"to": [peer("redis")], "ports": port(6379)})
        for callee in CALLS[svc]:
            number = 4000 if callee == "litellm" else HTTP_PORT
            egress.append({"to": [peer(callee)], "ports": port(number)})
        if svc in EXTERNAL_PORTS:
            ports = [p for n in EXTERNAL_PORTS[svc] for p in port(n)]
            egress.append({"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": ports})
        callers = sorted({c for c, callees in CALLS.items() if svc in callees})
        callers += ["litellm"] if svc == "sync" else []  # its spend callback
        if svc == "gateway":  # the ingress controller's namespace; the overlays adjust it
            sources = [{"namespaceSelector": {"matchLabels": INGRESS_NAMESPACE}}]
        else:
            sources = [peer(c) for c in callers]
        ingress.append({"from": sources, "ports": port(HTTP_PORT)})
        policy_types = ["Ingress", "Egress"]
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": name},
        "spec": {
            "podSelector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "policyTypes": policy_types,
            "ingress": ingress,
            "egress": egress,
        },
    }


INGRESS_NAMESPACE = {"kubernetes.io/metadata.name": "ingress-nginx"}


def component_objects(svc: str, relay: bool) -> list[dict[str, Any]]:
    name = f"{svc}-relay" if relay else svc
    sa = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name}}
    selector = {"matchLabels": {"app.kubernetes.io/name": name}}
    pdb = {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name},
        "spec": {"maxUnavailable": 1, "selector": selector},
    }
    return [sa, deployment(svc, relay), pdb, network_policy(svc, relay)]


def service_objects(svc: str) -> list[dict[str, Any]]:
    settings = {f"{svc.upper()}_HTTP_HOST": "0.0.0.0", f"{svc.upper()}_HTTP_PORT": str(HTTP_PORT)}
    if svc in DB_SERVICES:
        url = f"postgresql+asyncpg://litemaas_{svc}@postgres:5432/litemaas_{svc}"
        settings[f"{svc.upper()}_DATABASE_URL"] = url
    settings |= SETTINGS[svc]
    meta = {"name": f"{svc}-config"}
    config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta, "data": settings}
    service = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": svc, "labels": labels(svc, "service")},
        "spec": {
            "selector": {"app.kubernetes.io/name": svc},
            "ports": [{"name": "http", "port": HTTP_PORT, "targetPort": "http"}],
        },
    }
    return [config, *component_objects(svc, False), service]


def files() -> dict[str, str]:
    """File name -> text, one file per Deployment."""
    out = {f"{svc}.yaml": render(service_objects(svc)) for svc in SERVICES}
    for svc in DB_SERVICES:
        out[f"{svc}-relay.yaml"] = render(component_objects(svc, True))
    return out


def render(objects: list[dict[str, Any]]) -> str:
    head = "# Generated by deploy/k8s/generate.py: edit that file, then run it.\n"
    return head + "---\n".join(yaml.safe_dump(o, sort_keys=False) for o in objects)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files().items():
        (OUT / name).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
