from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.settings import DatabaseSettings


class CatalogSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "catalog"

    http_port: int = 8012
