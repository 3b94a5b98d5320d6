"""hall voice: the recorded voice pack and what each hall display says about its voice

- voice_clip: one recorded or imported phrase of the voice pack (请, 号, 零 … 九, the letters, 窗口, …) as a
  WAV in one format, so every display PC builds its calls from the same clips.
- hall_display_status: per display PC, the voice it found at start (engine voice, recorded pack, chime
  only), for the administrator's voice screen.

Revision ID: 0012_hall_voice
Revises: 0011_personal_data_encryption
Create Date: 2026-12-10
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_hall_voice'
down_revision = '0011_personal_data_encryption'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('voice_clip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('phrase', sa.String(length=40), nullable=False),
    sa.Column('audio', sa.LargeBinary(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_clip')),
    sa.UniqueConstraint('phrase', name=op.f('uq_voice_clip_phrase'))
    )
    op.create_table('hall_display_status',
    sa.Column('host', sa.String(length=80), nullable=False),
    sa.Column('voice_kind', sa.String(length=10), nullable=False),
    sa.Column('voice_name', sa.String(length=120), nullable=False),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('host', name=op.f('pk_hall_display_status'))
    )


def downgrade() -> None:
    op.drop_table('hall_display_status')
    op.drop_table('voice_clip')
