from __future__ import annotations

from typing import Annotated, ClassVar, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from litemaas_servicekit.settings import DatabaseSettings, InsecureSettings


class AuthSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "auth"
    secret_fields: ClassVar[tuple[str, ...]] = ("jwt_signing_key",)

    http_port: int = 8011
    jwt_signing_key: SecretStr = SecretStr("")
    jwt_issuer: str = "litemaas"
    access_token_minutes: int = Field(15, ge=1, le=24 * 60)
    refresh_token_days: float = Field(7, gt=0, le=90)
    #: the username-only login, for development and tests; refused in production
    dev_login_enabled: bool = False
    dev_email_domain: str = "example.com"
    #: usernames that get the admin role on login (comma-separated in the environment)
    initial_admins: Annotated[tuple[str, ...], NoDecode] = ()

    @field_validator("initial_admins", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(v.strip().lower() for v in value.split(",") if v.strip())
        return value

    @model_validator(mode="after")
    def _no_dev_login_in_production(self) -> Self:
        if self.dev_login_enabled and self.environment == "production":
            raise InsecureSettings("AUTH_DEV_LOGIN_ENABLED must not be true in production")
        return self
