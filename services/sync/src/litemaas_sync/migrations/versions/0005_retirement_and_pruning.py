"""litellm_models.missed_pulls: retire after several pulls; pending_key_secrets.sealed_at: pruned

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.add_column(
        "litellm_models",
        sa.Column("missed_pulls", sa.Integer, nullable=False, server_default="0"),
    )
    op.add_column("pending_key_secrets", sa.Column("sealed_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE pending_key_secrets SET sealed_at = received_at")
    op.alter_column("pending_key_secrets", "sealed_at", nullable=False)
    op.create_index("ix_pending_key_secrets_sealed_at", "pending_key_secrets", ["sealed_at"])


def downgrade() -> None:
    op.drop_index("ix_pending_key_secrets_sealed_at", table_name="pending_key_secrets")
    op.drop_column("pending_key_secrets", "sealed_at")
    op.drop_column("litellm_models", "missed_pulls")
