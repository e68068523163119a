from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from litemaas_servicekit.settings import ServiceSettings

#: limits in the ``limits`` library's notation ("20/second;600/minute"); outside production (the
#: local stack, the test suite, benchmarks) far above anything a test sends from one address
PRODUCTION_PER_USER = "20/second;600/minute"
PRODUCTION_PER_ADDRESS = "50/second;1500/minute"
DEVELOPMENT_LIMIT = "100000/minute"
#: frontend/dist of the checkout this package runs from (the local stack runs it in place; an
#: image sets GATEWAY_STATIC_DIR)
CHECKOUT_UI = Path(__file__).resolve().parents[4] / "frontend" / "dist"


def _url(service: str) -> AliasChoices:
    return AliasChoices(f"GATEWAY_{service.upper()}_URL", f"{service.upper()}_URL")


def _split(value: object) -> object:
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return value


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "gateway"

    http_port: int = 8010
    # GATEWAY_<SVC>_URL, or the <SVC>_URL the local launcher exports for everyone; several
    # instances of a service: their URLs comma-separated (requests take turns, see proxy.py)
    auth_url: str = Field("http://127.0.0.1:8011", validation_alias=_url("auth"))
    catalog_url: str = Field("http://127.0.0.1:8012", validation_alias=_url("catalog"))
    keys_url: str = Field("http://127.0.0.1:8013", validation_alias=_url("keys"))
    billing_url: str = Field("http://127.0.0.1:8014", validation_alias=_url("billing"))
    sync_url: str = Field("http://127.0.0.1:8015", validation_alias=_url("sync"))
    upstream_timeout_seconds: float = 15.0
    #: the built web UI (``scripts/frontend build``); the status page while it is absent
    static_dir: Path = CHECKOUT_UI
    #: origins allowed to call the API from a browser (comma-separated); none: same origin only
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    #: proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (comma-separated CIDRs)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()
    #: send HSTS on every answer (TLS ends in front of a proxy that does not say so)
    hsts: bool = False
    #: requests per user (token subject) and per client address; "" turns one off; unset:
    #: PRODUCTION_* in production, DEVELOPMENT_LIMIT elsewhere
    rate_limit_per_user: str | None = None
    rate_limit_per_address: str | None = None
    openapi_cache_seconds: float = 30.0
    #: the LiteLLM proxy the chat playground streams from (with the user's own key)
    litellm_url: str = Field(
        "http://127.0.0.1:4000", validation_alias=AliasChoices("GATEWAY_LITELLM_URL", "LITELLM_URL")
    )
    #: a streamed answer may pause this long between chunks before it is given up
    playground_read_timeout_seconds: float = Field(60.0, gt=0, le=600)
    #: live notifications: the Kafka consumer (off: this replica only serves the streams)
    notifier_enabled: bool = True
    #: how long a connection waits on Redis before checking its token again
    events_block_seconds: float = Field(5.0, gt=0, le=60)
    events_ping_seconds: float = Field(15.0, gt=0, le=300)
    #: notices kept per stream, and for how long after the last one
    events_stream_maxlen: int = Field(500, ge=10, le=100_000)
    events_stream_ttl_seconds: int = Field(7 * 24 * 3600, ge=60)
    #: Redis connections for waiting streams (one per open stream while it waits)
    events_max_connections: int = Field(1000, ge=1)

    _split_origins = field_validator("cors_origins", mode="before")(_split)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        value = _split(value)
        for cidr in value if isinstance(value, tuple | list) else ():
            ipaddress.ip_network(cidr, strict=False)  # refuse a typo at start, not per request
        return value

    @property
    def per_user_limit(self) -> str:
        if self.rate_limit_per_user is not None:
            return self.rate_limit_per_user
        return PRODUCTION_PER_USER if self.environment == "production" else DEVELOPMENT_LIMIT

    @property
    def per_address_limit(self) -> str:
        if self.rate_limit_per_address is not None:
            return self.rate_limit_per_address
        return PRODUCTION_PER_ADDRESS if self.environment == "production" else DEVELOPMENT_LIMIT

    def upstreams(self) -> dict[str, tuple[str, ...]]:
        """Each service's instances (at least one)."""
        urls = {
            "auth": self.auth_url,
            "catalog": self.catalog_url,
            "keys": self.keys_url,
            "billing": self.billing_url,
            "sync": self.sync_url,
        }
        return {name: _instances(name, value) for name, value in urls.items()}


def _instances(name: str, value: str) -> tuple[str, ...]:
    found = tuple(u.strip().rstrip("/") for u in value.split(",") if u.strip())
    if not found:
        raise ValueError(f"GATEWAY_{name.upper()}_URL names no URL")
    return found
