from __future__ import annotations

from typing import ClassVar

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.settings import ServiceSettings


def _url(service: str) -> AliasChoices:
    return AliasChoices(f"GATEWAY_{service.upper()}_URL", f"{service.upper()}_URL")


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "gateway"

    http_port: int = 8010
    # GATEWAY_<SVC>_URL, or the <SVC>_URL the local launcher exports for everyone
    auth_url: str = Field("http://127.0.0.1:8011", validation_alias=_url("auth"))
    catalog_url: str = Field("http://127.0.0.1:8012", validation_alias=_url("catalog"))
    keys_url: str = Field("http://127.0.0.1:8013", validation_alias=_url("keys"))
    billing_url: str = Field("http://127.0.0.1:8014", validation_alias=_url("billing"))
    sync_url: str = Field("http://127.0.0.1:8015", validation_alias=_url("sync"))
    upstream_timeout_seconds: float = 15.0

    def upstreams(self) -> dict[str, str]:
        return {
            "auth": self.auth_url,
            "catalog": self.catalog_url,
            "keys": self.keys_url,
            "billing": self.billing_url,
            "sync": self.sync_url,
        }
