"""login_attempts: identity-provider logins in flight

Revision ID: 0004_login_attempts
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_login_attempts"
down_revision = "0003_refresh_tokens"


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("state", sa.String(64), primary_key=True),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("redirect_uri", sa.String(2000), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
