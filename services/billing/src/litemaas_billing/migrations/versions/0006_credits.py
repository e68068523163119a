"""credit_accounts, credit_transactions: prepaid balances and every change of them

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "credit_accounts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("owner", sa.String(8), nullable=False),
        sa.Column("owner_id", sa.String(100), nullable=False),
        sa.Column("tier", sa.String(40), nullable=False),
        sa.Column("balance", sa.BigInteger, nullable=False),
        sa.Column("low_threshold", sa.BigInteger, nullable=False),
        sa.Column("low_alerted", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("owner", "owner_id", name="uq_credit_accounts_owner"),
    )
    op.create_table(
        "credit_transactions",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("account_id", sa.String(36), sa.ForeignKey("credit_accounts.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("balance_after", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("actor", sa.String(100)),
        # a debit names the LiteLLM request it pays for, once per account
        sa.Column("request_id", sa.String(300)),
        sa.Column("cost", sa.Numeric(30, 12)),
        sa.Column("markup", sa.Numeric(10, 4)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("account_id", "request_id", name="uq_credit_debit_once"),
    )
    op.create_index("ix_credit_transactions_account", "credit_transactions", ["account_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_credit_transactions_account", table_name="credit_transactions")
    op.drop_table("credit_transactions")
    op.drop_table("credit_accounts")
