"""mediation: disputes, parties, bookings, sessions, agreements

Revision ID: 0004_mediation
Revises: 0003_petitions
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_mediation'
down_revision = '0003_petitions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dispute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_no', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('type_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('referred_by', sa.String(length=100), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('matters', sa.Text(), nullable=False),
    sa.Column('village', sa.String(length=40), nullable=False),
    sa.Column('party_names', sa.String(length=400), nullable=False),
    sa.Column('state', sa.String(length=14), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=False),
    sa.Column('referred_to', sa.String(length=10), nullable=True),
    sa.Column('referred_body', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['registered_by'], ['user_account.id'], name=op.f('fk_dispute_registered_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['type_id'], ['dispute_type.id'], name=op.f('fk_dispute_type_id_dispute_type'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute')),
    sa.UniqueConstraint('case_no', name=op.f('uq_dispute_case_no')),
    sa.UniqueConstraint('year', 'serial', name='uq_dispute_year_serial')
    )
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.create_index('ix_dispute_registered_at', ['registered_at'], unique=False)
        batch_op.create_index('ix_dispute_state_due_on', ['state', 'due_on'], unique=False)

    op.create_table('mediator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('organisation', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=40), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_mediator_person_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_mediator_user_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediator')),
    sa.UniqueConstraint('user_id', name=op.f('uq_mediator_user_id'))
    )
    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('version_no', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('parties', sa.JSON(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('matters', sa.Text(), nullable=False),
    sa.Column('responsibilities', sa.Text(), nullable=False),
    sa.Column('oral_content', sa.Text(), nullable=False),
    sa.Column('other_terms', sa.Text(), nullable=False),
    sa.Column('correction_reason', sa.String(length=200), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=True),
    sa.Column('finalised_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_agreement_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_agreement_dispute_id_dispute'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finalised_by'], ['user_account.id'], name=op.f('fk_agreement_finalised_by_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement')),
    sa.UniqueConstraint('dispute_id', 'version_no', name='uq_agreement_dispute_version')
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('start_at', sa.DateTime(), nullable=False),
    sa.Column('end_at', sa.DateTime(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('cancel_reason', sa.String(length=200), nullable=False),
    sa.Column('hours_override', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_booking_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_booking_dispute_id_dispute'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_booking_room_id_room'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_dispute', ['dispute_id'], unique=False)
        batch_op.create_index('ix_booking_room_start', ['room_id', 'start_at'], unique=False)
        batch_op.create_index('ix_booking_start', ['start_at'], unique=False)

    op.create_table('dispute_mediator',
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_dispute_mediator_dispute_id_dispute'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_dispute_mediator_mediator_id_mediator'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('dispute_id', 'mediator_id', name=op.f('pk_dispute_mediator'))
    )
    with op.batch_alter_table('dispute_mediator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_mediator_mediator_id'), ['mediator_id'], unique=False)

    op.create_table('dispute_party',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('org_code', sa.String(length=18), nullable=False),
    sa.Column('org_legal_rep', sa.String(length=40), nullable=False),
    sa.Column('org_address', sa.String(length=200), nullable=False),
    sa.Column('rep_name', sa.String(length=40), nullable=False),
    sa.Column('rep_kind', sa.String(length=12), nullable=False),
    sa.Column('rep_phone', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_dispute_party_dispute_id_dispute'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_dispute_party_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dispute_party'))
    )
    with op.batch_alter_table('dispute_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_party_dispute_id'), ['dispute_id'], unique=False)
        batch_op.create_index('ix_dispute_party_person', ['person_id'], unique=False)

    op.create_table('mediation_follow_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('visitor', sa.String(length=40), nullable=False),
    sa.Column('visited_party', sa.String(length=100), nullable=False),
    sa.Column('performance', sa.Text(), nullable=False),
    sa.Column('satisfaction', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_mediation_follow_up_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_mediation_follow_up_dispute_id_dispute'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_follow_up'))
    )
    with op.batch_alter_table('mediation_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_follow_up_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('agreement_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('obligor', sa.String(length=100), nullable=False),
    sa.Column('method', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_term_agreement_id_agreement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_term')),
    sa.UniqueConstraint('agreement_id', 'seq', name='uq_agreement_term_agreement_seq')
    )
    op.create_table('booking_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('resource', sa.String(length=120), nullable=False),
    sa.Column('start_at', sa.DateTime(), nullable=False),
    sa.Column('end_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_claim_booking_id_booking'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_claim'))
    )
    with op.batch_alter_table('booking_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_claim_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index('ix_booking_claim_resource_start', ['resource', 'start_at'], unique=False)

    op.create_table('booking_mediator',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_mediator_booking_id_booking'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_booking_mediator_mediator_id_mediator'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('booking_id', 'mediator_id', name=op.f('pk_booking_mediator'))
    )
    op.create_table('booking_party',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_party_booking_id_booking'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['dispute_party.id'], name=op.f('fk_booking_party_party_id_dispute_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('booking_id', 'party_id', name=op.f('pk_booking_party'))
    )
    op.create_table('judicial_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('court', sa.String(length=100), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_judicial_confirmation_agreement_id_agreement'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_judicial_confirmation_dispute_id_dispute'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judicial_confirmation')),
    sa.UniqueConstraint('dispute_id', name=op.f('uq_judicial_confirmation_dispute_id'))
    )
    op.create_table('mediation_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dispute_id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('mediator_names', sa.String(length=200), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('recorder', sa.String(length=40), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_mediation_session_booking_id_booking'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_mediation_session_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dispute_id'], ['dispute.id'], name=op.f('fk_mediation_session_dispute_id_dispute'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_session')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_mediation_session_booking_id'))
    )
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mediation_session_dispute_id'), ['dispute_id'], unique=False)

    op.create_table('term_performance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_term_performance_recorded_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['term_id'], ['agreement_term.id'], name=op.f('fk_term_performance_term_id_agreement_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term_performance'))
    )
    with op.batch_alter_table('term_performance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_term_performance_term_id'), ['term_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('term_performance', schema=None) as batch_op:
        batch_op.drop_index('ix_term_performance_term_id')
    op.drop_table('term_performance')
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.drop_index('ix_mediation_session_dispute_id')
    op.drop_table('mediation_session')
    op.drop_table('judicial_confirmation')
    op.drop_table('booking_party')
    op.drop_table('booking_mediator')
    with op.batch_alter_table('booking_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_claim_resource_start')
        batch_op.drop_index('ix_booking_claim_booking_id')
    op.drop_table('booking_claim')
    op.drop_table('agreement_term')
    with op.batch_alter_table('mediation_follow_up', schema=None) as batch_op:
        batch_op.drop_index('ix_mediation_follow_up_dispute_id')
    op.drop_table('mediation_follow_up')
    with op.batch_alter_table('dispute_party', schema=None) as batch_op:
        batch_op.drop_index('ix_dispute_party_person')
        batch_op.drop_index('ix_dispute_party_dispute_id')
    op.drop_table('dispute_party')
    with op.batch_alter_table('dispute_mediator', schema=None) as batch_op:
        batch_op.drop_index('ix_dispute_mediator_mediator_id')
    op.drop_table('dispute_mediator')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('ix_booking_start')
        batch_op.drop_index('ix_booking_room_start')
        batch_op.drop_index('ix_booking_dispute')
    op.drop_table('booking')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_dispute_id')
    op.drop_table('agreement')
    op.drop_table('mediator')
    with op.batch_alter_table('dispute', schema=None) as batch_op:
        batch_op.drop_index('ix_dispute_state_due_on')
        batch_op.drop_index('ix_dispute_registered_at')
    op.drop_table('dispute')
