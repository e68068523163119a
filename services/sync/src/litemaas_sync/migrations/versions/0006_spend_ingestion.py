"""spend_watermark, spend_pulled, key_ids: the spend pull's position and dedupe, key ids by hash

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "spend_watermark",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("position", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "spend_pulled",
        sa.Column("request_id", sa.String(300), primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_spend_pulled_started_at", "spend_pulled", ["started_at"])
    op.create_table(
        "key_ids",
        sa.Column("key_hash", sa.String(100), primary_key=True),
        sa.Column("key_id", sa.String(36), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("key_ids")
    op.drop_index("ix_spend_pulled_started_at", table_name="spend_pulled")
    op.drop_table("spend_pulled")
    op.drop_table("spend_watermark")
