"""case files: finalised 卷宗 stored with their SHA-256, one record per version

Revision ID: 0006_case_files
Revises: 0005_intake
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_case_files'
down_revision = '0005_intake'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_file_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_kind', sa.String(length=10), nullable=False),
    sa.Column('petition_id', sa.Integer(), nullable=True),
    sa.Column('dispute_id', sa.Integer(), nullable=True),
    sa.Column('case_no', sa.String(length=40), nullable=False),
    sa.Column('version_no', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=False),
    sa.Column('finalised_by_id', sa.Integer(), nullable=True),
    sa.Column('finalised_by_name', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint('(petition_id IS NULL) <> (dispute_id IS NULL)', name=op.f('ck_case_file_version_one_case')),
    sa.CheckConstraint('version_no >= 1', name=op.f('ck_case_file_version_version_positive')),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_case_file_version_dispute_id_dispute'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['finalised_by_id'], ['user_account.id'], name=op.f('fk_case_file_version_finalised_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['petition_id'], ['petition.id'], name=op.f('fk_case_file_version_petition_id_petition'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_file_version'))
    )
    with op.batch_alter_table('case_file_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_file_version_case_no'), ['case_no'], unique=False)
        batch_op.create_index('uq_case_file_version_dispute', ['dispute_id', 'version_no'], unique=True)
        batch_op.create_index('uq_case_file_version_petition', ['petition_id', 'version_no'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('case_file_version', schema=None) as batch_op:
        batch_op.drop_index('uq_case_file_version_petition')
        batch_op.drop_index('uq_case_file_version_dispute')
        batch_op.drop_index(batch_op.f('ix_case_file_version_case_no'))
    op.drop_table('case_file_version')
