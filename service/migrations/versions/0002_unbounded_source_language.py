"""`source` and `language` as unbounded text: PostgreSQL enforced VARCHAR(200) and (16), and
rejected longer values that SQLite stored (a 500 on PostgreSQL only). SQLite needs no change:
its VARCHAR(n) is text of any length.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("articles", "source", type_=sa.Text, existing_type=sa.String(200))
        op.alter_column("articles", "language", type_=sa.Text, existing_type=sa.String(16))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("articles", "source", type_=sa.String(200), existing_type=sa.Text)
        op.alter_column("articles", "language", type_=sa.String(16), existing_type=sa.Text)
