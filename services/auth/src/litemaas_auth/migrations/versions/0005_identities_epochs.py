"""external identities, access epochs, roles by source, login binding, team key custody

Revision ID: 0005_identities_epochs

Existing users and their identities (the choice, and why):

- Before this revision, a login found its user by username alone, so which provider (or the
  development login) created a user is not recorded. Linking every user to ("dev", username)
  would make each user's next provider login look like a stranger's, giving them a new empty
  account; it is safe only where the development login is the way people log in, i.e. where
  LITEMAAS_ENV=development (the only environment that allows it now). So: in development,
  existing users get the ("dev", username) link; elsewhere they get none, and the first
  login of such an unlinked user by its username links that identity for good. That first
  login has the trust the username had before (no more); each later login is by identity.
- Existing roles become ``granted_roles``, re-derived from groups and AUTH_INITIAL_ADMINS at
  the user's next login: a role nothing grants any more ends then. A role an admin had set by
  hand is set again once through the admin API (it is then kept apart, in ``admin_roles``).
"""

import os

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0005_identities_epochs"
down_revision = "0004_login_attempts"


def upgrade() -> None:
    roles = ARRAY(sa.String(32))
    op.add_column("users", sa.Column("admin_roles", roles, nullable=False, server_default="{}"))
    op.add_column("users", sa.Column("granted_roles", roles, nullable=False, server_default="{}"))
    op.add_column(
        "users", sa.Column("token_epoch", sa.BigInteger, nullable=False, server_default="0")
    )
    op.execute("UPDATE users SET granted_roles = roles")
    op.create_table(
        "user_identities",
        sa.Column("issuer", sa.String(500), primary_key=True),
        sa.Column("subject", sa.String(255), primary_key=True),
        sa.Column("user_id", sa.String(36), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_user_identities_user_id", "user_identities", ["user_id"])
    if os.environ.get("LITEMAAS_ENV") == "development":
        op.execute(
            "INSERT INTO user_identities (issuer, subject, user_id, linked_at)"
            " SELECT 'dev', username, id, now() FROM users"
        )
    op.add_column("login_attempts", sa.Column("binding_hash", sa.String(64)))
    op.add_column(
        "teams",
        sa.Column("member_keys_on_leave", sa.String(8), nullable=False, server_default="keep"),
    )


def downgrade() -> None:
    op.drop_column("teams", "member_keys_on_leave")
    op.drop_column("login_attempts", "binding_hash")
    op.drop_table("user_identities")
    for column in ("token_epoch", "granted_roles", "admin_roles"):
        op.drop_column("users", column)
