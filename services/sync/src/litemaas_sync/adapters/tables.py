"""The sync service's own schema."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, func
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
