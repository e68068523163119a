"""Teams and their members, in the auth service's own schema."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, Numeric, String, Table, Text

from litemaas_auth.adapters.tables import metadata

teams = Table(
    "teams",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("max_budget", Numeric(14, 4)),
    Column("budget_duration", String(16)),
    Column("tpm_limit", Integer),
    Column("rpm_limit", Integer),
    Column("archived", Boolean, nullable=False, server_default="false"),
    #: "keep" (the keys work on for the team) or "revoke", when a member leaves
    Column("member_keys_on_leave", String(8), nullable=False, server_default="keep"),
    Column("created_by", String(36), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

team_members = Table(
    "team_members",
    metadata,
    Column("team_id", String(36), ForeignKey("teams.id"), primary_key=True),
    Column("user_id", String(36), ForeignKey("users.id"), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)
