"""matter register (一案一码): matters with their code, handovers (首问负责), route steps, kiosk lookups; petitions
and disputes point at their matter, and a kiosk rating of a matter's outcome opens a follow-up like a window
rating. Every petition and dispute already stored gets a matter and a code here (a 复查 / 复核 case joins its
original case's matter), numbered in registration order per year, with one route step per case.

Revision ID: 0015_matter_register
Revises: 0014_import_batch_state
Create Date: 2026-12-05
"""
import datetime as dt
import importlib.util
from pathlib import Path

from alembic import op
import sqlalchemy as sa

_PETITION = sa.table("petition", sa.column("id", sa.Integer), sa.column("parent_id", sa.Integer),
                     sa.column("kind", sa.String), sa.column("source", sa.String), sa.column("content", sa.Text),
                     sa.column("received_at", sa.DateTime), sa.column("closed_on", sa.Date),
                     sa.column("handler_id", sa.Integer), sa.column("registered_by_id", sa.Integer),
                     sa.column("ticket_id", sa.Integer), sa.column("conclude_due_on", sa.Date),
                     sa.column("matter_id", sa.Integer))
_DISPUTE = sa.table("dispute", sa.column("id", sa.Integer), sa.column("title", sa.String),
                    sa.column("registered_at", sa.DateTime), sa.column("closed_on", sa.Date),
                    sa.column("registered_by", sa.Integer), sa.column("ticket_id", sa.Integer),
                    sa.column("due_on", sa.Date), sa.column("matter_id", sa.Integer))
_MATTER = sa.table("matter", *(sa.column(c) for c in (
    "id", "code", "year", "serial", "kind", "service", "summary", "outcome", "state", "person_id", "ticket_day",
    "ticket_number", "registered_at", "registered_by", "owner_id", "owner_place", "closed_at", "updated_at",
    "version")))
_STEP = sa.table("matter_step", *(sa.column(c) for c in (
    "matter_id", "route", "name", "entered_at", "left_at", "due_on", "reason", "handler")))
_STEP_NAMES = {"petition": ("petition", "信访办理"), "review": ("review", "复查"), "recheck": ("recheck", "复核")}
_BATCH = 1000


def _petition_search_triggers() -> None:
    """SQLite: copying ``petition`` (batch mode) dropped the triggers that keep its search index in step."""
    if op.get_bind().dialect.name != "sqlite":
        return
    spec = importlib.util.spec_from_file_location("petitions_0003", Path(__file__).with_name("0003_petitions.py"))
    petitions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(petitions)
    for trigger in petitions.SQLITE_TRIGGERS:
        op.execute(trigger)


def _closed_at(day):
    return None if day is None else dt.datetime.combine(day, dt.time(17, 0))


def _give_codes(conn) -> None:
    prefix = conn.execute(sa.text("SELECT value FROM setting WHERE key = 'matter_code_prefix'")).scalar()
    prefix = (prefix or "HS").strip('"') or "HS"
    first_party = dict(conn.execute(sa.text(
        "SELECT petition_id, person_id FROM petition_party WHERE position = 0")).all())
    for dispute_id, person_id in conn.execute(sa.text(
            "SELECT dispute_id, person_id FROM dispute_party WHERE person_id IS NOT NULL ORDER BY dispute_id, seq DESC")):
        first_party[("d", dispute_id)] = person_id  # the lowest seq is written last
    tickets = {i: (day, number) for i, day, number in conn.execute(
        sa.select(sa.column("id", sa.Integer), sa.column("day", sa.Date), sa.column("number", sa.String))
        .select_from(sa.table("queue_ticket")))}
    cases = []  # (registered_at, "p"/"d", row)
    cases += [(r.received_at, "p", r) for r in conn.execute(sa.select(_PETITION))]
    cases += [(r.registered_at, "d", r) for r in conn.execute(sa.select(_DISPUTE))]
    cases.sort(key=lambda c: (c[0], c[1], c[2].id))
    serials: dict[int, int] = {}
    matters, steps, links = [], [], {"p": [], "d": []}
    matter_of_petition: dict[int, int] = {}
    for at, table, r in cases:
        due = r.conclude_due_on if table == "p" else r.due_on
        if table == "p" and r.parent_id is not None and r.parent_id in matter_of_petition:
            matter_id = matter_of_petition[r.parent_id]
        else:
            serials[at.year] = serials.get(at.year, 0) + 1
            matter_id = len(matters) + 1
            day, number = tickets.get(r.ticket_id, (None, None))
            kind = ("dispute" if table == "d" else "work_order" if r.source in ("hotline", "grid") else "petition")
            owner = r.registered_by if table == "d" else (r.handler_id or r.registered_by_id)
            summary = r.title if table == "d" else r.content[:200]
            matters.append(dict(
                id=matter_id, code=f"{prefix}-{at.year}-{serials[at.year]:06d}", year=at.year,
                serial=serials[at.year], kind=kind, service="", summary=summary, outcome="",
                state="closed" if r.closed_on else "open",
                person_id=first_party.get(r.id if table == "p" else ("d", r.id)), ticket_day=day,
                ticket_number=number, registered_at=at, registered_by=owner, owner_id=owner, owner_place="",
                closed_at=_closed_at(r.closed_on), updated_at=at, version=1))
        if table == "p":
            matter_of_petition[r.id] = matter_id
            route, name = _STEP_NAMES.get(r.kind, _STEP_NAMES["petition"])
        else:
            route, name = "mediation", "人民调解"
        steps.append(dict(matter_id=matter_id, route=route, name=name, entered_at=at,
                          left_at=_closed_at(r.closed_on), due_on=due, reason="", handler=""))
        links[table].append({"case_id": r.id, "matter": matter_id})
    for rows, table in ((matters, _MATTER), (steps, _STEP)):
        for i in range(0, len(rows), _BATCH):
            conn.execute(table.insert(), rows[i:i + _BATCH])
    for table, t in (("p", _PETITION), ("d", _DISPUTE)):
        stmt = t.update().where(t.c.id == sa.bindparam("case_id")).values(matter_id=sa.bindparam("matter"))
        for i in range(0, len(links[table]), _BATCH):
            conn.execute(stmt, links[table][i:i + _BATCH])
    counter = sa.table("case_counter", sa.column("kind"), sa.column("year"), sa.column("last_no"))
    conn.execute(counter.delete().where(counter.c.kind == "码"))
    if serials:
        conn.execute(counter.insert(), [{"kind": "码", "year": y, "last_no": n} for y, n in serials.items()])
    if matters and conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('matter', 'id'), (SELECT max(id) FROM matter))"))


