"""The keys service's own schema. A key's secret is never stored: only its hash and prefix."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, MetaData, String, Table
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from litemaas_servicekit.inbox import inbox_table
from litemaas_servicekit.outbox import outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("owner_user_id", String(36), nullable=False, index=True),
    Column("team_id", String(36), index=True),
    Column("name", String(100), nullable=False),
    Column("models", ARRAY(String(200)), nullable=False),
    Column("limits", JSONB, nullable=False),
    Column("key_prefix", String(16), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("status", String(16), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True)),
    Column("revoke_at", DateTime(timezone=True)),
    Column("expiry_warned_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("custodian_user_id", String(36), index=True),
    Column("blocked", String(32)),
    #: models withdrawn until their subscription's quota period closes
    Column("withdrawn", ARRAY(String(200)), nullable=False, server_default="{}"),
)

#: whether a user may act, projected from auth's user events (deactivation blocks their keys)
user_status = Table(
    "user_status",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("deactivated", Boolean, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

#: what each user may put in a key: built from the catalog's subscription events
entitlements = Table(
    "entitlements",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("model_id", String(200), primary_key=True),
    Column("subscription_id", String(36), nullable=False),
    Column("status", String(16), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

#: who is in which team, projected from auth's team events (team keys are shared with members)
team_members = Table(
    "team_members",
    metadata,
    Column("team_id", String(36), primary_key=True),
    Column("user_id", String(36), primary_key=True),
    Column("role", String(16), nullable=False),
)

#: each subscription budget's hold on its model (BudgetExceeded until BudgetPeriodClosed)
quota_holds = Table(
    "quota_holds",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("model_id", String(200), nullable=False),
    Column("subscription_id", String(100), nullable=False),
    Column("held_since", DateTime(timezone=True)),
    Column("closed_through", DateTime(timezone=True)),
    Index("ix_quota_holds_user_model", "user_id", "model_id"),
)
