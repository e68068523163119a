"""api_keys.withdrawn and quota_holds: models withdrawn for a subscription's quota period

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.add_column(
        "api_keys",
        sa.Column("withdrawn", ARRAY(sa.String(200)), nullable=False, server_default="{}"),
    )
    op.create_table(
        "quota_holds",
        sa.Column("budget_id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), nullable=False),
        sa.Column("model_id", sa.String(200), nullable=False),
        sa.Column("subscription_id", sa.String(100), nullable=False),
        sa.Column("held_since", sa.DateTime(timezone=True)),
        sa.Column("closed_through", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_quota_holds_user_model", "quota_holds", ["user_id", "model_id"])


def downgrade() -> None:
    op.drop_index("ix_quota_holds_user_model", table_name="quota_holds")
    op.drop_table("quota_holds")
    op.drop_column("api_keys", "withdrawn")
