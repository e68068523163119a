"""outbox, inbox

Revision ID: 0001
"""

from alembic import op

from litemaas_servicekit.migrations import create_outbox_and_inbox_v1

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_outbox_and_inbox_v1()


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("outbox")
