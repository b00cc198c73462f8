"""Rate-limit counters shared by every worker (portal/ratelimits.py).

Revision ID: d1_rate_limits
Revises: c1_oai
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "d1_rate_limits"
down_revision = "c1_oai"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )


def downgrade():
    op.drop_table("rate_limits")
