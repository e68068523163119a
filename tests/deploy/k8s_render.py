"""The rendered deploy/k8s overlays, built once per test session with the pinned kustomize."""

from __future__ import annotations

import functools
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = {
    "base": K8S / "base",
    "dev": K8S / "overlays" / "dev",
    "openshift": K8S / "overlays" / "openshift",
}
POD_OWNERS = ("Deployment", "StatefulSet", "Job")


@functools.cache
def render(overlay: str) -> tuple[dict[str, Any], ...]:
    """`kustomize build` of one overlay (scripts/kustomize installs kustomize when missing)."""
    argv = [str(ROOT / "scripts" / "kustomize"), "build", str(OVERLAYS[overlay])]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"kustomize build {overlay} failed:\n{done.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def render_all() -> None:
    """For a module fixture: the first build may install kustomize (a minute or more), which
    belongs outside any one test's timeout."""
    for overlay in OVERLAYS:
        render(overlay)


def of_kind(overlay: str, *kinds: str) -> list[dict[str, Any]]:
    return [obj for obj in render(overlay) if obj["kind"] in kinds]


def named(overlay: str, kind: str, name: str) -> dict[str, Any]:
    found = [o for o in of_kind(overlay, kind) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"{overlay}: {kind}/{name} found {len(found)} times"
    return found[0]


def pod_specs(overlay: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for obj in of_kind(overlay, *POD_OWNERS):
        yield f"{obj['kind']}/{obj['metadata']['name']}", obj["spec"]["template"]["spec"]


def containers(pod: dict[str, Any]) -> list[dict[str, Any]]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def container_env(overlay: str, container: dict[str, Any]) -> dict[str, str]:
    """The environment a container starts with, as the kubelet builds it: envFrom ConfigMaps,
    then env in order (secretKeyRef read from the overlay's generated Secrets, $(VAR) expanded
    from earlier entries)."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env |= named(overlay, "ConfigMap", source["configMapRef"]["name"]).get("data", {})
    for entry in container.get("env", []):
        if "value" in entry:
            value = entry["value"]
            for name, known in env.items():
                value = value.replace(f"$({name})", known)
            env[entry["name"]] = value
        else:
            ref = entry["valueFrom"]["secretKeyRef"]
            env[entry["name"]] = (
                f"scram-password-of-{ref['name']}"  # Strimzi's User Operator writes it
                if ref["name"] in kafka_users()
                else secret_value(overlay, ref["name"], ref["key"])
            )
    return env


def kafka_users() -> set[str]:
    """The KafkaUsers: Strimzi writes a Secret named after each, holding its ``password``."""
    return {o["metadata"]["name"] for o in of_kind("base", "KafkaUser")}


def secret_value(overlay: str, name: str, key: str) -> str:
    import base64

    data = named(overlay, "Secret", name).get("data", {})
    assert key in data, f"{overlay}: Secret {name} has no key {key}"
    return base64.b64decode(data[key]).decode()
