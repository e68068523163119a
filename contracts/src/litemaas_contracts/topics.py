"""The topic registry: every topic LiteMaaS publishes to, with its partitions and retention.

Names follow ``litemaas.<context>.<stream>.v1``; records are keyed by aggregate id so that one
entity's events stay ordered. Each topic has a dead-letter twin ``<name>.dlq``.
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTE_MS = 60 * 1000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    partitions: int = 3
    #: ``-1`` keeps records forever (the audit record).
    retention_ms: int = 30 * DAY_MS
    dlq: bool = True
    #: Kafka deletes whole segments, once the newest record in one is older than the retention,
    #: so a record lives up to retention + segment age + the broker's retention check interval
    #: (``log.retention.check.interval.ms``, 5 minutes). ``None``: the broker's default (a week).
    segment_ms: int | None = None
    segment_bytes: int | None = None
    #: ``-1``: a dead letter waits for a human, forever, unless its topic promises less
    dlq_retention_ms: int = -1

    @property
    def dlq_name(self) -> str:
        return f"{self.name}.dlq"

    def _segments(self) -> dict[str, str]:
        sizes = {"segment.ms": self.segment_ms, "segment.bytes": self.segment_bytes}
        return {k: str(v) for k, v in sizes.items() if v is not None}

    def configs(self) -> dict[str, str]:
        """The topic's configs on the broker: applied when created, and kept in step after."""
        return {"retention.ms": str(self.retention_ms), **self._segments()}

    def dlq_configs(self) -> dict[str, str]:
        return {"retention.ms": str(self.dlq_retention_ms), **self._segments()}


AUTH_USERS = Topic("litemaas.auth.users.v1", "User lifecycle: created, updated, deactivated")
AUTH_TEAMS = Topic("litemaas.auth.teams.v1", "Teams and their members")
CATALOG_MODELS = Topic("litemaas.catalog.models.v1", "Models discovered, updated, retired")
CATALOG_SUBSCRIPTIONS = Topic("litemaas.catalog.subscriptions.v1", "Subscription lifecycle")
KEYS_APIKEYS = Topic("litemaas.keys.apikeys.v1", "API key lifecycle (never the secret)")
#: sealed secrets are gone within one hour, dead letters included: 45 minutes of retention,
#: plus a 5-minute segment, plus the broker's 5-minute retention check (and 1 minute on disk,
#: unreadable, before the file is removed)
KEYS_PROVISIONING = Topic(
    "litemaas.keys.provisioning.v1",
    "Encrypted key secrets on their way to LiteLLM; gone within one hour",
    retention_ms=45 * MINUTE_MS,
    segment_ms=5 * MINUTE_MS,
    segment_bytes=1024 * 1024,  # the smallest Kafka 4 accepts
    dlq_retention_ms=45 * MINUTE_MS,
)
BILLING_SPEND = Topic(
    "litemaas.billing.spend.v1", "SpendRecorded: the audit record of spend", retention_ms=-1
)
BILLING_BUDGETS = Topic(
    "litemaas.billing.budgets.v1", "Budgets set and changed, periods closed, credit balances"
)
BILLING_ALERTS = Topic(
    "litemaas.billing.alerts.v1", "Budget thresholds crossed and exceeded, credits running low"
)
SYNC_CONFLICTS = Topic("litemaas.sync.conflicts.v1", "Differences found with LiteLLM, and how")
SYNC_AUDIT = Topic(
    "litemaas.sync.audit.v1", "Every change sync applied to LiteLLM", retention_ms=-1
)

ALL_TOPICS: tuple[Topic, ...] = (
    AUTH_USERS,
    AUTH_TEAMS,
    CATALOG_MODELS,
    CATALOG_SUBSCRIPTIONS,
    KEYS_APIKEYS,
    KEYS_PROVISIONING,
    BILLING_SPEND,
    BILLING_BUDGETS,
    BILLING_ALERTS,
    SYNC_CONFLICTS,
    SYNC_AUDIT,
)


def by_name(name: str) -> Topic:
    for topic in ALL_TOPICS:
        if name in (topic.name, topic.dlq_name):
            return topic
    raise KeyError(f"unknown topic {name!r}; known: {', '.join(t.name for t in ALL_TOPICS)}")
