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
