"""The committed Strimzi manifests (deploy/k8s/base/kafka/) match the topic registry and the
services' code, and every object is valid for Strimzi's own CRDs."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from deploy.crd_schema import convert
from deploy.k8s.strimzi import crd_schemas, render
from deploy.k8s.strimzi.topology import SERVICES, consumer_groups, service_access
from litemaas_contracts import EVENT_TYPES
from litemaas_contracts.topics import ALL_TOPICS, HOUR_MS, KEYS_PROVISIONING

pytestmark = pytest.mark.unit
ROOT = Path(__file__).resolve().parents[2]
KAFKA_DIR = ROOT / "deploy" / "k8s" / "base" / "kafka"


def _objects(name: str) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all((KAFKA_DIR / name).read_text()) if doc]


def _all_objects() -> list[dict[str, Any]]:
    return [obj for name in ("kafka.yaml", "topics.yaml", "users.yaml") for obj in _objects(name)]


def test_the_committed_manifests_are_what_make_manifests_generates_now() -> None:
    assert render.stale() == [], "the registry or a service changed: run `make manifests`"


def test_the_kustomization_lists_every_generated_file() -> None:
    kustomization = yaml.safe_load((KAFKA_DIR / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == ["kafka.yaml", "topics.yaml", "users.yaml"]


def test_every_topic_and_dead_letter_topic_of_the_registry_has_its_partitions_and_retention() -> (
    None
):
    found = {t["metadata"]["name"]: t["spec"] for t in _objects("topics.yaml")}
    expected: dict[str, tuple[int, dict[str, str]]] = {}
    for topic in ALL_TOPICS:
        expected[topic.name] = (topic.partitions, topic.configs())
        if topic.dlq:
            expected[topic.dlq_name] = (1, topic.dlq_configs())
    assert sorted(found) == sorted(expected)
    for name, (partitions, configs) in expected.items():
        assert found[name]["partitions"] == partitions, name
        assert found[name]["config"]["cleanup.policy"] == "delete", name
        written = {k: str(v) for k, v in found[name]["config"].items() if k != "cleanup.policy"}
        assert written == configs, name


def test_sealed_secrets_and_their_dead_letters_are_gone_within_an_hour() -> None:
    found = {t["metadata"]["name"]: t["spec"]["config"] for t in _objects("topics.yaml")}
    check = _objects("kafka.yaml")[0]["spec"]["kafka"]["config"]["log.retention.check.interval.ms"]
    for name in (KEYS_PROVISIONING.name, KEYS_PROVISIONING.dlq_name):
        config = found[name]
        assert config["retention.ms"] + config["segment.ms"] + check < HOUR_MS, name


def _rights(user: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    reads, writes, groups = set(), set(), set()
    for acl in user["spec"]["authorization"]["acls"]:
        resource, ops = acl["resource"], set(acl["operations"])
        assert acl.get("type", "allow") == "allow" and resource["patternType"] == "literal"
        assert ops <= {"Read", "Write", "Describe"}, "no All, Alter, Create, Delete"
        if resource["type"] == "group":
            assert ops == {"Read"}
            groups.add(resource["name"])
        else:
            assert resource["type"] == "topic", "no cluster or transactional-id rights"
            reads |= {resource["name"]} if "Read" in ops else set()
            writes |= {resource["name"]} if "Write" in ops else set()
    return reads, writes, groups


def _published_by(service: str) -> set[str]:
    return service_access(service).writes - {f"{t.name}.dlq" for t in ALL_TOPICS}


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_may_read_its_consumers_topics_and_write_its_events_and_nothing_else(
    service: str,
) -> None:
    users = {u["metadata"]["name"]: u for u in _objects("users.yaml")}
    reads, writes, groups = _rights(users[f"litemaas-{service}"])
    consumed = consumer_groups(service)
    assert groups == set(consumed)
    topics = {t for ts in consumed.values() for t in ts}
    dead_letters = {f"{t}.dlq" for t in topics} if service != "gateway" else set()
    assert reads == topics | dead_letters
    assert writes == _published_by(service) | dead_letters


def _declared_consumers(service: str) -> dict[str, tuple[str, ...]]:
    """``*_CONSUMER`` / ``*_TOPICS`` pairs of the service's handler modules, by import."""
    package = ROOT / "services" / service / "src" / f"litemaas_{service}" / "entrypoints"
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted(package.glob("*handlers*.py")):
        module = importlib.import_module(f"litemaas_{service}.entrypoints.{path.stem}")
        for name, value in vars(module).items():
            if name == "CONSUMER" or name.endswith("_CONSUMER"):
                out[value] = getattr(module, name.replace("CONSUMER", "TOPICS"))
    return out


