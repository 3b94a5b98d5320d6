"""calendar coverage: which years of the working-day calendar are official, and the deadlines it moved

- calendar_year: one row per official year (source: the chinesecalendar package, an imported State Council
  notice, or confirmed by hand); a year without a row counts weekends only (provisional).
- deadline_change: every open deadline recomputed after a day of the calendar changed, for the director.

An existing database gets a calendar_year row for each year whose stored days hold every holiday and make-up
working day the installed chinesecalendar knows for it (the years the first setup seeded).

Revision ID: 0009_calendar_coverage
Revises: 0008_scale_indexes
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_calendar_coverage'
down_revision = '0008_scale_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    year = op.create_table('calendar_year',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('source_detail', sa.String(length=200), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=True),
    sa.Column('imported_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_calendar_year'))
    )
    op.create_table('deadline_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('cause', sa.String(length=12), nullable=False),
    sa.Column('cause_detail', sa.String(length=200), nullable=False),
    sa.Column('actor_name', sa.String(length=40), nullable=False),
    sa.Column('case_kind', sa.String(length=12), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=40), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('old_date', sa.Date(), nullable=False),
    sa.Column('new_date', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_change'))
    )
    with op.batch_alter_table('deadline_change', schema=None) as batch_op:
        batch_op.create_index('ix_deadline_change_changed_at', ['changed_at', 'id'], unique=False)
    _cover_seeded_years(year)


def _cover_seeded_years(year_table) -> None:
    """The years the package seeded before coverage was recorded: every official exception is stored."""
    import datetime as dt
    from importlib.metadata import PackageNotFoundError, version

    from chinese_calendar.constants import holidays, workdays

    try:
        source = f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:
        source = "chinesecalendar"
    expected: dict[int, dict[dt.date, bool]] = {}
    for day in holidays:
        if day.weekday() < 5:
            expected.setdefault(day.year, {})[day] = False
    for day in workdays:
        expected.setdefault(day.year, {})[day] = True
    conn = op.get_bind()
    stored = {}
    for day, is_workday in conn.execute(sa.text("SELECT day, is_workday FROM calendar_day")):
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        stored[day] = bool(is_workday)
    rows = [{"year": y, "status": "official", "source": "package", "source_detail": source,
             "imported_at": None, "imported_by": ""}
            for y, days in sorted(expected.items())
            if days and all(stored.get(d) == w for d, w in days.items())]
    if rows:
        op.bulk_insert(year_table, rows)


def downgrade() -> None:
    with op.batch_alter_table('deadline_change', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_change_changed_at')
    op.drop_table('deadline_change')
    op.drop_table('calendar_year')
