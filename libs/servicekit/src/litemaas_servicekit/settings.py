"""Settings shared by every service: 12-factor env vars, and a refusal to run on default secrets.

Shared values come from unprefixed variables (``KAFKA_BOOTSTRAP``, ``REDIS_URL``,
``LITEMAAS_ENV``); a service's own come with its prefix (``AUTH_DATABASE_URL``).
"""

from __future__ import annotations

import sys
from typing import ClassVar, Literal, Self, TypeVar

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

# Values that appear in docs, examples and tutorials: never acceptable outside development.
KNOWN_DEFAULT_SECRETS = frozenset(
    {"", "change-me", "changeme", "secret", "password", "sk-1234", "sk-master-1234", "dev"}
)
MIN_SECRET_LENGTH = 24


class InsecureSettings(ValueError):
    """A secret is missing, a known default, or too short for a non-development environment."""


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    #: names of this class's ``SecretStr`` fields that must be real outside development
    secret_fields: ClassVar[tuple[str, ...]] = ()
    service_name: ClassVar[str] = "litemaas"

    environment: Environment = Field("production", validation_alias="LITEMAAS_ENV")
    log_level: str = Field("INFO", validation_alias="LOG_LEVEL")
    kafka_bootstrap: str = Field("127.0.0.1:9092", validation_alias="KAFKA_BOOTSTRAP")
    kafka_replication_factor: int = Field(1, validation_alias="KAFKA_REPLICATION_FACTOR")
    redis_url: str = Field("redis://127.0.0.1:6379/0", validation_alias="REDIS_URL")
    otlp_endpoint: str | None = Field(None, validation_alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    #: where access tokens come from: their issuer, and the auth service that publishes the keys
    auth_url: str = Field("http://127.0.0.1:8011", validation_alias="AUTH_URL")
    token_issuer: str = Field("litemaas", validation_alias="JWT_ISSUER")

    @property
    def jwks_urls(self) -> tuple[str, ...]:
        """The auth service's published keys: at each of its URLs when AUTH_URL lists several
        (comma-separated, as the gateway is given every instance)."""
        urls = [u.strip().rstrip("/") for u in self.auth_url.split(",") if u.strip()]
        return tuple(f"{u}/api/v1/auth/.well-known/jwks.json" for u in urls)

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Self:
        if self.environment == "development":
            return self
        for name in self.secret_fields:
            value: SecretStr | None = getattr(self, name)
            text = value.get_secret_value() if value is not None else ""
            if text.lower() in KNOWN_DEFAULT_SECRETS or len(text) < MIN_SECRET_LENGTH:
                raise InsecureSettings(
                    f"{name} must be set to a random value of at least {MIN_SECRET_LENGTH} "
                    f"characters when LITEMAAS_ENV={self.environment}"
                )
        return self


class DatabaseSettings(ServiceSettings):
    """A service that owns a PostgreSQL database."""

    database_url: SecretStr = SecretStr("postgresql+asyncpg://localhost/litemaas")
    outbox_poll_seconds: float = 0.1
    #: the relay process's own ``/metrics`` (outbox lag and backlog) on this port; 0: none
    relay_metrics_port: int = Field(0, ge=0, le=65535)
    #: fault injection for tests, honoured only when LITEMAAS_ENV=development
    relay_failpoint: Literal["", "crash_after_publish"] = ""
    #: ``crash_in_handler[:<consumer>]``: SIGKILL the service after a handler (of that
    #: consumer only, when named) ran, before its commit
    consumer_failpoint: str = Field("", pattern=r"^(crash_in_handler(:[a-z0-9._-]{1,100})?)?$")
    consumer_max_attempts: int = Field(3, ge=1, le=100)
    #: how long (seconds since it was published) a record may wait for what another stream
    #: has not delivered yet (``ordering.NotYet``: a key's ApiKeyCreated, a team in LiteLLM)
    #: before it counts as failed; each such record holds back its partition meanwhile
    consumer_wait_seconds: float = Field(60.0, ge=0, le=3600)

    @property
    def active_consumer_failpoint(self) -> str:
        return self.consumer_failpoint if self.environment == "development" else ""


S = TypeVar("S", bound=ServiceSettings)


def load_settings(cls: type[S]) -> S:
    """Build settings from the environment or exit with the reasons, never with the values."""
    try:
        return cls()
    except ValidationError as exc:
        reasons = [
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        ]
        print(f"{cls.__name__} refused:", *reasons, sep="\n  ", file=sys.stderr)
        raise SystemExit(2) from None
