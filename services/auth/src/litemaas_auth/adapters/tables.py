"""The auth service's own schema. No other service reads these tables."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Table,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY

from litemaas_servicekit.inbox import inbox_table
from litemaas_servicekit.outbox import outbox_table

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("email", String(254)),
    Column("full_name", String(200)),
    #: the effective roles, kept for readers of the table; written from the two sources below
    Column("roles", ARRAY(String(32)), nullable=False),
    #: set by hand by a platform admin
    Column("admin_roles", ARRAY(String(32)), nullable=False, server_default="{}"),
    #: granted by the identity provider's groups (and AUTH_INITIAL_ADMINS) at the last login
    Column("granted_roles", ARRAY(String(32)), nullable=False, server_default="{}"),
    Column("active", Boolean, nullable=False, server_default="true"),
    #: tokens minted under a lower epoch are refused by every service (mirrored in Redis)
    Column("token_epoch", BigInteger, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

#: who a user is at an identity provider; a username is only a label
user_identities = Table(
    "user_identities",
    metadata,
    Column("issuer", String(500), primary_key=True),
    Column("subject", String(255), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("linked_at", DateTime(timezone=True), nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
