"""booking whole minutes: bookings made before times were kept in whole minutes may carry the seconds of the
clock they were made from (16:00:23–17:00:23). Such a session showed 16:00–16:45 as 44 minutes and refused a
17:00 booking as overlapping 16:00–17:00. Their times, and those of the claims derived from them, drop the
seconds: a floor on both ends keeps every two sessions that did not overlap apart.

Data only; nothing to undo (the seconds were never meant).

Revision ID: 0013_booking_whole_minutes
Revises: 0012_hall_voice
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0013_booking_whole_minutes'
down_revision = '0012_hall_voice'
branch_labels = None
depends_on = None


def _with_seconds(dialect: str, column):
    if dialect == 'postgresql':
        return sa.func.date_trunc('minute', column) != column
    # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff": from the 18th character on is what a whole minute has as zeros
    return sa.func.substr(column, 18).not_in(('00', '00.000000'))


def upgrade() -> None:
    bind = op.get_bind()
    for name in ('booking', 'booking_claim'):
        table = sa.table(name, sa.column('id', sa.Integer()), sa.column('start_at', sa.DateTime()),
                         sa.column('end_at', sa.DateTime()))
        rows = bind.execute(sa.select(table.c.id, table.c.start_at, table.c.end_at).where(sa.or_(
            _with_seconds(bind.dialect.name, table.c.start_at), _with_seconds(bind.dialect.name, table.c.end_at)))
        ).all()
        if rows:
            bind.execute(table.update().where(table.c.id == sa.bindparam('row_id')).values(
                start_at=sa.bindparam('new_start'), end_at=sa.bindparam('new_end')),
                [{'row_id': i, 'new_start': s.replace(second=0, microsecond=0),
                  'new_end': e.replace(second=0, microsecond=0)} for i, s, e in rows])


def downgrade() -> None:
    pass
