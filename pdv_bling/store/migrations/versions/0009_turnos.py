"""turnos de caixa: turnos, turno_movements, turno_counts (one open turno per terminal)

Revision ID: 0009_turnos
Revises: 0008_nfce_xml
Create Date: 2026-12-07 11:00:00
"""

from alembic import op
import sqlalchemy as sa
import pdv_bling.store.models


revision = '0009_turnos'
down_revision = '0008_nfce_xml'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('turnos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('terminal_id', sa.String(length=20), nullable=False),
    sa.Column('installation_id', sa.String(length=32), nullable=True),
    sa.Column('operator', sa.String(length=120), nullable=False),
    sa.Column('opened_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.Column('fundo_cents', sa.Integer(), nullable=False),
    sa.Column('blind', sa.Boolean(), nullable=False),
    sa.Column('closed_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('closed_by', sa.String(length=120), nullable=True),
    sa.Column('difference_reason', sa.String(length=200), nullable=True),
    sa.Column('summary', pdv_bling.store.models.JsonText(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_turnos')),
    sa.UniqueConstraint('uid', name=op.f('uq_turnos_uid'))
    )
    with op.batch_alter_table('turnos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_turnos_opened_at'), ['opened_at'], unique=False)
        batch_op.create_index('ux_turnos_open', ['terminal_id'], unique=True,
                              sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
    op.create_table('turno_movements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=32), nullable=False),
    sa.Column('turno_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('operator', sa.String(length=120), nullable=False),
    sa.Column('created_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.ForeignKeyConstraint(['turno_id'], ['turnos.id'], name=op.f('fk_turno_movements_turno_id_turnos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_turno_movements')),
    sa.UniqueConstraint('uid', name=op.f('uq_turno_movements_uid'))
    )
    with op.batch_alter_table('turno_movements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_turno_movements_turno_id'), ['turno_id'], unique=False)
    op.create_table('turno_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('turno_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=80), nullable=False),
    sa.Column('counted_cents', sa.Integer(), nullable=False),
    sa.Column('expected_cents', sa.Integer(), nullable=False),
    sa.Column('notes', pdv_bling.store.models.JsonText(), nullable=True),
    sa.ForeignKeyConstraint(['turno_id'], ['turnos.id'], name=op.f('fk_turno_counts_turno_id_turnos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_turno_counts'))
    )
    with op.batch_alter_table('turno_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_turno_counts_turno_id'), ['turno_id'], unique=False)


def downgrade() -> None:
    op.drop_table('turno_counts')
    op.drop_table('turno_movements')
    op.drop_table('turnos')
