"""Rules for what auth accepts: text, client addresses, settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from litemaas_auth.domain.client_address import client_address, networks
from litemaas_auth.domain.identities import candidate_usernames
from litemaas_auth.domain.text import check_text, control_characters
from litemaas_auth.entrypoints.teams_api import LimitsIn
from litemaas_auth.settings import AuthSettings
from litemaas_servicekit.settings import InsecureSettings

pytestmark = pytest.mark.unit
GATEWAY = networks(("10.0.0.0/24",))
KEY = "a-signing-key-long-enough-0123456789abcdef"


@pytest.mark.parametrize("text", ["a\x00b", "bell\x07", "esc\x1b[31m", "del\x7f", "c1\x85"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        check_text(text)


def test_line_breaks_are_fine_only_in_free_text() -> None:
    assert control_characters("two\nlines") == ["U+000A"]
    assert check_text("two\nlines\tand a tab", multiline=True)
    with pytest.raises(ValueError, match="U\\+0000"):
        check_text("nul\x00", multiline=True)


def test_a_direct_caller_is_its_own_address_whatever_it_forwards() -> None:
    assert client_address("198.51.100.7", "203.0.113.9", GATEWAY) == "198.51.100.7"


def test_behind_the_gateway_the_rightmost_untrusted_hop_is_the_client() -> None:
    forged_then_real = "203.0.113.9, 198.51.100.7"
    assert client_address("10.0.0.5", forged_then_real, GATEWAY) == "198.51.100.7"
    assert client_address("10.0.0.5", "198.51.100.7, 10.0.0.6", GATEWAY) == "198.51.100.7"
    assert client_address("10.0.0.5", None, GATEWAY) == "10.0.0.5"


def test_taken_usernames_get_a_numbered_label_that_still_fits() -> None:
    names = candidate_usernames("a" * 64)
    assert names[0] == "a" * 64 and names[1] == "a" * 62 + "-2"
    assert all(len(n) <= 64 for n in names)


@pytest.mark.parametrize("env", ["test", "production"])
def test_dev_login_is_refused_outside_development(
    env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LITEMAAS_ENV", env)
    monkeypatch.setenv("AUTH_DEV_LOGIN_ENABLED", "true")
    monkeypatch.setenv("AUTH_JWT_SIGNING_KEY", KEY)
    monkeypatch.setenv("AUTH_DATABASE_URL", "postgresql+asyncpg://u:a-long-db-password-0123@h/db")
    with pytest.raises((InsecureSettings, ValidationError), match="LITEMAAS_ENV=development"):
        AuthSettings()


def test_dev_login_is_allowed_in_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITEMAAS_ENV", "development")
    monkeypatch.setenv("AUTH_DEV_LOGIN_ENABLED", "true")
    assert AuthSettings().dev_login_enabled


def test_trusted_proxies_must_be_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LITEMAAS_ENV", "development")
    monkeypatch.setenv("AUTH_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8")
    assert AuthSettings().trusted_proxies == ("10.0.0.0/8", "fd00::/8")
    monkeypatch.setenv("AUTH_TRUSTED_PROXIES", "the-gateway")
    with pytest.raises(ValidationError):
        AuthSettings()


@pytest.mark.parametrize("period", ["0d", "0000d", "01h", "10000s", "30", "1w"])
def test_a_team_budget_period_litellm_refuses_is_refused(period: str) -> None:
    with pytest.raises(ValidationError, match="budget_duration"):
        LimitsIn(budget_duration=period)


@pytest.mark.parametrize("period", ["1s", "30d", "9999h"])
def test_a_team_budget_period_litellm_takes_is_taken(period: str) -> None:
    assert LimitsIn(budget_duration=period).budget_duration == period
