"""scale: indexes and query support for ten years of a large district center

Revision ID: 0008_scale_indexes
Revises: 0007_audit_guard
Create Date: 2026-11-21
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0008_scale_indexes'
down_revision = '0007_audit_guard'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
