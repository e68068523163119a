from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from litemaas_billing.domain.credits import Pricing, markups_from
from litemaas_servicekit.settings import DatabaseSettings


class BillingSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "billing"
    secret_fields: ClassVar[tuple[str, ...]] = ("webhook_key",)

    http_port: int = 8014
    #: seals the webhook endpoints' signing secrets at rest (comma-separated to rotate: new,old)
    webhook_key: SecretStr = SecretStr("")
    #: how often periods that have ended are closed, and how late a close counts as "late"
    period_tick_seconds: float = Field(2.0, gt=0)
    period_grace_seconds: float = Field(60.0, ge=0)
    #: the delivery worker: how often it looks, how often it tries, the first retry's delay
    delivery_tick_seconds: float = Field(1.0, gt=0)
    delivery_max_attempts: int = Field(8, ge=1, le=50)
    delivery_retry_base_seconds: float = Field(2.0, gt=0)
    webhook_timeout_seconds: float = Field(5.0, gt=0)
    #: mail is sent only when a host is set
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "litemaas@localhost"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(10.0, gt=0)
    #: prepaid credits: how many credits a US dollar of LiteLLM's list price costs before the
    #: tier's markup (1000: a credit is a tenth of a cent, a millicredit a millionth of a dollar)
    credits_per_usd: Decimal = Field(Decimal(1000), gt=0, le=10**9, allow_inf_nan=False)
    #: tiers and their markups as JSON, over the defaults, e.g. {"starter": 0.5, "edu": 0.1}
    tier_markups: dict[str, Decimal] = Field(default_factory=dict)
    #: a new account's low-balance threshold, in millicredits
    credits_low_balance: int = Field(1_000_000, ge=0, le=10**15)

    @property
    def allow_minute_periods(self) -> bool:
        """``minute`` periods let tests see a period roll over; never in production."""
        return self.environment != "production"

    @property
    def pricing(self) -> Pricing:
        return Pricing(self.credits_per_usd, markups_from(self.tier_markups))

    @property
    def sealing_key(self) -> str:
        return self.webhook_key.get_secret_value() or "development-only"
