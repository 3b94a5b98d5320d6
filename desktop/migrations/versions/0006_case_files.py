"""case files: finalised 卷宗 stored with their SHA-256, one record per version

Revision ID: 0006_case_files
Revises: 0005_intake
Create Date: 2026-11-21
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0006_case_files'
down_revision = '0005_intake'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
