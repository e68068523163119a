"""credit_caps: a user's or team's prepaid credits as a cap on LiteLLM's spend counter

Revision ID: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "credit_caps",
        sa.Column("scope", sa.String(16), primary_key=True),
        sa.Column("subject", sa.String(100), primary_key=True),
        # the balance as billing last reported it, in money LiteLLM counts (before markup)
        sa.Column("spendable", sa.Numeric(30, 12), nullable=False),
        # billing's transaction sequence for the account: an older report changes nothing
        sa.Column("version", sa.BigInteger, nullable=False),
        # the absolute max_budget the credits allow, on LiteLLM's spend counter as it was then
        sa.Column("cap", sa.Numeric(30, 12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("credit_caps")
