"""api_keys.custodian_user_id and .blocked; user_status

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("custodian_user_id", sa.String(36)))
    op.add_column("api_keys", sa.Column("blocked", sa.String(32)))
    op.create_index("ix_api_keys_custodian_user_id", "api_keys", ["custodian_user_id"])
    # a personal key's custodian is its owner; a team key's, its creator while still a member
    op.execute(
        "UPDATE api_keys SET custodian_user_id = owner_user_id WHERE team_id IS NULL"
        " OR EXISTS (SELECT 1 FROM team_members m"
        " WHERE m.team_id = api_keys.team_id AND m.user_id = api_keys.owner_user_id)"
    )
    op.create_table(
        "user_status",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("deactivated", sa.Boolean, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("user_status")
    op.drop_index("ix_api_keys_custodian_user_id", "api_keys")
    op.drop_column("api_keys", "blocked")
    op.drop_column("api_keys", "custodian_user_id")
