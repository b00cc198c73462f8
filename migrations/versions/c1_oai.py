"""OAI-PMH: the studies the endpoint has published, to report deleted ones.

Revision ID: c1_oai
Revises: b1_editor
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "c1_oai"
down_revision = "b1_editor"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "oai_items",
        sa.Column("identifier", sa.String(200), primary_key=True),
        sa.Column("datestamp", sa.Date(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("sets", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("oai_items")
