"""audit chain: every audit entry carries its position and a SHA-256 chained to the entry before it

- audit_entry: seq (1, 2, 3, … in the order of the log), prev_hash, hash (desktop.models.audit.entry_hash),
  and a unique index on seq.
- audit_chain_head: one row, the last entry's seq and hash; appending locks it.

The existing entries are chained here in the order of their ids. Their rows are updated, which the
append-only triggers of 0007 refuse: the triggers are suspended for this migration only (PostgreSQL:
DISABLE/ENABLE TRIGGER inside the migration's transaction; SQLite: dropped and created again, the same SQL
as 0007).

Revision ID: 0010_audit_chain
Revises: 0009_calendar_coverage
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

from desktop.models.audit import GENESIS, HEAD_ID, entry_hash

revision = '0010_audit_chain'
down_revision = '0009_calendar_coverage'
branch_labels = None
depends_on = None

MARKER = "onestop_audit_append_only"  # as in 0007
BATCH = 5000

entries = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer), sa.column("at", sa.DateTime), sa.column("actor_id", sa.Integer),
    sa.column("actor_name", sa.String), sa.column("action", sa.String), sa.column("operation", sa.String),
    sa.column("entity", sa.String), sa.column("entity_id", sa.String), sa.column("before", sa.JSON),
    sa.column("after", sa.JSON), sa.column("seq", sa.BigInteger), sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def _chain_existing(conn) -> tuple[int, str]:
    """Give every existing entry its place and hash, in id order; returns the head."""
    seq, prev, last_id = 0, GENESIS, None
    set_chain = (sa.update(entries).where(entries.c.id == sa.bindparam("b_id"))
                 .values(seq=sa.bindparam("b_seq"), prev_hash=sa.bindparam("b_prev"), hash=sa.bindparam("b_hash")))
    while True:
        q = sa.select(entries).order_by(entries.c.id).limit(BATCH)
        if last_id is not None:
            q = q.where(entries.c.id > last_id)
        rows = conn.execute(q).mappings().all()
        if not rows:
            return seq, prev
        changes = []
        for row in rows:
            seq += 1
            entry = {**row, "seq": seq}
            h = entry_hash(prev, entry)
            changes.append({"b_id": row["id"], "b_seq": seq, "b_prev": prev, "b_hash": h})
            prev = h
        conn.execute(set_chain, changes)
        last_id = rows[-1]["id"]


def upgrade() -> None:
    conn = op.get_bind()
    postgresql = conn.dialect.name == "postgresql"
    op.add_column('audit_entry', sa.Column('seq', sa.BigInteger(), nullable=True))
    op.add_column('audit_entry', sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column('audit_entry', sa.Column('hash', sa.String(length=64), nullable=True))
    head = op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    if postgresql:
        op.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    seq, last = _chain_existing(conn)
    if postgresql:
        op.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
    else:
        op.execute(f"CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
                   f"BEGIN SELECT RAISE(ABORT, '{MARKER}: UPDATE of audit_entry refused'); END")
    op.bulk_insert(head, [{"id": HEAD_ID, "seq": seq, "hash": last}])
    op.create_index('ix_audit_entry_seq', 'audit_entry', ['seq'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_audit_entry_seq', table_name='audit_entry')
    op.drop_table('audit_chain_head')
    # native ALTER TABLE … DROP COLUMN on both engines (SQLite 3.35+): the table and its triggers stay
    op.drop_column('audit_entry', 'hash')
    op.drop_column('audit_entry', 'prev_hash')
    op.drop_column('audit_entry', 'seq')
