"""scale: indexes and query support for ten years of a large district center

Found with benchmarks/generate.py's reference size (5,000,000 tickets, 1,000,000 petitions with 5,000,000
timeline steps, 300,000 disputes, 1,000,000 bookings) and the benchmarks in benchmarks/:

- ix_petition_step_action_at: the reports read the repeat visits of a period (action = 'repeat_visit' and
  at in the period); without it every report scanned the whole timeline.
- ix_queue_event_kind_day: the reports' transfers of a period (kind = 'transferred', day in the period) were
  found by reading every event of the period (about 190,000 a month at a large center).

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
    with op.batch_alter_table('petition_step', schema=None) as batch_op:
        batch_op.create_index('ix_petition_step_action_at', ['action', 'at'], unique=False)
    with op.batch_alter_table('queue_event', schema=None) as batch_op:
        batch_op.create_index('ix_queue_event_kind_day', ['kind', 'day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('queue_event', schema=None) as batch_op:
        batch_op.drop_index('ix_queue_event_kind_day')
    with op.batch_alter_table('petition_step', schema=None) as batch_op:
        batch_op.drop_index('ix_petition_step_action_at')
