"""store lineage: the store's clock, which a restore rewinds (its sequence on PostgreSQL only)

Every delivery-state transaction of the integrador ticks the store's clock
(`pdv_bling/retaguarda/lineage.py`): it takes the next value of the `store_clock` SEQUENCE (never
rolls back, no row lock) and inserts it into `store_clock_ticks` in the same transaction. The
clock's reading is the highest committed tick: a pg_dump holds exactly the ticks of the
transactions its snapshot holds (it reads a sequence's value outside its snapshot, later), so a
store restored from an older backup shows a clock behind what its integrador and caixas saw.
Insert-only: two tickers never wait for each other. A caixa's SQLite gets the table (one schema on
both engines: `models.StoreClockTick`), never written there, and no sequence.

Revision ID: 0007_store_lineage
Revises: 0006_record_ids
Create Date: 2026-12-10 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_store_lineage'
down_revision = '0006_record_ids'
branch_labels = None
depends_on = None


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    op.create_table('store_clock_ticks',
    sa.Column('clock', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('clock', name=op.f('pk_store_clock_ticks'))
    )
    if _postgresql():
        op.execute("CREATE SEQUENCE IF NOT EXISTS store_clock AS bigint")


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP SEQUENCE IF EXISTS store_clock")
    op.drop_table('store_clock_ticks')
