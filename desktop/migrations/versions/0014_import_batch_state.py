"""import batch state: an import commits in batches of rows; its record says how far it got (running,
complete, failed), how many rows were written and when its last batch was (to resume an interrupted one).
Imports stored before were one transaction each: complete, every row done.

Revision ID: 0014_import_batch_state
Revises: 0013_booking_whole_minutes
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0014_import_batch_state'
down_revision = '0013_booking_whole_minutes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), server_default='complete', nullable=False))
        batch_op.add_column(sa.Column('rows_done', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(), nullable=True))
    batch = sa.table('import_batch', sa.column('rows_done', sa.Integer()), sa.column('created', sa.Integer()),
                     sa.column('repeats', sa.Integer()))
    op.execute(batch.update().values(rows_done=batch.c.created + batch.c.repeats))


def downgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('rows_done')
        batch_op.drop_column('state')
