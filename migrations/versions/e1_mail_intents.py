"""Mails written in the same transaction as the registration change they announce (registration/intents.py).

Revision ID: e1_mail_intents
Revises: d1_rate_limits
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "e1_mail_intents"
down_revision = "d1_rate_limits"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_intents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("registration_id", sa.Integer(), sa.ForeignKey("registrations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("token", sa.String(100), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_mail_intents_registration", "mail_intents", ["registration_id", "kind"])


def downgrade():
    op.drop_index("ix_mail_intents_registration", table_name="mail_intents")
    op.drop_table("mail_intents")
