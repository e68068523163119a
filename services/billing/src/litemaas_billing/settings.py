from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.settings import DatabaseSettings


class BillingSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "billing"

    http_port: int = 8014
