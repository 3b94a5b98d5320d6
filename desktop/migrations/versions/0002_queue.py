"""queue: tickets, queue events, window state, ratings and follow-ups

Revision ID: 0002_queue
Revises: 0001
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_queue'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('queue_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=4), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('window_no', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_event'))
    )
    with op.batch_alter_table('queue_event', schema=None) as batch_op:
        batch_op.create_index('ix_queue_event_day', ['day'], unique=False)
        batch_op.create_index('ix_queue_event_ticket', ['ticket_id'], unique=False)

    op.create_table('queue_counter',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['queue_service.id'], name=op.f('fk_queue_counter_service_id_queue_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', 'service_id', name=op.f('pk_queue_counter'))
    )
    op.create_table('queue_appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('slot', sa.Time(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('visitor_name', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_queue_appointment_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['queue_service.id'], name=op.f('fk_queue_appointment_service_id_queue_service'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_appointment')),
    sa.UniqueConstraint('day', 'code', name='uq_queue_appointment_day_code')
    )
    op.create_table('queue_ticket',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=4), nullable=False),
    sa.Column('issued_service_id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=True),
    sa.Column('visitor_name', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('queue_order', sa.BigInteger(), nullable=False),
    sa.Column('issued_order', sa.BigInteger(), nullable=False),
    sa.Column('target_window_id', sa.Integer(), nullable=True),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('first_called_at', sa.DateTime(), nullable=True),
    sa.Column('last_called_at', sa.DateTime(), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('case_kind', sa.String(length=20), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('rating', sa.String(length=20), nullable=True),
    sa.Column('rated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['appointment_id'], ['queue_appointment.id'], name=op.f('fk_queue_ticket_appointment_id_queue_appointment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['clerk_id'], ['user_account.id'], name=op.f('fk_queue_ticket_clerk_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['issued_service_id'], ['queue_service.id'], name=op.f('fk_queue_ticket_issued_service_id_queue_service'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['service_id'], ['queue_service.id'], name=op.f('fk_queue_ticket_service_id_queue_service'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['target_window_id'], ['window.id'], name=op.f('fk_queue_ticket_target_window_id_window'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_queue_ticket_window_id_window'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_ticket')),
    sa.UniqueConstraint('day', 'issued_service_id', 'seq', name='uq_queue_ticket_day_service_seq')
    )
    with op.batch_alter_table('queue_ticket', schema=None) as batch_op:
        batch_op.create_index('ix_queue_ticket_waiting', ['day', 'status', 'service_id', 'rank', 'queue_order'], unique=False)
        batch_op.create_index('ix_queue_ticket_window', ['window_id', 'status'], unique=False)

    op.create_table('queue_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.String(length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by'], ['user_account.id'], name=op.f('fk_queue_follow_up_answered_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_ticket.id'], name=op.f('fk_queue_follow_up_ticket_id_queue_ticket'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_follow_up')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_queue_follow_up_ticket_id'))
    )
    op.create_table('queue_window_state',
    sa.Column('window_id', sa.Integer(), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('since', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clerk_id'], ['user_account.id'], name=op.f('fk_queue_window_state_clerk_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], name=op.f('fk_queue_window_state_window_id_window'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('window_id', name=op.f('pk_queue_window_state'))
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table('queue_ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_queue_ticket_window')
        batch_op.drop_index('ix_queue_ticket_waiting')
    op.drop_table('queue_window_state')
    op.drop_table('queue_follow_up')
    op.drop_table('queue_ticket')
    op.drop_table('queue_appointment')
    op.drop_table('queue_counter')
    with op.batch_alter_table('queue_event', schema=None) as batch_op:
        batch_op.drop_index('ix_queue_event_ticket')
        batch_op.drop_index('ix_queue_event_day')
    op.drop_table('queue_event')
