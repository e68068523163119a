"""Pure parts of servicekit: secret masking, settings that refuse defaults
(the circuit breaker and retries: test_resilience.py)."""

from __future__ import annotations

import json
import logging

import pytest
from pydantic import SecretStr, ValidationError

from litemaas_servicekit.logs import JsonFormatter, redact
from litemaas_servicekit.settings import DatabaseSettings, load_settings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("LiteLLM answered with key sk-AbCdEf0123456789xyz", "sk-AbCdEf0123456789xyz"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "eyJhbGci"),
        ("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "c2lnbmF0dXJl"),
        ("postgresql://litemaas:hunter2@db:5432/auth", "hunter2"),
        ('{"master_key": "my-master-value"}', "my-master-value"),
        ("password=correct-horse", "correct-horse"),
    ],
)
def test_secrets_are_masked_in_log_lines(line: str, secret: str) -> None:
    assert secret not in redact(line)


def test_log_lines_are_json_with_the_message_and_extras() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "created %s", ("sk-0123456789abcdef",), None
    )
    record.ce_id = "e1"
    entry = json.loads(JsonFormatter("auth").format(record))
    assert entry["msg"] == "created sk-***"
    assert entry["service"] == "auth" and entry["ce_id"] == "e1" and entry["level"] == "info"


class _Settings(DatabaseSettings):
    secret_fields = ("api_secret",)
    api_secret: SecretStr = SecretStr("")


@pytest.mark.parametrize("value", ["", "change-me", "sk-1234", "short"])
def test_default_or_weak_secrets_are_refused_outside_development(value: str) -> None:
    with pytest.raises(ValidationError, match="api_secret must be set to a random value"):
        _Settings(LITEMAAS_ENV="production", api_secret=value)


def test_development_accepts_weak_secrets_and_production_accepts_strong_ones() -> None:
    assert _Settings(LITEMAAS_ENV="development", api_secret="dev").environment == "development"
    strong = "x7Gq2LmP9vR4sT8wZ1yB6nC3dF5hJ0kA"
    assert _Settings(LITEMAAS_ENV="production", api_secret=strong).api_secret.get_secret_value()


def test_a_refused_setting_is_reported_without_its_value(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LITEMAAS_ENV", "production")
    monkeypatch.setenv("API_SECRET", "short-but-secret-val")

    class FromEnv(_Settings):
        model_config = {"env_prefix": ""}

    with pytest.raises(SystemExit):
        load_settings(FromEnv)
    err = capsys.readouterr().err
    assert "api_secret must be set" in err
    assert "short-but-secret-val" not in err
