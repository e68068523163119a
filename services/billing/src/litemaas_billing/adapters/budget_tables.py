"""billing's tables for budgets, their periods and alerts, and the projections they need."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from litemaas_billing.adapters.tables import metadata

#: one budget per scope and subject, for ever (removing it sets ``removed_at``); ``match_key``
#: is how ingestion finds every budget one request falls under, through one index
budgets = Table(
    "budgets",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("subject_id", String(100), nullable=False),
    Column("user_id", String(100)),
    Column("team_id", String(100)),
    Column("model_id", String(200)),
    Column("key_hash", String(100)),
    Column("match_key", String(320), nullable=False),
    Column("period", String(8), nullable=False),
    Column("soft_limit", Numeric),
    Column("hard_limit", Numeric),
    Column("max_requests", BigInteger),
    Column("max_tokens", BigInteger),
    Column("thresholds", ARRAY(Integer), nullable=False),
    Column("period_start", DateTime(timezone=True), nullable=False),
    Column("period_end", DateTime(timezone=True)),
    Column("set_by", String(100), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True)),
    UniqueConstraint("scope", "subject_id", name="uq_budgets_subject"),
    Index("ix_budgets_match", "match_key", postgresql_where="removed_at IS NULL"),
    Index("ix_budgets_due", "period_end", postgresql_where="removed_at IS NULL"),
    Index("ix_budgets_user", "user_id"),
)

#: the running figures of each budget's period, added to in the ledger's transaction
budget_usage = Table(
    "budget_usage",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("period_start", DateTime(timezone=True), primary_key=True),
    Column("spend", Numeric, nullable=False),
    Column("requests", BigInteger, nullable=False),
    Column("tokens", BigInteger, nullable=False),
)

#: what was raised in a period (``spend:80:10.00``, ``exceeded``): each at most once
budget_marks = Table(
    "budget_marks",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("period_start", DateTime(timezone=True), primary_key=True),
    Column("mark", String(120), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

budget_requests = Table(
    "budget_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("budget_id", String(36), nullable=False, index=True),
    Column("requested_by", String(100), nullable=False, index=True),
    Column("current_limit", Numeric),
    Column("requested_limit", Numeric, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(100)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_reason", Text),
    Column("granted_limit", Numeric),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_budget_requests_status", "status", "created_at"),
)

#: projections of other contexts: who a user is and how to mail them, teams and their roles,
#: subscriptions (user x model)
users = Table(
    "users",
    metadata,
    Column("user_id", String(100), primary_key=True),
    Column("username", String(200), nullable=False),
    Column("email", String(320)),
)
teams = Table("teams", metadata, Column("team_id", String(100), primary_key=True))
team_members = Table(
    "team_members",
    metadata,
    Column("team_id", String(100), primary_key=True),
    Column("user_id", String(100), primary_key=True, index=True),
    Column("role", String(16), nullable=False),
)
subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("user_id", String(100), nullable=False),
    Column("model_id", String(200), nullable=False),
    Column("status", String(16), nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("user_id", String(100), nullable=False),
    Column("source_id", String(64), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("title", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("data", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("read_at", DateTime(timezone=True)),
    UniqueConstraint("user_id", "source_id", name="uq_notifications_source"),
    Index("ix_notifications_user", "user_id", "id"),
)

#: the secret is sealed (AES-GCM, ``BILLING_WEBHOOK_KEY``): it must be read to sign
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("url", String(2000), nullable=False),
    Column("description", String(500), nullable=False),
    Column("sealed_secret", Text, nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

#: one row per alert, channel and target (a webhook's id, a user's id for mail): the delivery
#: log, and the queue the delivery worker drains with retries and backoff
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("channel", String(16), nullable=False),
    Column("target", String(100), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text),
    Column("last_status", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True)),
    UniqueConstraint("channel", "target", "event_id", name="uq_deliveries_once"),
    Index("ix_deliveries_due", "next_attempt_at", postgresql_where="status = 'pending'"),
)
