"""sales.installation_id: the data folder that recorded the sale (goes into its Bling marker)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 15:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('installation_id', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_column('installation_id')
