"""Kafka credentials from the environment reach every client, and a half-configured SASL setup
is refused at start rather than connecting without credentials."""

from __future__ import annotations

import pytest
from faststream.security import SASLScram512
from pydantic import ValidationError

from litemaas_servicekit.kafka_security import KafkaSecurity

pytestmark = pytest.mark.unit


def test_the_local_broker_needs_nothing() -> None:
    plain = KafkaSecurity()
    assert plain.client_options() == {"security_protocol": "PLAINTEXT"}
    assert plain.faststream() is None


def test_strimzi_scram_over_plaintext_gives_every_client_the_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "litemaas-keys")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "scram-password-from-the-secret")
    scram = KafkaSecurity()
    assert scram.client_options() == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "litemaas-keys",
        "sasl_plain_password": "scram-password-from-the-secret",
    }
    broker = scram.faststream()
    assert isinstance(broker, SASLScram512) and broker.use_ssl is False
    assert "scram-password-from-the-secret" not in repr(scram)  # never in a log line


def test_scram_over_tls_carries_an_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "litemaas-sync")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "another-password")
    options = KafkaSecurity().client_options()
    assert options["ssl_context"] is not None and options["security_protocol"] == "SASL_SSL"


@pytest.mark.parametrize("missing", ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"])
def test_sasl_without_its_credentials_is_refused(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "litemaas-sync")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "another-password")
    monkeypatch.delenv(missing)
    with pytest.raises(ValidationError, match="needs KAFKA_SASL_USERNAME"):
        KafkaSecurity()