@pytest.mark.parametrize("service", [s for s in SERVICES if s != "gateway"])
def test_every_consumer_a_service_declares_is_found_registered(service: str) -> None:
    assert consumer_groups(service) == _declared_consumers(service)


def test_the_gateways_notifier_is_its_only_consumer() -> None:
    from litemaas_gateway import notifier

    assert consumer_groups("gateway") == {notifier.GROUP: notifier.TOPICS}


def test_each_topic_is_published_by_exactly_one_service() -> None:
    writers = {s: _published_by(s) for s in SERVICES}
    for topic in {cls.topic for cls in EVENT_TYPES.values()}:
        assert len([s for s in SERVICES if topic in writers[s]]) == 1, topic
    assert [s for s in SERVICES if KEYS_PROVISIONING.name in writers[s]] == ["keys"]


def test_of_the_services_only_sync_may_read_the_sealed_key_secrets() -> None:
    readers = [
        u["metadata"]["name"]
        for u in _objects("users.yaml")
        if KEYS_PROVISIONING.name in _rights(u)[0]
    ]
    assert readers == ["litemaas-sync", "litemaas-operator"]


def test_the_operator_reads_everything_and_writes_back_only_onto_original_topics() -> None:
    users = {u["metadata"]["name"]: u for u in _objects("users.yaml")}
    assert sorted(users) == sorted([*(f"litemaas-{s}" for s in SERVICES), "litemaas-operator"])
    reads, writes, groups = _rights(users["litemaas-operator"])
    originals = {t.name for t in ALL_TOPICS}
    assert reads == originals | {t.dlq_name for t in ALL_TOPICS if t.dlq}
    assert writes == originals
    assert groups == set()


def _schema(obj: dict[str, Any]) -> dict[str, Any]:
    version = obj["apiVersion"].split("/")[1]
    path = crd_schemas.schema_path(obj["kind"], version)
    assert path.exists(), f"no schema for {obj['kind']} {version}: run `make strimzi-schemas`"
    schema: dict[str, Any] = json.loads(path.read_text())
    Draft7Validator.check_schema(schema)
    return schema


def test_every_strimzi_object_validates_against_the_schema_from_strimzis_crds() -> None:
    errors = [
        f"{obj['kind']}/{obj['metadata']['name']}: {error.json_path}: {error.message}"
        for obj in _all_objects()
        for error in Draft7Validator(_schema(obj)).iter_errors(obj)
    ]
    assert errors == []


def test_a_registry_change_leaves_the_committed_manifests_stale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from deploy.k8s.strimzi import manifests

    longer = tuple(
        replace(t, retention_ms=2 * HOUR_MS) if t is KEYS_PROVISIONING else t for t in ALL_TOPICS
    )
    monkeypatch.setattr(manifests, "ALL_TOPICS", longer)
    assert render.stale() == ["topics.yaml"]


def test_a_misspelt_field_or_operation_fails_validation() -> None:
    topic, user = _objects("topics.yaml")[0], _objects("users.yaml")[0]
    topic["spec"]["partition"] = topic["spec"].pop("partitions")
    user["spec"]["authorization"]["acls"][0]["operations"] = ["Wrtie"]
    for obj in (topic, user):
        assert list(Draft7Validator(_schema(obj)).iter_errors(obj)) != [], obj["kind"]


def test_the_converter_keeps_nullable_and_int_or_string() -> None:
    node = {
        "type": "object",
        "properties": {
            "size": {"x-kubernetes-int-or-string": True, "description": "dropped"},
            "name": {"type": "string", "nullable": True},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
        },
    }
    validator = Draft7Validator(convert(node))
    assert validator.is_valid({"size": 3, "name": None, "free": {"any": 1}})
    assert validator.is_valid({"size": "3Gi", "name": "x"})
    assert not validator.is_valid({"size": 1.5})
    assert not validator.is_valid({"sise": 3})
