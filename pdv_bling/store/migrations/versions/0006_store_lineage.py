"""store lineage: the store's clock, a sequence that a restore rewinds (PostgreSQL only)

The store server's `store_clock` SEQUENCE is ticked by every delivery-state transaction of the
integrador (`pdv_bling/retaguarda/lineage.py`). A sequence never rolls back and takes no row lock;
pg_dump/pg_restore carries its value, so a store restored from an older backup shows a clock behind
what its integrador and caixas saw. A caixa's SQLite gets nothing.

Revision ID: 0006_store_lineage
Revises: 0005_api_log_repeats
Create Date: 2026-12-10 10:00:00
"""

from alembic import op


revision = '0006_store_lineage'
down_revision = '0005_api_log_repeats'
branch_labels = None
depends_on = None


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    if _postgresql():
        op.execute("CREATE SEQUENCE IF NOT EXISTS store_clock AS bigint")


def downgrade() -> None:
    if _postgresql():
        op.execute("DROP SEQUENCE IF EXISTS store_clock")
