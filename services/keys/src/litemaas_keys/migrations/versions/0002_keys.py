"""api_keys, entitlements

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    when = sa.DateTime(timezone=True)
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner_user_id", sa.String(36), nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("models", ARRAY(sa.String(200)), nullable=False),
        sa.Column("limits", JSONB, nullable=False),
        sa.Column("key_prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("expires_at", when),
        sa.Column("revoke_at", when),
        sa.Column("expiry_warned_at", when),
        sa.Column("created_at", when, nullable=False),
        sa.Column("updated_at", when, nullable=False),
    )
    op.create_table(
        "entitlements",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("model_id", sa.String(200), primary_key=True),
        sa.Column("subscription_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("updated_at", when, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("entitlements")
    op.drop_table("api_keys")
