"""Every overlay of deploy/k8s renders, and every object in it is valid, offline: Kubernetes
kinds against kubernetes-validate's bundled schemas, OpenShift kinds against the schemas
committed under deploy/k8s/schemas/openshift/ (Strimzi kinds: tests/deploy/test_kafka_manifests.py).
Then the rules the issue sets: no Secret written out, probes and resources everywhere, a
ServiceAccount per pod, restricted-v2 on OpenShift, default-deny networking."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

import kubernetes_validate
import pytest
from jsonschema import Draft7Validator

from deploy.k8s import generate
from tests.deploy.k8s_render import (
    K8S,
    OVERLAYS,
    ROOT,
    containers,
    kafka_users,
    of_kind,
    pod_specs,
    render,
    render_all,
)

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module", autouse=True)
def _rendered() -> None:
    render_all()


#: the Kubernetes of OpenShift 4.20; kubernetes-validate ships its schemas
KUBERNETES_VERSION = "1.33.0"
OPENSHIFT_SCHEMAS = {
    ("route.openshift.io/v1", "Route"): "route-v1.json",
    ("oauth.openshift.io/v1", "OAuthClient"): "oauthclient-v1.json",
}
#: prometheus-operator's kinds, against the schemas made from its CRDs
MONITORING_SCHEMAS = {
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule-v1.json",
    ("monitoring.coreos.com/v1", "PodMonitor"): "podmonitor-v1.json",
}
#: the restricted-v2 SCC's volume types
RESTRICTED_VOLUMES = {"configMap", "downwardAPI", "emptyDir", "persistentVolumeClaim"}
RESTRICTED_VOLUMES |= {"projected", "secret", "ephemeral", "csi"}


@pytest.fixture(scope="module", autouse=True)
def _schemas_read_once() -> Iterator[None]:
    """kubernetes-validate reads its 1.4 MB definitions file on every call: 20 s for the three
    overlays. The same files, read once (they are not modified: validation only reads them)."""
    with pytest.MonkeyPatch.context() as patch:
        cached = functools.cache(kubernetes_validate.utils.schema_contents)
        patch.setattr(kubernetes_validate.utils, "schema_contents", cached)
        yield


def _errors(obj: dict[str, Any]) -> list[str]:
    key = (obj["apiVersion"], obj["kind"])
    if key in OPENSHIFT_SCHEMAS or key in MONITORING_SCHEMAS:
        path = (
            K8S / "schemas" / "openshift" / OPENSHIFT_SCHEMAS[key]
            if key in OPENSHIFT_SCHEMAS
            else ROOT / "deploy" / "observability" / "schemas" / MONITORING_SCHEMAS[key]
        )
        validator = Draft7Validator(json.loads(path.read_text()))
        return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(obj)]
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        return [f"{'/'.join(map(str, exc.path))}: {exc.message}"]
    return []


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_object_of_the_overlay_is_valid(overlay: str) -> None:
    objects = [o for o in render(overlay) if not o["apiVersion"].startswith("kafka.strimzi.io/")]
    assert len(objects) >= 80  # the whole tree rendered, not an empty build
    errors = [f"{o['kind']}/{o['metadata']['name']}: {e}" for o in objects for e in _errors(o)]
    assert errors == []


def test_openshift_monitors_every_service_and_relay_and_ships_the_alerts() -> None:
    rendered = render("openshift")
    kinds = {o["kind"] for o in rendered}
    assert {"PrometheusRule", "PodMonitor"} <= kinds
    monitored = {
        m["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"]: m["spec"][
            "podMetricsEndpoints"
        ][0]["port"]
        for m in rendered
        if m["kind"] == "PodMonitor"
    }
    for _, pod in pod_specs("openshift"):
        for container in containers(pod):
            names = {p.get("name") for p in container.get("ports", [])}
            if names & {"http", "metrics"} and container["image"].startswith("quay.io/litemaas"):
                assert names & set(monitored.values()), container["name"]
    dashboards = [o for o in rendered if o["metadata"]["name"] == "litemaas-dashboards"]
    assert dashboards and len(dashboards[0]["data"]) == 5


def test_the_validation_catches_a_bad_object() -> None:
    deployment = dict(of_kind("base", "Deployment")[0])
    assert _errors({**deployment, "spec": {**deployment["spec"], "replicas": "two"}})
    route = of_kind("openshift", "Route")[0]
    assert _errors({**route, "spec": {**route["spec"], "tls": {"termination": "edgy"}}})
    client = of_kind("openshift", "OAuthClient")[0]
    assert _errors({**client, "redirectURI": client["redirectURIs"][0]})  # a typo


@pytest.mark.parametrize("overlay", ["base", "openshift"])
def test_no_secret_is_written_outside_the_dev_overlay(overlay: str) -> None:
    assert of_kind(overlay, "Secret") == []
    looks_secret = re.compile(r"PASSWORD|SECRET|_KEY$|TOKEN")
    for where, pod in pod_specs(overlay):
        for container in containers(pod):
            for entry in container.get("env", []):
                if looks_secret.search(entry["name"]):
                    assert "valueFrom" in entry, f"{where}: {entry['name']} is written out"
                elif "value" in entry:  # a URL may carry a password only as $(A_SECRET)
                    assert "@" not in entry["value"] or "$(" in entry["value"], where


def test_only_the_dev_overlay_generates_secrets_and_their_values_are_placeholders() -> None:
    secrets = of_kind("dev", "Secret")
    assert secrets
    for secret in secrets:
        assert "stringData" not in secret
        assert all(v for v in secret["data"].values())
    for path in (K8S / "overlays" / "dev" / "secrets").glob("*.env"):
        assert "not-a-secret" in path.read_text(), path


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_deployment_has_probes_requests_and_limits(overlay: str) -> None:
    for obj in of_kind(overlay, "Deployment", "StatefulSet"):
        pod = obj["spec"]["template"]["spec"]
        for container in pod["containers"]:
            where = f"{obj['metadata']['name']}/{container['name']}"
            assert "livenessProbe" in container and "readinessProbe" in container, where
        for container in containers(pod):
            resources = container.get("resources", {})
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(kind, {})), where


def test_services_are_probed_on_their_health_endpoints() -> None:
    for svc in generate.SERVICES:
        container = next(
            c
            for o in of_kind("base", "Deployment")
            if o["metadata"]["name"] == svc
            for c in o["spec"]["template"]["spec"]["containers"]
        )
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_every_pod_runs_as_its_own_service_account(overlay: str) -> None:
    accounts = {o["metadata"]["name"] for o in of_kind(overlay, "ServiceAccount")}
    used = [pod.get("serviceAccountName") for _, pod in pod_specs(overlay)]
    assert all(name in accounts for name in used), set(used) - accounts
    assert len(used) == len(set(used))  # one each: a policy or a role names one workload


def test_every_service_and_relay_is_deployed_with_a_budget_and_a_policy() -> None:
    names = [*generate.SERVICES, *(f"{s}-relay" for s in generate.DB_SERVICES)]
    for kind in ("Deployment", "PodDisruptionBudget", "NetworkPolicy", "ServiceAccount"):
        found = {o["metadata"]["name"] for o in of_kind("base", kind)}
        assert set(names) <= found, (kind, set(names) - found)


def test_openshift_pods_pass_restricted_v2() -> None:
    for where, pod in pod_specs("openshift"):
        context = pod.get("securityContext", {})
        assert context.get("runAsNonRoot") is True, where
        assert context.get("seccompProfile", {}).get("type") == "RuntimeDefault", where
        assert not {"runAsUser", "fsGroup", "runAsGroup", "supplementalGroups"} & set(context)
        assert not any(pod.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")), where
        for volume in pod.get("volumes", []):
            assert set(volume) - {"name"} <= RESTRICTED_VOLUMES, (where, volume)
        for container in containers(pod):
            sc = container.get("securityContext", {})
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("capabilities") == {"drop": ["ALL"]}, where
            assert not sc.get("privileged") and "runAsUser" not in sc, where
            assert all("hostPort" not in p for p in container.get("ports", [])), where
            if container["name"] not in ("litellm",):  # Prisma writes its client at start
                assert sc.get("readOnlyRootFilesystem") is True, where


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_networking_is_denied_unless_a_policy_allows_it(overlay: str) -> None:
    deny = [o for o in of_kind(overlay, "NetworkPolicy") if o["metadata"]["name"] == "default-deny"]
    assert [d["spec"] for d in deny] == [{"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}]
    selected = set()
    for policy in of_kind(overlay, "NetworkPolicy"):
        labels = policy["spec"]["podSelector"].get("matchLabels", {})
        selected.add(labels.get("app.kubernetes.io/name"))
    for obj in of_kind(overlay, "Deployment", "StatefulSet", "Job"):
        assert obj["metadata"]["name"] in selected, obj["metadata"]["name"]


def test_services_are_reached_only_from_the_gateway_and_named_callers() -> None:
    policies = {o["metadata"]["name"]: o["spec"] for o in of_kind("base", "NetworkPolicy")}
    for svc in ("catalog", "keys"):
        sources = policies[svc]["ingress"][0]["from"]
        assert sources == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}]
    router = policies["gateway"]["ingress"][0]["from"][0]
    openshift = {o["metadata"]["name"]: o["spec"] for o in of_kind("openshift", "NetworkPolicy")}
    assert "namespaceSelector" in router
    assert openshift["gateway"]["ingress"][0]["from"] == [
        {"namespaceSelector": {"matchLabels": {"policy-group.network.openshift.io/ingress": ""}}}
    ]


def test_the_committed_service_manifests_are_what_generate_writes() -> None:
    written = {p.name: p.read_text() for p in generate.OUT.glob("*.yaml")}
    assert written == generate.files(), "run `python deploy/k8s/generate.py`"


def test_litellm_mounts_the_callback_the_billing_issue_wrote() -> None:
    copy = K8S / "base" / "litellm" / "litemaas_callback.py"
    assert copy.read_text() == (ROOT / "deploy" / "litellm" / "litemaas_callback.py").read_text()


def test_the_readme_names_every_secret_the_cluster_needs() -> None:
    readme = (K8S / "README.md").read_text()
    names = {
        ref["secretKeyRef"]["name"]
        for _, pod in pod_specs("openshift")
        for container in containers(pod)
        for ref in (e.get("valueFrom", {}) for e in container.get("env", []))
        if "secretKeyRef" in ref and ref["secretKeyRef"]["name"] not in kafka_users()
    }  # the KafkaUsers' Secrets are Strimzi's to write; the README's Kafka section says so
    assert len(names) >= 12
    assert [n for n in sorted(names) if f"`{n}`" not in readme] == []


def test_no_secret_we_reference_is_one_strimzi_writes_for_a_kafka_user() -> None:
    """The User Operator owns the Secret named after each KafkaUser: a Secret of ours with that
    name would be overwritten (and our keys lost) when the user is reconciled. The one use of
    theirs: each container reads its own service's user's SCRAM ``password``, nothing else."""
    kafka_users = {o["metadata"]["name"] for o in of_kind("base", "KafkaUser")}
    assert kafka_users
    for _, pod in pod_specs("openshift"):
        for container in containers(pod):
            for e in container.get("env", []):
                ref = e.get("valueFrom", {}).get("secretKeyRef")
                if ref and ref["name"] in kafka_users:
                    assert (e["name"], ref["key"]) == ("KAFKA_SASL_PASSWORD", "password")
                    service = ref["name"].removeprefix("litemaas-")
                    assert container["image"].split(":")[0].endswith(f"/{service}")
    assert not [o for o in of_kind("openshift", "Secret") if o["metadata"]["name"] in kafka_users]
