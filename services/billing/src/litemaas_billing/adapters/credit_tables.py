"""billing's tables for prepaid credits (migration 0006)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from litemaas_billing.adapters.tables import metadata

#: one balance per user or team that runs on prepaid credits
credit_accounts = Table(
    "credit_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("owner", String(8), nullable=False),
    Column("owner_id", String(100), nullable=False),
    Column("tier", String(40), nullable=False),
    Column("balance", BigInteger, nullable=False),
    Column("low_threshold", BigInteger, nullable=False),
    Column("low_alerted", Boolean, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("owner", "owner_id", name="uq_credit_accounts_owner"),
)

#: append-only: every grant, adjustment and debit, with the balance it left
credit_transactions = Table(
    "credit_transactions",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("account_id", String(36), ForeignKey("credit_accounts.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("balance_after", BigInteger, nullable=False),
    Column("reason", Text),
    Column("actor", String(100)),
    Column("request_id", String(300)),
    Column("cost", Numeric(30, 12)),
    Column("markup", Numeric(10, 4)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "request_id", name="uq_credit_debit_once"),
    Index("ix_credit_transactions_account", "account_id", "id"),
)
