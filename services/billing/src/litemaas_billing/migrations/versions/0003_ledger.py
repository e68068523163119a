"""key_owners, spend_ledger, usage_hourly, usage_daily: the ledger and its aggregates

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

_COUNTS = ("requests", "failures", "prompt_tokens", "completion_tokens")


def _aggregate(name: str) -> None:
    op.create_table(
        name,
        sa.Column("bucket", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("key_hash", sa.String(100), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("team_id", sa.String(100), nullable=False),
        sa.Column("provider", sa.String(100), nullable=False),
        sa.Column("key_id", sa.String(36)),
        *(sa.Column(c, sa.BigInteger, nullable=False) for c in _COUNTS),
        sa.Column("cost", sa.Numeric, nullable=False),
        sa.PrimaryKeyConstraint("bucket", "user_id", "key_hash", "model", "team_id", "provider"),
    )
    op.create_index(f"ix_{name}_user_bucket", name, ["user_id", "bucket"])


def upgrade() -> None:
    op.create_table(
        "key_owners",
        sa.Column("key_hash", sa.String(100), primary_key=True),
        sa.Column("key_id", sa.String(36), nullable=False),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("team_id", sa.String(100)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "spend_ledger",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("request_id", sa.String(300), nullable=False, unique=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(100), nullable=False),
        sa.Column("key_id", sa.String(36)),
        sa.Column("user_id", sa.String(100), nullable=False),
        sa.Column("team_id", sa.String(100)),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("provider", sa.String(100)),
        sa.Column("prompt_tokens", sa.BigInteger, nullable=False),
        sa.Column("completion_tokens", sa.BigInteger, nullable=False),
        sa.Column("cost", sa.Numeric, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "ingested_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    _aggregate("usage_hourly")
    _aggregate("usage_daily")


def downgrade() -> None:
    for name in ("usage_daily", "usage_hourly", "spend_ledger", "key_owners"):
        op.drop_table(name)
