"""budgets, key_limits: billing's budgets as pushed to LiteLLM, and each key's own limits

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "budgets",
        sa.Column("budget_id", sa.String(36), primary_key=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(100), nullable=False),
        sa.Column("period", sa.String(16)),
        sa.Column("hard_limit", sa.Numeric(30, 12)),
        sa.Column("soft_limit", sa.Numeric(30, 12)),
        sa.Column("removed", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("set_at", sa.DateTime(timezone=True)),
        sa.Column("closed_through", sa.DateTime(timezone=True)),
        sa.Column("carry", sa.Numeric(30, 12)),
        sa.Column("late_reported_for", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_budgets_subject", "budgets", ["scope", "subject"])
    op.create_table(
        "key_limits",
        sa.Column("key_hash", sa.String(100), primary_key=True),
        sa.Column("limits", JSONB, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("key_limits")
    op.drop_index("ix_budgets_subject", table_name="budgets")
    op.drop_table("budgets")
