from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.settings import DatabaseSettings


class CatalogSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "catalog"

    http_port: int = 8012
    #: quotas a new subscription gets (none: unlimited)
    default_requests_per_month: int | None = Field(10_000, ge=0)
    default_tokens_per_month: int | None = Field(5_000_000, ge=0)
