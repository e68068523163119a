"""consumer_attempts, consumer_parking: errors classified, a dead letter parks its key

Revision ID: 0003
"""

from alembic import op

from litemaas_servicekit.migrations import create_delivery_tables_v2

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    create_delivery_tables_v2()


def downgrade() -> None:
    op.drop_table("consumer_parking")
    op.drop_table("consumer_attempts")
