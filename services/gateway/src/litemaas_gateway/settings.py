from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "gateway"

    http_port: int = 8010
    auth_url: str = "http://127.0.0.1:8011"
    catalog_url: str = "http://127.0.0.1:8012"
    keys_url: str = "http://127.0.0.1:8013"
    billing_url: str = "http://127.0.0.1:8014"
    sync_url: str = "http://127.0.0.1:8015"
    upstream_timeout_seconds: float = 15.0

    def upstreams(self) -> dict[str, str]:
        return {
            "auth": self.auth_url,
            "catalog": self.catalog_url,
            "keys": self.keys_url,
            "billing": self.billing_url,
            "sync": self.sync_url,
        }
