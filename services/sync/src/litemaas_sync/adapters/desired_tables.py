"""Sync's tables for two-way reconciliation: the desired LiteLLM state, drift and conflicts."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, String, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB

from litemaas_sync.adapters.tables import metadata

#: the LiteLLM state LiteMaaS's events imply, one row per user, team or key (keys by hash);
#: ``fields`` maps each field to {"value", "event_id", "at"}: the event that last set it
desired_state = Table(
    "desired_state",
    metadata,
    Column("entity_type", String(16), primary_key=True),
    Column("entity_id", String(100), primary_key=True),
    Column("key_id", String(36)),
    Column("fields", JSONB, nullable=False),
    #: live | tombstoned (gone for good: no late event brings it back) | foreign (made in
    #: LiteLLM, reported once)
    Column("status", String(16), nullable=False, server_default="live"),
    Column("status_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

#: the differences the last reconcile of each entity type found, and what it decided
sync_drift = Table(
    "sync_drift",
    metadata,
    Column("entity_type", String(16), primary_key=True),
    Column("entity_id", String(100), primary_key=True),
    Column("field", String(120), primary_key=True),
    Column("ours", Text, nullable=False),
    Column("theirs", Text, nullable=False),
    Column("ours_changed_at", DateTime(timezone=True)),
    Column("theirs_changed_at", DateTime(timezone=True)),
    Column("policy", String(40), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("detected_at", DateTime(timezone=True), nullable=False),
)

#: every conflict event sync published, for the admin API's filters and paging
sync_conflicts = Table(
    "sync_conflicts",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("conflict_id", String(36), nullable=False, unique=True),
    Column("entity_type", String(16), nullable=False),
    Column("entity_id", String(100), nullable=False),
    Column("field", String(120), nullable=False),
    Column("ours", Text, nullable=False),
    Column("theirs", Text, nullable=False),
    Column("ours_changed_at", DateTime(timezone=True)),
    Column("theirs_changed_at", DateTime(timezone=True)),
    Column("policy", String(40), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
    Column("source_event_id", String(64)),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Index("ix_sync_conflicts_entity", "entity_type", "entity_id"),
)

#: every audit record sync published (LiteLLMChangeApplied), readable by admins
sync_audit_log = Table(
    "sync_audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("entity_type", String(16), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("detail", Text, nullable=False),
    Column("source_event_id", String(64), nullable=False),
    Column("source_event_type", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
    Index("ix_sync_audit_log_entity", "entity_type", "entity_id"),
)
