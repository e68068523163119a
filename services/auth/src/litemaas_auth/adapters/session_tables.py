"""Refresh tokens, stored as their SHA-256 only: a database dump holds no usable token."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, String, Table

from litemaas_auth.adapters.tables import metadata

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), nullable=False, index=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)
