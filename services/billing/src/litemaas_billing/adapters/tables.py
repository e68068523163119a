"""The billing service's own schema: the ledger, the aggregates, and its projection of keys."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    func,
)

from litemaas_servicekit.inbox import inbox_table
from litemaas_servicekit.outbox import outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

#: who each key's spend belongs to, projected from ApiKeyCreated (a rotation makes a new key)
key_owners = Table(
    "key_owners",
    metadata,
    Column("key_hash", String(100), primary_key=True),
    Column("key_id", String(36), nullable=False),
    Column("user_id", String(100), nullable=False),
    Column("team_id", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

#: one row per LiteLLM request, append-only; corrections would be new rows. ``cost`` is an
#: unconstrained NUMERIC: LiteLLM's costs (1.35e-05 USD) are kept exactly, whatever the scale.
spend_ledger = Table(
    "spend_ledger",
    metadata,
    Column("seq", BigInteger, Identity(), primary_key=True),
    Column("request_id", String(300), nullable=False, unique=True),
    Column("event_id", String(64), nullable=False),
    Column("key_hash", String(100), nullable=False),
    Column("key_id", String(36)),
    Column("user_id", String(100), nullable=False),
    Column("team_id", String(100)),
    Column("model", String(200), nullable=False),
    Column("provider", String(100)),
    Column("prompt_tokens", BigInteger, nullable=False),
    Column("completion_tokens", BigInteger, nullable=False),
    Column("cost", Numeric, nullable=False),
    Column("status", String(16), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=False),
    Column("source", String(16), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


def _aggregate(name: str) -> Table:
    """Totals per bucket at the finest grain (key x user x team x model x provider): every
    level the API shows (key, user, team, subscription = user x model, model, provider) is a
    GROUP BY of these rows. No team or provider is "", so the grain can be the primary key."""
    return Table(
        name,
        metadata,
        Column("bucket", DateTime(timezone=True), primary_key=True),
        Column("user_id", String(100), primary_key=True),
        Column("key_hash", String(100), primary_key=True),
        Column("model", String(200), primary_key=True),
        Column("team_id", String(100), primary_key=True),
        Column("provider", String(100), primary_key=True),
        Column("key_id", String(36)),
        Column("requests", BigInteger, nullable=False),
        Column("failures", BigInteger, nullable=False),
        Column("prompt_tokens", BigInteger, nullable=False),
        Column("completion_tokens", BigInteger, nullable=False),
        Column("cost", Numeric, nullable=False),
        Index(f"ix_{name}_user_bucket", "user_id", "bucket"),
    )


usage_hourly = _aggregate("usage_hourly")
usage_daily = _aggregate("usage_daily")
AGGREGATES = {"hour": usage_hourly, "day": usage_daily}

#: one per team and closed UTC month, written once and never rewritten (``body`` is the
#: canonical bytes, ``sha256`` their digest)
statements = Table(
    "statements",
    metadata,
    Column("team_id", String(100), primary_key=True),
    Column("period_start", DateTime(timezone=True), primary_key=True),
    Column("period_end", DateTime(timezone=True), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
