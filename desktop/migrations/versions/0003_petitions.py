"""petitions: people, cases, steps, deadlines, attachments

Revision ID: 0003_petitions
Revises: 0002_queue
Create Date: 2026-11-21

Besides the tables, Chinese substring search over case number, petitioner names, content and requests:
PostgreSQL gets the pg_trgm extension and a trigram GIN index on their concatenation; SQLite gets an FTS5
table with the trigram tokenizer (external content: it indexes the ``petition`` rows, stores no copy)
kept in step by triggers. Neither is part of the models; desktop.migrations.include_name hides them from
the drift check. A later SQLite batch migration that copies ``petition`` must run SQLITE_TRIGGERS again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_petitions'
down_revision = '0002_queue'
branch_labels = None
depends_on = None

SEARCH_COLUMNS = "case_no, petitioner_names, content, requests"
PG_SEARCH_EXPRESSION = "(case_no || ' ' || petitioner_names || ' ' || content || ' ' || requests)"

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE petition_fts USING fts5(" + SEARCH_COLUMNS + ", content='petition', "
    "content_rowid='id', tokenize='trigram')"
)
SQLITE_TRIGGERS = [
    "CREATE TRIGGER petition_fts_insert AFTER INSERT ON petition BEGIN "
    "INSERT INTO petition_fts(rowid, " + SEARCH_COLUMNS + ") "
    "VALUES (new.id, new.case_no, new.petitioner_names, new.content, new.requests); END",
    "CREATE TRIGGER petition_fts_delete AFTER DELETE ON petition BEGIN "
    "INSERT INTO petition_fts(petition_fts, rowid, " + SEARCH_COLUMNS + ") "
    "VALUES ('delete', old.id, old.case_no, old.petitioner_names, old.content, old.requests); END",
    "CREATE TRIGGER petition_fts_update AFTER UPDATE OF " + SEARCH_COLUMNS + " ON petition BEGIN "
    "INSERT INTO petition_fts(petition_fts, rowid, " + SEARCH_COLUMNS + ") "
    "VALUES ('delete', old.id, old.case_no, old.petitioner_names, old.content, old.requests); "
    "INSERT INTO petition_fts(rowid, " + SEARCH_COLUMNS + ") "
    "VALUES (new.id, new.case_no, new.petitioner_names, new.content, new.requests); END",
]


def upgrade() -> None:
    op.create_table('case_counter',
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_no', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'year', name=op.f('pk_case_counter'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('gender', sa.String(length=1), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('village', sa.String(length=40), nullable=False),
    sa.Column('grid', sa.String(length=40), nullable=False),
    sa.Column('organisation', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person')),
    sa.UniqueConstraint('id_number', name=op.f('uq_person_id_number'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_name', ['name', 'village'], unique=False, postgresql_ops={'name': 'varchar_pattern_ops'})
        batch_op.create_index('ix_person_phone', ['phone'], unique=False)

    op.create_table('petition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=40), nullable=False),
    sa.Column('case_year', sa.Integer(), nullable=False),
    sa.Column('case_seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('requests', sa.Text(), nullable=False),
    sa.Column('petitioner_names', sa.String(length=200), nullable=False),
    sa.Column('village', sa.String(length=40), nullable=False),
    sa.Column('grid', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('query_code', sa.String(length=12), nullable=False),
    sa.Column('registered_by_id', sa.Integer(), nullable=True),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('handler_id', sa.Integer(), nullable=True),
    sa.Column('accept_due_on', sa.Date(), nullable=True),
    sa.Column('accepted_on', sa.Date(), nullable=True),
    sa.Column('objection_due_on', sa.Date(), nullable=True),
    sa.Column('conclude_due_on', sa.Date(), nullable=True),
    sa.Column('extended_days', sa.Integer(), nullable=False),
    sa.Column('hearing_days', sa.Integer(), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('remedy_due_on', sa.Date(), nullable=True),
    sa.Column('follow_up_due_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('due_kind', sa.String(length=12), nullable=False),
    sa.Column('satisfaction', sa.String(length=20), nullable=True),
    sa.Column('dissatisfied', sa.Boolean(), nullable=False),
    sa.Column('repeat_count', sa.Integer(), nullable=False),
    sa.Column('new_case_reason', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['petition_category.id'], name=op.f('fk_petition_category_id_petition_category'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_petition_department_id_department'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['handler_id'], ['user_account.id'], name=op.f('fk_petition_handler_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['petition.id'], name=op.f('fk_petition_parent_id_petition'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['registered_by_id'], ['user_account.id'], name=op.f('fk_petition_registered_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition')),
    sa.UniqueConstraint('case_no', name=op.f('uq_petition_case_no')),
    sa.UniqueConstraint('query_code', name=op.f('uq_petition_query_code'))
    )
    with op.batch_alter_table('petition', schema=None) as batch_op:
        batch_op.create_index('ix_petition_category', ['category_id', 'id'], unique=False)
        batch_op.create_index('ix_petition_department', ['department_id', 'id'], unique=False)
        batch_op.create_index('ix_petition_dissatisfied', ['dissatisfied', 'id'], unique=False)
        batch_op.create_index('ix_petition_due_on', ['due_on'], unique=False)
        batch_op.create_index('ix_petition_handler', ['handler_id', 'id'], unique=False)
        batch_op.create_index('ix_petition_parent_id', ['parent_id'], unique=False, sqlite_where=sa.text('parent_id IS NOT NULL'), postgresql_where=sa.text('parent_id IS NOT NULL'))
        batch_op.create_index('ix_petition_received_at', ['received_at'], unique=False)
        batch_op.create_index('ix_petition_source', ['source', 'id'], unique=False)
        batch_op.create_index('ix_petition_status', ['status', 'id'], unique=False)
        batch_op.create_index('ix_petition_ticket_id', ['ticket_id'], unique=False, sqlite_where=sa.text('ticket_id IS NOT NULL'), postgresql_where=sa.text('ticket_id IS NOT NULL'))
        batch_op.create_index('ix_petition_village', ['village', 'id'], unique=False)

    op.create_table('petition_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('mime_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_name', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_attachment_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_attachment')),
    sa.UniqueConstraint('petition_id', 'sha256', name='uq_petition_attachment_petition_sha256')
    )
    op.create_table('petition_extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('requested_by_name', sa.String(length=40), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_name', sa.String(length=40), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_extension_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_extension'))
    )
    with op.batch_alter_table('petition_extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_extension_petition_id'), ['petition_id'], unique=False)

    op.create_table('petition_party',
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_petition_party_person_id_person'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_party_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('petition_id', 'person_id', name=op.f('pk_petition_party'))
    )
    with op.batch_alter_table('petition_party', schema=None) as batch_op:
        batch_op.create_index('ix_petition_party_person_id', ['person_id', 'petition_id'], unique=False)

    op.create_table('petition_reply',
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.Column('issuing_body', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_reply_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('petition_id', name=op.f('pk_petition_reply'))
    )
    op.create_table('petition_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_step_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_step'))
    )
    with op.batch_alter_table('petition_step', schema=None) as batch_op:
        batch_op.create_index('ix_petition_step_petition', ['petition_id', 'id'], unique=False)

    op.create_table('petition_supervision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_name', sa.String(length=40), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by_name', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_petition_supervision_department_id_department'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_petition_supervision_petition_id_petition'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_petition_supervision'))
    )
    with op.batch_alter_table('petition_supervision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_petition_supervision_petition_id'), ['petition_id'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_petition_search_trgm ON petition USING gin (" + PG_SEARCH_EXPRESSION
                   + " gin_trgm_ops)")
    elif dialect == "sqlite":
        op.execute(SQLITE_FTS)
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute("INSERT INTO petition_fts(petition_fts) VALUES ('rebuild')")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_petition_search_trgm")
    elif dialect == "sqlite":
        for name in ("petition_fts_insert", "petition_fts_delete", "petition_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS petition_fts")
    for table in ("petition_supervision", "petition_step", "petition_reply", "petition_party",
                  "petition_extension", "petition_attachment", "petition", "person", "case_counter"):
        op.drop_table(table)
