"""consumer_attempts, consumer_parking: auth consumes now (changes made in LiteLLM)

Revision ID: 0006
"""

from alembic import op

from litemaas_servicekit.migrations import create_delivery_tables_v2

revision = "0006"
down_revision = "0005_identities_epochs"


def upgrade() -> None:
    create_delivery_tables_v2()


def downgrade() -> None:
    op.drop_table("consumer_parking")
    op.drop_table("consumer_attempts")
