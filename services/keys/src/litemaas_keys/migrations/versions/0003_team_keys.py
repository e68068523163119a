"""team keys: api_keys.team_id, team_members

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("team_id", sa.String(36)))
    op.create_index("ix_api_keys_team_id", "api_keys", ["team_id"])
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("team_members")
    op.drop_index("ix_api_keys_team_id", "api_keys")
    op.drop_column("api_keys", "team_id")
