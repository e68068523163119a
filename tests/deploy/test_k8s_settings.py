"""The settings the manifests give each process are the names its settings class reads
(services/*/src/*/settings.py), and the class accepts them: a renamed setting, a typo or a value
a validator refuses fails here, not in a crash-looping pod."""

from __future__ import annotations

import importlib
import os
from typing import Any

import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from deploy.k8s import generate
from litemaas_servicekit.kafka_security import KafkaSecurity
from tests.deploy.k8s_render import container_env, containers, named, of_kind, pod_specs, render_all

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module", autouse=True)
def _rendered() -> None:
    render_all()


#: read by something other than the settings: libpq/asyncpg, and $(VAR) expansion
INDIRECT = {"PGPASSWORD", "REDIS_PASSWORD"}
#: a strong stand-in for a Secret's value where the overlay only names the Secret
STRONG = "Zq8v1Xr2Lk9Wm3Tn7Bc5Hd4Jf6Gp0Ys"


def settings_class(svc: str) -> type[BaseSettings]:
    module = importlib.import_module(f"litemaas_{svc}.settings")
    cls: type[BaseSettings] = getattr(module, f"{svc.capitalize()}Settings")
    return cls


def names_read(cls: type[BaseSettings], *, with_kafka: bool = True) -> set[str]:
    """Every variable the class reads, and those every service's Kafka clients read."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    names = set()
    for field, info in cls.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {str(choice).upper() for choice in alias.choices}
        elif isinstance(alias, str):
            names.add(alias.upper())
        else:
            names.add(f"{prefix}{field}".upper())
    return names | (names_read(KafkaSecurity, with_kafka=False) if with_kafka else set())


def service_containers(overlay: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for svc in generate.SERVICES:
        for name in (svc, f"{svc}-relay"):
            if name == svc or svc in generate.DB_SERVICES:
                pod = named(overlay, "Deployment", name)["spec"]["template"]["spec"]
                out += [(svc, c) for c in containers(pod)]
    return out


def test_every_setting_a_service_is_given_is_one_its_settings_read() -> None:
    for svc, container in service_containers("base"):
        own = named("base", "ConfigMap", f"{svc}-config")["data"]
        given = set(own) | {e["name"] for e in container.get("env", [])}
        unread = given - names_read(settings_class(svc)) - INDIRECT
        assert unread == set(), f"{svc}/{container['name']}"


def test_every_shared_setting_is_read_by_some_service() -> None:
    shared = set(named("base", "ConfigMap", "litemaas-common")["data"])
    read = set().union(*(names_read(settings_class(s)) for s in generate.SERVICES))
    assert shared - read == set()


@pytest.mark.parametrize("overlay", ["dev", "openshift"])
def test_every_process_starts_with_the_settings_it_is_given(
    overlay: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for svc, container in service_containers(overlay):
        with monkeypatch.context() as patch:
            for name in list(os.environ):  # only what the pod would have
                patch.delenv(name)
            if overlay == "openshift":  # the Secrets exist only in the cluster
                container = with_strong_secrets(container)
            for name, value in container_env(overlay, container).items():
                patch.setenv(name, value)
            settings: Any = settings_class(svc)()
            kafka = KafkaSecurity()  # every Kafka client's credentials: its own KafkaUser's
        assert settings.http_host == "0.0.0.0", svc
        assert settings.http_port == generate.HTTP_PORT, svc
        assert settings.kafka_bootstrap == "litemaas-kafka-kafka-bootstrap:9092"
        expected_env = "development" if overlay == "dev" else "production"
        assert settings.environment == expected_env, svc
        if svc in generate.DB_SERVICES:
            assert settings.database_url.get_secret_value().endswith(f"/litemaas_{svc}")
        assert kafka.security_protocol == "SASL_PLAINTEXT"
        assert kafka.sasl_username == f"litemaas-{svc}" and kafka.sasl_password is not None


def with_strong_secrets(container: dict[str, Any]) -> dict[str, Any]:
    env = []
    for entry in container.get("env", []):
        if "valueFrom" in entry:
            entry = {"name": entry["name"], "value": STRONG}
        env.append(entry)
    return {**container, "env": env}


def test_the_openshift_login_is_configured_with_its_client_secret_from_a_secret() -> None:
    auth = named("openshift", "Deployment", "auth")["spec"]["template"]["spec"]
    env = {e["name"]: e for c in auth["containers"] for e in c["env"]}
    secret = env["AUTH_OPENSHIFT_CLIENT_SECRET"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": "litemaas-auth-openshift", "key": "client-secret"}
    config = named("openshift", "ConfigMap", "auth-config")["data"]
    client = of_kind("openshift", "OAuthClient")[0]
    assert config["AUTH_OPENSHIFT_CLIENT_ID"] == client["metadata"]["name"]
    route = named("openshift", "Route", "gateway")["spec"]
    assert client["redirectURIs"] == [f"https://{route['host']}/login/callback/openshift"]


def test_each_pod_reads_only_its_own_database_password() -> None:
    for where, pod in pod_specs("base"):
        secrets = {
            e["valueFrom"]["secretKeyRef"]["name"]
            for c in containers(pod)
            for e in c.get("env", [])
            if "valueFrom" in e
        }
        refs = {name for name in secrets if name.startswith("litemaas-db-")}
        name = where.split("/")[1].removesuffix("-relay")
        if name == "postgres-setup":
            assert len(refs) == 6
        else:
            assert refs <= {f"litemaas-db-{name}"}, where
