from __future__ import annotations

from ipaddress import ip_network
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
    #: the username-only login: anyone may be anyone, so only with LITEMAAS_ENV=development
    dev_login_enabled: bool = False
    dev_email_domain: str = "example.com"
    #: usernames that get the admin role on login (comma-separated in the environment)
    initial_admins: Annotated[tuple[str, ...], NoDecode] = ()

    #: identity-provider groups that grant the admin / admin-readonly roles (comma-separated)
    admin_groups: Annotated[tuple[str, ...], NoDecode] = ()
    admin_readonly_groups: Annotated[tuple[str, ...], NoDecode] = ()
    #: OpenShift OAuth: the cluster's API server (discovery and the user API) and the client
    openshift_api_url: str | None = None
    openshift_client_id: str = ""
    openshift_client_secret: SecretStr = SecretStr("")
    openshift_scopes: str = "user:info user:check-access"
    #: any OpenID Connect provider (unset: the OIDC login answers 404)
    oidc_issuer: str | None = None
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    #: add ``groups`` where the provider needs that scope for a groups claim (Dex, Okta); the
    #: default leaves it out because some providers (Keycloak) refuse unknown scopes
    oidc_scopes: str = "openid email profile"
    oidc_groups_claim: str = "groups"
    #: unauthenticated ``/<provider>/login`` calls allowed per client address and minute
    login_rate_per_minute: int = Field(30, ge=1, le=100_000)
    #: reverse proxies (CIDRs, comma-separated) whose X-Forwarded-For names the client: the
    #: gateway's addresses. The default trusts only this host (the local stack's gateway).
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ("127.0.0.1/32", "::1/128")

    @field_validator("admin_groups", "admin_readonly_groups", mode="before")
    @classmethod
    def _split_groups(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        if isinstance(value, str):
            value = tuple(v.strip() for v in value.split(",") if v.strip())
        if isinstance(value, tuple | list):
            for cidr in value:
                ip_network(cidr, strict=False)  # ValueError: not a network
        return value

    @field_validator("initial_admins", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(v.strip().lower() for v in value.split(",") if v.strip())
        return value

    @model_validator(mode="after")
    def _openshift_client_is_real(self) -> Self:
        weak = len(self.openshift_client_secret.get_secret_value()) < 16
        if self.openshift_api_url and self.environment != "development" and weak:
            raise InsecureSettings("AUTH_OPENSHIFT_CLIENT_SECRET must be set (16+ characters)")
        weak_oidc = len(self.oidc_client_secret.get_secret_value()) < 16
        if self.oidc_issuer and self.environment != "development" and weak_oidc:
            raise InsecureSettings("AUTH_OIDC_CLIENT_SECRET must be set (16+ characters)")
        return self

    @model_validator(mode="after")
    def _dev_login_only_in_development(self) -> Self:
        if self.dev_login_enabled and self.environment != "development":
            raise InsecureSettings(
                "AUTH_DEV_LOGIN_ENABLED=true lets anyone log in as anyone: allowed only with"
                f" LITEMAAS_ENV=development, not {self.environment}"
            )
        return self
