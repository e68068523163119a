"""The catalog service's own schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY

from litemaas_servicekit.inbox import inbox_table
from litemaas_servicekit.outbox import outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

models = Table(
    "models",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("provider", String(100), nullable=False),
    Column("context_length", Integer),
    Column("input_cost_per_token", Numeric(20, 12)),
    Column("output_cost_per_token", Numeric(20, 12)),
    Column("capabilities", ARRAY(String(64)), nullable=False),
    Column("retired", Boolean, nullable=False, server_default="false"),
    Column("restricted", Boolean, nullable=False, server_default="false"),
    Column("hidden", Boolean, nullable=False, server_default="false"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False, index=True),
    Column("model_id", String(200), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("requests_per_month", Integer),
    Column("tokens_per_month", BigInteger),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("user_id", "model_id", name="uq_subscription_user_model"),
)

subscription_history = Table(
    "subscription_history",
    metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("subscription_id", String(36), nullable=False, index=True),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("changed_by", String(36), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("at", DateTime(timezone=True), nullable=False),
)
