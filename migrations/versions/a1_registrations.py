"""Event registrations: a counter row per event and one row per registrant.

Revision ID: a1_registrations
Revises:
Create Date: 2025-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "a1_registrations"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "registration_events",
        sa.Column("slug", sa.String(200), primary_key=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("waitlist", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False, server_default="90"),
        sa.CheckConstraint("taken >= 0", name="ck_registration_events_taken"),
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_slug", sa.String(200), sa.ForeignKey("registration_events.slug", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("holds_place", sa.Boolean(), nullable=False),
        sa.Column("queue", sa.Integer(), nullable=True),
        sa.Column("privacy_version", sa.String(80), nullable=False),
        sa.Column("form_nonce", sa.String(40), nullable=False, unique=True),
        sa.Column("confirm_token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("confirm_expires", sa.DateTime(), nullable=True),
        sa.Column("cancel_salt", sa.String(32), nullable=False),
        sa.Column("cancel_reason", sa.String(20), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'confirmed', 'waitlisted', 'cancelled')", name="ck_registrations_status"),
    )
    op.create_index("uq_registrations_event_email", "registrations", ["event_slug", sa.text("lower(email)")], unique=True)
    op.create_index("ix_registrations_event_status", "registrations", ["event_slug", "status"])


def downgrade():
    op.drop_index("ix_registrations_event_status", table_name="registrations")
    op.drop_index("uq_registrations_event_email", table_name="registrations")
    op.drop_table("registrations")
    op.drop_table("registration_events")
