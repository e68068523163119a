"""The Strimzi objects of LiteMaaS's Kafka, built from the topic registry and the code.

``make manifests`` writes them to ``deploy/k8s/base/kafka/`` (``python -m deploy.k8s.strimzi``);
a test fails when the committed files and what this module builds now disagree, so
partitions, retention and the provisioning topic's short life cannot drift from the code.

Strimzi's ``v1`` API (Strimzi 0.49 and later; Strimzi 1.x serves no other): KRaft only, the
brokers and controllers in a ``KafkaNodePool``.
"""

from __future__ import annotations

from typing import Any

from litemaas_contracts.topics import ALL_TOPICS

from .topology import Access, all_access

API_VERSION = "kafka.strimzi.io/v1"
CLUSTER = "litemaas-kafka"
#: three brokers that are also the KRaft quorum: one may be down (a rolling update, a node
#: drained) while every partition still has two in-sync replicas to acknowledge ``acks=all``
REPLICAS = 3
MIN_INSYNC = 2
LABELS = {"strimzi.io/cluster": CLUSTER, "app.kubernetes.io/part-of": "litemaas"}
Manifest = dict[str, Any]


def _meta(name: str, component: str) -> dict[str, Any]:
    return {"name": name, "labels": {**LABELS, "app.kubernetes.io/component": component}}


def kafka() -> Manifest:
    scram = {"type": "scram-sha-512"}
    return {
        "apiVersion": API_VERSION,
        "kind": "Kafka",
        "metadata": {"name": CLUSTER, "labels": {"app.kubernetes.io/part-of": "litemaas"}},
        "spec": {
            "kafka": {
                "listeners": [
                    # every client authenticates (SCRAM-SHA-512, a KafkaUser's Secret) and is
                    # authorized by its ACLs; 9093 adds TLS with the cluster CA
                    {
                        "name": "plain",
                        "port": 9092,
                        "type": "internal",
                        "tls": False,
                        "authentication": scram,
                    },
                    {
                        "name": "tls",
                        "port": 9093,
                        "type": "internal",
                        "tls": True,
                        "authentication": scram,
                    },
                ],
                "authorization": {"type": "simple"},
                "config": {
                    # topics exist because a KafkaTopic says so, never because a client asked
                    "auto.create.topics.enable": False,
                    "default.replication.factor": REPLICAS,
                    "min.insync.replicas": MIN_INSYNC,
                    "offsets.topic.replication.factor": REPLICAS,
                    "transaction.state.log.replication.factor": REPLICAS,
                    "transaction.state.log.min.isr": MIN_INSYNC,
                    # the provisioning topic's "gone within one hour" counts on Kafka's
                    # default check interval (topics.py): keep it, whatever the default becomes
                    "log.retention.check.interval.ms": 5 * 60 * 1000,
                },
            },
            "entityOperator": {"topicOperator": {}, "userOperator": {}},
        },
    }


def node_pool() -> Manifest:
    volume = {
        "id": 0,
        "type": "persistent-claim",
        "size": "20Gi",
        "deleteClaim": False,
        "kraftMetadata": "shared",
    }
    return {
        "apiVersion": API_VERSION,
        "kind": "KafkaNodePool",
        "metadata": _meta("dual-role", "kafka"),
        "spec": {
            "replicas": REPLICAS,
            "roles": ["controller", "broker"],
            "storage": {"type": "jbod", "volumes": [volume]},
            "resources": {
                "requests": {"cpu": "500m", "memory": "2Gi"},
                "limits": {"memory": "2Gi"},
            },
            "jvmOptions": {"-Xms": "1g", "-Xmx": "1g"},
        },
    }


def _number(value: str) -> int | str:
    """The registry keeps configs as Kafka's strings; Strimzi's examples write numbers."""
    return int(value) if value.lstrip("-").isdigit() else value


def _topic(name: str, partitions: int, configs: dict[str, str]) -> Manifest:
    # a registry name (litemaas.<context>.<stream>.v1[.dlq]) is a valid Kubernetes name, so
    # metadata.name is the topic's name and spec.topicName is not needed
    return {
        "apiVersion": API_VERSION,
        "kind": "KafkaTopic",
        "metadata": _meta(name, "topic"),
        "spec": {
            "partitions": partitions,
            "replicas": REPLICAS,
            "config": {"cleanup.policy": "delete", **{k: _number(v) for k, v in configs.items()}},
        },
    }


def topics() -> list[Manifest]:
    out: list[Manifest] = []
    for topic in ALL_TOPICS:
        out.append(_topic(topic.name, topic.partitions, topic.configs()))
        if topic.dlq:  # one partition, as `litemaas topics ensure` makes it locally
            out.append(_topic(topic.dlq_name, 1, topic.dlq_configs()))
    return out


def _acl(kind: str, name: str, operations: list[str]) -> dict[str, Any]:
    return {
        "resource": {"type": kind, "name": name, "patternType": "literal"},
        "operations": operations,
    }


def acls(access: Access) -> list[dict[str, Any]]:
    """Read what it consumes, write what it publishes, join only its own consumer groups."""
    rules = []
    for topic in sorted(access.reads | access.writes):
        ops = (["Read"] if topic in access.reads else []) + (
            ["Write"] if topic in access.writes else []
        )
        rules.append(_acl("topic", topic, [*ops, "Describe"]))
    rules += [_acl("group", group, ["Read"]) for group in sorted(access.groups)]
    return rules


def user(access: Access) -> Manifest:
    return {
        "apiVersion": API_VERSION,
        "kind": "KafkaUser",
        # the User Operator writes the password to a Secret of the same name
        "metadata": _meta(f"litemaas-{access.service}", "kafka-user"),
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {"type": "simple", "acls": acls(access)},
        },
    }


def operator_access() -> Access:
    """The operator's CLI (``litemaas events|dlq|replay``, run from a pod or a workstation):
    reads every topic and dead letter (audits, exports, replays), and writes records back onto
    the original topics (``dlq redrive|skip``); no consumer group (it commits nothing) and no
    dead-letter writes (those are the consumers')."""
    originals = {topic.name for topic in ALL_TOPICS}
    dead_letters = {topic.dlq_name for topic in ALL_TOPICS if topic.dlq}
    return Access("operator", reads=originals | dead_letters, writes=originals)


def files() -> dict[str, list[Manifest]]:
    """{file name under base/kafka/: its objects}."""
    return {
        "kafka.yaml": [kafka(), node_pool()],
        "topics.yaml": topics(),
        "users.yaml": [user(access) for access in [*all_access(), operator_access()]],
    }
