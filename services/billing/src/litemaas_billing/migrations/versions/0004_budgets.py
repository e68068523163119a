"""budgets, their usage and marks, increase requests, projections, notifications, webhooks,
deliveries

Revision ID: 0004
"""

from alembic import op

from litemaas_billing.adapters import budget_tables as t

revision = "0004"
down_revision = "0003"

TABLES = (
    t.budgets,
    t.budget_usage,
    t.budget_marks,
    t.budget_requests,
    t.users,
    t.teams,
    t.team_members,
    t.subscriptions,
    t.notifications,
    t.webhooks,
    t.deliveries,
)


def upgrade() -> None:
    bind = op.get_bind()
    # created from adapters' definitions: whoever changes one of these tables later copies
    # its current definition here first, so this revision keeps creating what it created
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table.name)
