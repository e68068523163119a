from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from litemaas_keys.domain.keys import Policy
from litemaas_servicekit.settings import DatabaseSettings


class KeysSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEYS_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "keys"
    secret_fields: ClassVar[tuple[str, ...]] = ("provisioning_key",)

    http_port: int = 8013
    #: seals key secrets for sync (the same value as SYNC_PROVISIONING_KEY)
    provisioning_key: SecretStr = SecretStr("")
    rotation_overlap_seconds: int = Field(3600, ge=0)
    max_rotation_overlap_seconds: int = Field(7 * 24 * 3600, ge=0)
    expiry_warning_hours: float = Field(72, ge=0)
    sweep_seconds: float = Field(2.0, gt=0)
    # admin-set defaults and maximums for self-service keys (empty: none)
    default_max_budget: Decimal | None = None
    max_max_budget: Decimal | None = None
    max_tpm_limit: int | None = None
    max_rpm_limit: int | None = None
    max_parallel_requests: int | None = None
    max_lifetime_days: int | None = None

    def policy(self) -> Policy:
        lifetime = timedelta(days=self.max_lifetime_days) if self.max_lifetime_days else None
        return Policy(
            self.default_max_budget,
            self.max_max_budget,
            self.max_tpm_limit,
            self.max_rpm_limit,
            self.max_parallel_requests,
            lifetime,
        )
