"""desired_state, sync_drift, sync_conflicts, sync_audit_log: two-way reconciliation

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"

_TZ = sa.DateTime(timezone=True)


def _difference() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("ours", sa.Text, nullable=False),
        sa.Column("theirs", sa.Text, nullable=False),
        sa.Column("ours_changed_at", _TZ),
        sa.Column("theirs_changed_at", _TZ),
        sa.Column("policy", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "desired_state",
        sa.Column("entity_type", sa.String(16), primary_key=True),
        sa.Column("entity_id", sa.String(100), primary_key=True),
        sa.Column("key_id", sa.String(36)),
        sa.Column("fields", JSONB, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="live"),
        sa.Column("status_at", _TZ),
        sa.Column("updated_at", _TZ, nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "sync_drift",
        sa.Column("entity_type", sa.String(16), primary_key=True),
        sa.Column("entity_id", sa.String(100), primary_key=True),
        sa.Column("field", sa.String(120), primary_key=True),
        *_difference(),
        sa.Column("detected_at", _TZ, nullable=False),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("conflict_id", sa.String(36), nullable=False, unique=True),
        sa.Column("entity_type", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(100), nullable=False),
        sa.Column("field", sa.String(120), nullable=False),
        *_difference(),
        sa.Column("before", sa.Text, nullable=False),
        sa.Column("after", sa.Text, nullable=False),
        sa.Column("source_event_id", sa.String(64)),
        sa.Column("detected_at", _TZ, nullable=False),
    )
    op.create_index("ix_sync_conflicts_entity", "sync_conflicts", ["entity_type", "entity_id"])
    op.create_table(
        "sync_audit_log",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("entity_type", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("source_event_id", sa.String(64), nullable=False),
        sa.Column("source_event_type", sa.String(200), nullable=False),
        sa.Column("applied_at", _TZ, nullable=False),
    )
    op.create_index("ix_sync_audit_log_entity", "sync_audit_log", ["entity_type", "entity_id"])


def downgrade() -> None:
    for table in ("sync_audit_log", "sync_conflicts", "sync_drift", "desired_state"):
        op.drop_table(table)
