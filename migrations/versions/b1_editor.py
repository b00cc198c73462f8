"""Editor accounts, content revisions and the audit log.

Revision ID: b1_editor
Revises:
Create Date: 2025-01-01
"""
import sqlalchemy as sa
from alembic import op

revision = "b1_editor"
down_revision = "a1_registrations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "editor_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("session_generation", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(5), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "editor_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("section", sa.String(32), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(5), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("editor_accounts.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_editor_revisions_item", "editor_revisions", ["section", "slug", "lang", "id"])
    op.create_table(
        "editor_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("editor_accounts.id"), nullable=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_editor_audit_created_at", "editor_audit", ["created_at"])


def downgrade():
    op.drop_index("ix_editor_audit_created_at", table_name="editor_audit")
    op.drop_table("editor_audit")
    op.drop_index("ix_editor_revisions_item", table_name="editor_revisions")
    op.drop_table("editor_revisions")
    op.drop_table("editor_accounts")
