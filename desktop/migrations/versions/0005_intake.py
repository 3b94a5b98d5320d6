"""intake: work orders imported from the 12345 hotline and the grid platform

Import batches, the work-order keys that make re-importing idempotent, the remembered column mappings
and export layouts per source, and the category synonym table.

Revision ID: 0005_intake
Revises: 0004_mediation
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_intake'
down_revision = '0004_mediation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('sheet', sa.String(length=100), nullable=False),
    sa.Column('header_row', sa.Integer(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('strict', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=40), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('repeats', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('rejected', sa.Integer(), nullable=False),
    sa.Column('empty_rows', sa.Integer(), nullable=False),
    sa.Column('other_category', sa.Integer(), nullable=False),
    sa.Column('unmatched_categories', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.create_index('ix_import_batch_source', ['source', 'id'], unique=False)

    op.create_table('intake_layout',
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('purpose', sa.String(length=10), nullable=False),
    sa.Column('layout', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_name', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('source', 'purpose', name=op.f('pk_intake_layout'))
    )
    op.create_table('category_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_name', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['petition_category.id'], name=op.f('fk_category_synonym_category_id_petition_category'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_synonym')),
    sa.UniqueConstraint('key', name=op.f('uq_category_synonym_key'))
    )
    with op.batch_alter_table('category_synonym', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_synonym_category_id'), ['category_id'], unique=False)

    op.create_table('imported_work_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('work_order_no', sa.String(length=40), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=False),
    sa.Column('linked_as', sa.String(length=10), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.Column('requested_due_on', sa.Date(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('updated_batch_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_imported_work_order_batch_id_import_batch'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_imported_work_order_petition_id_petition'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['updated_batch_id'], ['import_batch.id'], name=op.f('fk_imported_work_order_updated_batch_id_import_batch'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_work_order')),
    sa.UniqueConstraint('work_order_no', 'source', name='uq_imported_work_order_no_source')
    )
    with op.batch_alter_table('imported_work_order', schema=None) as batch_op:
        batch_op.create_index('ix_imported_work_order_petition_id', ['petition_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('imported_work_order', schema=None) as batch_op:
        batch_op.drop_index('ix_imported_work_order_petition_id')
    op.drop_table('imported_work_order')
    with op.batch_alter_table('category_synonym', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_synonym_category_id'))
    op.drop_table('category_synonym')
    op.drop_table('intake_layout')
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_index('ix_import_batch_source')
    op.drop_table('import_batch')
