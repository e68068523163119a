"""models, subscriptions, subscription_history

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    now = sa.func.now()
    op.create_table(
        "models",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("provider", sa.String(100), nullable=False),
        sa.Column("context_length", sa.Integer),
        sa.Column("input_cost_per_token", sa.Numeric(20, 12)),
        sa.Column("output_cost_per_token", sa.Numeric(20, 12)),
        sa.Column("capabilities", ARRAY(sa.String(64)), nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("restricted", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("hidden", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=now),
    )
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False, index=True),
        sa.Column("model_id", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("requests_per_month", sa.Integer),
        sa.Column("tokens_per_month", sa.BigInteger),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "model_id", name="uq_subscription_user_model"),
    )
    op.create_table(
        "subscription_history",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("subscription_id", sa.String(36), nullable=False, index=True),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("changed_by", sa.String(36), nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("subscription_history")
    op.drop_table("subscriptions")
    op.drop_table("models")
