"""litellm_models: the baseline of the model pull

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "litellm_models",
        sa.Column("model_id", sa.String(200), primary_key=True),
        sa.Column("facts", JSONB, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False, server_default="false"),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )


def downgrade() -> None:
    op.drop_table("litellm_models")