revision = '0015_matter_register'
down_revision = '0014_import_batch_state'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('matter_lookup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kiosk', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter_lookup'))
    )
    with op.batch_alter_table('matter_lookup', schema=None) as batch_op:
        batch_op.create_index('ix_matter_lookup_code', ['code', 'at'], unique=False)
        batch_op.create_index('ix_matter_lookup_kiosk', ['kiosk', 'at'], unique=False)

    op.create_table('matter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('ticket_day', sa.Date(), nullable=True),
    sa.Column('ticket_number', sa.String(length=4), nullable=True),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('owner_place', sa.String(length=60), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('rating', sa.String(length=20), nullable=True),
    sa.Column('rated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_matter_owner_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_matter_person_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['registered_by'], ['user_account.id'], name=op.f('fk_matter_registered_by_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter')),
    sa.UniqueConstraint('code', name=op.f('uq_matter_code')),
    sa.UniqueConstraint('year', 'serial', name='uq_matter_year_serial')
    )
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.create_index('ix_matter_person', ['person_id', 'state'], unique=False)
        batch_op.create_index('ix_matter_registered_at', ['registered_at'], unique=False)

    op.create_table('matter_handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('from_id', sa.Integer(), nullable=True),
    sa.Column('from_place', sa.String(length=60), nullable=False),
    sa.Column('to_kind', sa.String(length=12), nullable=False),
    sa.Column('to_ref', sa.Integer(), nullable=False),
    sa.Column('to_place', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by'], ['user_account.id'], name=op.f('fk_matter_handover_acknowledged_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_id'], ['user_account.id'], name=op.f('fk_matter_handover_from_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_matter_handover_matter_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter_handover'))
    )
    with op.batch_alter_table('matter_handover', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_handover_matter_id'), ['matter_id'], unique=False)
        batch_op.create_index('ix_matter_handover_open', ['acknowledged_at', 'sent_at'], unique=False)

    op.create_table('matter_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matter_id', sa.Integer(), nullable=False),
    sa.Column('route', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('left_at', sa.DateTime(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('handler', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['matter_id'], ['matter.id'], name=op.f('fk_matter_step_matter_id_matter'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matter_step'))
    )
    with op.batch_alter_table('matter_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matter_step_matter_id'), ['matter_id'], unique=False)

    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matter_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dispute_matter_id'), ['matter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_dispute_matter_id_matter'), 'matter', ['matter_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matter_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_petition_matter_id'), ['matter_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_petition_matter_id_matter'), 'matter', ['matter_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('queue_follow_up', schema=None) as batch_op:
        batch_op.add_column(sa.Column('matter_id', sa.Integer(), nullable=True))
        batch_op.alter_column('ticket_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_queue_follow_up_matter_id'), ['matter_id'])
        batch_op.create_foreign_key(batch_op.f('fk_queue_follow_up_matter_id_matter'), 'matter', ['matter_id'], ['id'], ondelete='CASCADE')

    _petition_search_triggers()
    _give_codes(op.get_bind())


def downgrade() -> None:
    op.execute("DELETE FROM case_counter WHERE kind = '码'")
    with op.batch_alter_table('queue_follow_up', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_queue_follow_up_matter_id_matter'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_queue_follow_up_matter_id'), type_='unique')
        batch_op.alter_column('ticket_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('matter_id')

    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_petition_matter_id_matter'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_petition_matter_id'))
        batch_op.drop_column('matter_id')
    _petition_search_triggers()

    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dispute_matter_id_matter'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dispute_matter_id'))
        batch_op.drop_column('matter_id')

    with op.batch_alter_table('matter_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matter_step_matter_id'))

    op.drop_table('matter_step')
    with op.batch_alter_table('matter_handover', schema=None) as batch_op:
        batch_op.drop_index('ix_matter_handover_open')
        batch_op.drop_index(batch_op.f('ix_matter_handover_matter_id'))

    op.drop_table('matter_handover')
    with op.batch_alter_table('matter', schema=None) as batch_op:
        batch_op.drop_index('ix_matter_registered_at')
        batch_op.drop_index('ix_matter_person')

    op.drop_table('matter')
    with op.batch_alter_table('matter_lookup', schema=None) as batch_op:
        batch_op.drop_index('ix_matter_lookup_kiosk')
        batch_op.drop_index('ix_matter_lookup_code')

    op.drop_table('matter_lookup')
