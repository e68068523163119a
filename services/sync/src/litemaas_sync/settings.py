from __future__ import annotations

from typing import ClassVar, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from litemaas_servicekit.sealing import provisioning_keys
from litemaas_servicekit.settings import (
    KNOWN_DEFAULT_SECRETS,
    MIN_SECRET_LENGTH,
    DatabaseSettings,
    InsecureSettings,
)
from litemaas_sync.domain.policy import Policies, parse_policies


class SyncSettings(DatabaseSettings):
    model_config = SettingsConfigDict(env_prefix="SYNC_", extra="ignore", frozen=True)
    service_name: ClassVar[str] = "sync"
    secret_fields: ClassVar[tuple[str, ...]] = ("litellm_master_key", "provisioning_key")

    http_port: int = 8015
    litellm_url: str = "http://127.0.0.1:4000"
    litellm_master_key: SecretStr = SecretStr("")
    litellm_timeout_seconds: float = Field(10.0, gt=0)
    #: billing's API, read by the spend report with the asking admin's own token
    billing_url: str = "http://127.0.0.1:8014"
    #: opens API key secrets sealed by the keys service (the same value as KEYS_PROVISIONING_KEY);
    #: during a rotation, comma-separated ``new,old``: every key listed opens
    provisioning_key: SecretStr = SecretStr("")
    #: how often sealed secrets older than an hour are deleted, used or not
    secret_prune_seconds: float = Field(60.0, gt=0)
    #: consecutive LiteLLM failures that open the circuit, and how long it stays open
    breaker_threshold: int = Field(5, ge=1)
    breaker_reset_seconds: float = Field(10.0, gt=0)
    #: how often LiteLLM's models are pulled (also at start, and on demand by admins)
    model_pull_seconds: float = Field(60.0, gt=0)
    #: a model is retired after this many successful pulls in a row did not list it
    model_retire_after_pulls: int = Field(3, ge=1)
    #: how often LiteLLM's spend logs are pulled (also on demand by admins)
    spend_pull_seconds: float = Field(10.0, gt=0)
    #: a pull reads up to this long ago: LiteLLM writes its spend-log rows in batches
    spend_lag_seconds: float = Field(60.0, ge=0)
    #: each pull reads this far behind its watermark again, for rows written later than the lag
    #: (a stalled LiteLLM wrote some ~50 s late) and for long requests (rows go by start time)
    spend_overlap_seconds: float = Field(300.0, ge=0, le=86400)
    #: how often the budgets sync pushed are checked for a LiteLLM reset that did not happen
    budget_watch_seconds: float = Field(60.0, gt=0)
    #: a budget_reset_at passed by more than this is reported (LiteLLM's job runs every ~10 min)
    budget_reset_tolerance_seconds: float = Field(900.0, ge=0)
    #: the secret LiteLLM's callback presents on POST /internal/spend; empty: push refused
    spend_push_secret: SecretStr = SecretStr("")
    #: how often users, teams and keys are pulled from LiteLLM and diffed with the desired state
    reconcile_seconds: float = Field(60.0, gt=0)
    #: conflict policy overrides, ``<user|team|key>.<field|member|*>=<policy>`` comma-separated
    #: (policies: litemaas_wins, litellm_wins, newest_wins); see domain/policy.py for defaults
    reconcile_policies: str = ""
    #: an object found only in LiteLLM (a key made there): reported, or announced for adoption
    reconcile_only_in_litellm: Literal["report", "adopt"] = "report"
    #: an object deleted in LiteLLM: made again (users, teams), or tombstoned for good
    reconcile_deleted_in_litellm: Literal["recreate", "tombstone"] = "tombstone"

    @field_validator("reconcile_policies")
    @classmethod
    def _known_policies(cls, value: str) -> str:
        parse_policies(value)  # raises on an unknown kind or strategy: fail at start
        return value

    def policies(self) -> Policies:
        return Policies(
            parse_policies(self.reconcile_policies),
            self.reconcile_only_in_litellm,
            self.reconcile_deleted_in_litellm,
        )

    @model_validator(mode="after")
    def _refuse_a_weak_push_secret(self) -> Self:
        """Optional (push off when empty), but never weak outside development."""
        secret = self.spend_push_secret.get_secret_value()
        weak = secret.lower() in KNOWN_DEFAULT_SECRETS or len(secret) < MIN_SECRET_LENGTH
        if secret and weak and self.environment != "development":
            raise InsecureSettings(
                f"spend_push_secret must be at least {MIN_SECRET_LENGTH} random characters "
                f"when LITEMAAS_ENV={self.environment}"
            )
        return self

    @model_validator(mode="after")
    def _refuse_a_weak_key_in_the_list(self) -> Self:
        """Each key of a rotation list is held to the rule the whole setting is."""
        if self.environment == "development":
            return self
        for key in provisioning_keys(self.provisioning_key.get_secret_value()):
            if key.lower() in KNOWN_DEFAULT_SECRETS or len(key) < MIN_SECRET_LENGTH:
                raise InsecureSettings(
                    f"every key in provisioning_key must be at least {MIN_SECRET_LENGTH} "
                    f"random characters when LITEMAAS_ENV={self.environment}"
                )
        return self
