"""api_log: repeats collapse into one row (count, last_at); the raw request kept apart (request)

Revision ID: 0005_api_log_repeats
Revises: 0004_store_mode
Create Date: 2026-11-30 18:00:00.000000
"""

from alembic import op
import sqlalchemy as sa
import pdv_bling.store.models


revision = '0005_api_log_repeats'
down_revision = '0004_store_mode'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('count', sa.Integer(), server_default=sa.text('1'), nullable=False))
        batch_op.add_column(sa.Column('last_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
        batch_op.add_column(sa.Column('request', sa.String(length=400), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_log', schema=None) as batch_op:
        batch_op.drop_column('request')
        batch_op.drop_column('last_at')
        batch_op.drop_column('count')
