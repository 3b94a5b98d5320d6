"""petitions: people, cases, steps, deadlines, attachments

Revision ID: 0003_petitions
Revises: 0002_queue
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_petitions'
down_revision = '0002_queue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
