"""turnos and turno_movements handed over to the store (handed_over_at), the open turno's figures

Store mode: a caixa's turnos and their movements reach the store database keyed by their uid
(retaguarda/handover_turnos.py); the open turno carries what its drawer should hold
(expected_cash_cents, as of figures_at) so the retaguarda sees every caixa's turno live.

Revision ID: 0010_turno_handover
Revises: 0009_turnos
Create Date: 2026-12-07 12:00:00
"""

from alembic import op
import sqlalchemy as sa
import pdv_bling.store.models


revision = '0010_turno_handover'
down_revision = '0009_turnos'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('turnos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
        batch_op.add_column(sa.Column('expected_cash_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('figures_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
    with op.batch_alter_table('turno_movements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('turno_movements', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
    with op.batch_alter_table('turnos', schema=None) as batch_op:
        batch_op.drop_column('figures_at')
        batch_op.drop_column('expected_cash_cents')
        batch_op.drop_column('handed_over_at')
