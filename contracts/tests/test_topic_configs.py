"""The topic registry's broker configs: what each topic promises about how long it keeps records."""

from __future__ import annotations

import pytest

from litemaas_contracts.topics import ALL_TOPICS, AUTH_USERS, HOUR_MS, KEYS_PROVISIONING

pytestmark = pytest.mark.unit

#: the broker's default log.retention.check.interval.ms, plus file.delete.delay.ms
BROKER_DELAYS_MS = 5 * 60 * 1000 + 60 * 1000


def test_sealed_secrets_are_gone_within_one_hour_dead_letters_included() -> None:
    for configs in (KEYS_PROVISIONING.configs(), KEYS_PROVISIONING.dlq_configs()):
        worst = int(configs["retention.ms"]) + int(configs["segment.ms"]) + BROKER_DELAYS_MS
        assert worst <= HOUR_MS, configs
        assert int(configs["segment.bytes"]) >= 1024 * 1024, "Kafka 4 refuses smaller segments"


def test_other_dead_letters_wait_for_a_human_and_keep_the_broker_segment_defaults() -> None:
    assert AUTH_USERS.dlq_configs() == {"retention.ms": "-1"}
    assert AUTH_USERS.configs() == {"retention.ms": str(AUTH_USERS.retention_ms)}
    assert [t.name for t in ALL_TOPICS if "segment.ms" in t.configs()] == [KEYS_PROVISIONING.name]
