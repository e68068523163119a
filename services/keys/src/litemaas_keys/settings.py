from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.settings import DatabaseSettings


class KeysSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEYS_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "keys"

    http_port: int = 8013
