"""The sync service's own schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from litemaas_servicekit.inbox import inbox_table
from litemaas_servicekit.outbox import outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

#: the models sync last saw in LiteLLM; retired after several pulls in a row missed them,
#: revived when LiteLLM serves them again
litellm_models = Table(
    "litellm_models",
    metadata,
    Column("model_id", String(200), primary_key=True),
    Column("facts", JSONB, nullable=False),
    Column("retired", Boolean, nullable=False, server_default="false"),
    Column("missed_pulls", Integer, nullable=False, server_default="0"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

#: sealed API key secrets received from keys, until the key exists in LiteLLM (then deleted)
pending_key_secrets = Table(
    "pending_key_secrets",
    metadata,
    Column("key_id", String(36), primary_key=True),
    Column("key_hash", String(64), nullable=False),
    Column("sealed_secret", String(500), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    #: when keys sealed it: pruned one hour later, used or not
    Column("sealed_at", DateTime(timezone=True), nullable=False, index=True),
)

#: how far the spend pull has read LiteLLM's spend logs (one row: ``name`` = "spend-logs")
spend_watermark = Table(
    "spend_watermark",
    metadata,
    Column("name", String(50), primary_key=True),
    Column("position", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

#: request ids the pull recorded lately: the overlap re-reads them without publishing again
spend_pulled = Table(
    "spend_pulled",
    metadata,
    Column("request_id", String(300), primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False, index=True),
)

#: LiteMaaS's key id for each key hash, from the ApiKeyCreated events sync handled
key_ids = Table(
    "key_ids",
    metadata,
    Column("key_hash", String(100), primary_key=True),
    Column("key_id", String(36), nullable=False),
)

#: billing's key, user and team budgets as sync last pushed them to LiteLLM
budgets = Table(
    "budgets",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("scope", String(16), nullable=False),
    #: the key's hash, the user id or the team id: what LiteLLM knows the subject by
    Column("subject", String(100), nullable=False),
    Column("period", String(16)),
    Column("hard_limit", Numeric(30, 12)),
    Column("soft_limit", Numeric(30, 12)),
    Column("removed", Boolean, nullable=False, server_default="false"),
    Column("set_at", DateTime(timezone=True)),
    #: the end of the last period restarted in LiteLLM: a replayed close changes nothing
    Column("closed_through", DateTime(timezone=True)),
    #: a team's LiteLLM spend at its last close (LiteLLM cannot reset a team's spend)
    Column("carry", Numeric(30, 12)),
    #: the overdue budget_reset_at last reported, so each lateness is reported once
    Column("late_reported_for", DateTime(timezone=True)),
    Index("ix_budgets_subject", "scope", "subject"),
)

#: each key's own limits (from its events): what LiteLLM gets back when a billing budget goes
key_limits = Table(
    "key_limits",
    metadata,
    Column("key_hash", String(100), primary_key=True),
    Column("limits", JSONB, nullable=False),
)

#: a user's or team's prepaid credits as a cap on LiteLLM's spend counter for them
credit_caps = Table(
    "credit_caps",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("subject", String(100), primary_key=True),
    Column("spendable", Numeric(30, 12), nullable=False),
    #: billing's version of the account: an older report changes nothing
    Column("version", BigInteger, nullable=False),
    Column("cap", Numeric(30, 12), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
