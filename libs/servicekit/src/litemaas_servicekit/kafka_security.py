"""How every Kafka client of LiteMaaS authenticates, from the environment.

Locally the launcher's KRaft broker listens in plaintext on 127.0.0.1: nothing to set. Against
Strimzi each service is a ``KafkaUser`` with SCRAM-SHA-512 credentials (its ACLs limit it to
its own topics and groups): ``KAFKA_SECURITY_PROTOCOL=SASL_SSL`` (or ``SASL_PLAINTEXT``),
``KAFKA_SASL_USERNAME``, ``KAFKA_SASL_PASSWORD`` and, over TLS, ``KAFKA_SSL_CAFILE`` (the
cluster CA). Every producer, consumer, admin client and FastStream broker takes its options
from here, so no client can be left connecting without them.
"""

from __future__ import annotations

import ssl
from functools import cache
from typing import Any, Literal

from aiokafka.helpers import create_ssl_context
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Protocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
Mechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"]


class KafkaSecurity(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore", frozen=True)

    security_protocol: Protocol = "PLAINTEXT"
    sasl_mechanism: Mechanism = "SCRAM-SHA-512"
    sasl_username: str | None = Field(default=None, max_length=200)
    sasl_password: SecretStr | None = None
    #: the CA that signed the brokers' certificates (Strimzi's cluster CA), for SSL / SASL_SSL
    ssl_cafile: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> KafkaSecurity:
        if self.sasl and not (self.sasl_username and self.sasl_password):
            raise ValueError(
                f"KAFKA_SECURITY_PROTOCOL={self.security_protocol} needs KAFKA_SASL_USERNAME "
                "and KAFKA_SASL_PASSWORD"
            )
        return self

    @property
    def sasl(self) -> bool:
        return self.security_protocol.startswith("SASL")

    @property
    def tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    def ssl_context(self) -> ssl.SSLContext | None:
        return create_ssl_context(cafile=self.ssl_cafile) if self.tls else None

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for aiokafka's producers, consumers and admin clients."""
        options: dict[str, Any] = {"security_protocol": self.security_protocol}
        if self.tls:
            options["ssl_context"] = self.ssl_context()
        if self.sasl:
            assert self.sasl_password is not None
            options |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.sasl_username,
                "sasl_plain_password": self.sasl_password.get_secret_value(),
            }
        return options

    def faststream(self) -> BaseSecurity | None:
        """The same, as FastStream's broker takes it."""
        if not self.sasl:
            return BaseSecurity(ssl_context=self.ssl_context()) if self.tls else None
        assert self.sasl_username is not None
        assert self.sasl_password is not None
        kind = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256}.get(
            self.sasl_mechanism, SASLPlaintext
        )
        password = self.sasl_password.get_secret_value()
        return kind(self.sasl_username, password, ssl_context=self.ssl_context(), use_ssl=self.tls)


@cache
def kafka_security() -> KafkaSecurity:
    """Read once per process (the environment does not change under a running service)."""
    return KafkaSecurity()


def client_options() -> dict[str, Any]:
    return kafka_security().client_options()
