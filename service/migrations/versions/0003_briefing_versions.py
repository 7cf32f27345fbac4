"""`briefing_versions`: earlier briefings of an article, kept when it is briefed again
(`?refresh=true`, `briefing digest --refresh`). A new table; the others are unchanged.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    if "briefing_versions" in sa.inspect(op.get_bind()).get_table_names():
        return  # made by create_all before migrations existed (never released, but cheap to allow)
    op.create_table(
        "briefing_versions",
        sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("extractor", sa.String(32), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("briefing_versions")
