"""mediation: disputes, parties, bookings, sessions, agreements

Revision ID: 0004_mediation
Revises: 0003_petitions
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_mediation'
down_revision = '0003_petitions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
