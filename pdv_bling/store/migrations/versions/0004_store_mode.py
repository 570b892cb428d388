"""store mode: the store server's tables, handover keys, replication stamps

One schema on both engines. On PostgreSQL (the store server) a trigger stamps `store_xid` (the
writing transaction's id) on every insert/update of a replicated table, so caixas copy only what
changed (`pdv_bling/retaguarda/replica.py`). `sales.number` is unique per installation only (a store
numbers each caixa from 1).

Revision ID: 0004_store_mode
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from alembic import op
import sqlalchemy as sa
import pdv_bling.store.models


revision = '0004_store_mode'
down_revision = '0003'
branch_labels = None
depends_on = None

XID_TABLES = ('bling_depositos', 'bling_formas_pagamento', 'bling_situacoes', 'bling_vendedores', 'categories',
              'customers', 'payment_methods', 'products', 'sales', 'sellers', 'settings', 'store_credit_ledger')
HANDOVER_TABLES = ('outbox_items', 'sale_returns', 'store_credit_ledger')


def _postgresql() -> bool:
    return op.get_bind().dialect.name == 'postgresql'


def upgrade() -> None:
    op.create_table('integrator_lease',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('epoch', sa.BigInteger(), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=True),
    sa.Column('acquired_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('heartbeat_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integrator_lease'))
    )
    op.create_table('request_budget',
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('used', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_request_budget'))
    )
    op.create_table('store_caixas',
    sa.Column('installation_id', sa.String(length=32), nullable=False),
    sa.Column('terminal_id', sa.String(length=20), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=True),
    sa.Column('joined_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.Column('last_seen_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('last_handover_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('not_handed_over', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('installation_id', name=op.f('pk_store_caixas')),
    sa.UniqueConstraint('terminal_id', name=op.f('uq_store_caixas_terminal_id'))
    )
    op.create_table('store_claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.String(length=32), nullable=False),
    sa.Column('installation_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=True),
    sa.Column('sale_item_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_store_claims_customer_id_customers')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_store_claims_sale_id_sales')),
    sa.ForeignKeyConstraint(['sale_item_id'], ['sale_items.id'], name=op.f('fk_store_claims_sale_item_id_sale_items')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_claims'))
    )
    with op.batch_alter_table('store_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_claims_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index('ix_store_claims_customer_state', ['customer_id', 'state'], unique=False)
        batch_op.create_index('ix_store_claims_item_state', ['sale_item_id', 'state'], unique=False)

    for table in XID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'customers':
                batch_op.add_column(sa.Column('handed_over_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
            if table == 'sales':
                batch_op.add_column(sa.Column('origin_id', sa.Integer(), nullable=True))
                batch_op.add_column(sa.Column('handed_over_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
            batch_op.add_column(sa.Column('store_xid', sa.BigInteger(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_store_xid'), ['store_xid'], unique=False)
            if table == 'sales':
                batch_op.drop_constraint(batch_op.f('uq_sales_number'), type_='unique')
                batch_op.drop_constraint(batch_op.f('uq_sales_coupon'), type_='unique')
                batch_op.create_index(batch_op.f('ix_sales_coupon'), ['coupon'], unique=False)
                batch_op.create_unique_constraint(batch_op.f('uq_sales_installation_id_number'), ['installation_id', 'number'])
                batch_op.create_unique_constraint(batch_op.f('uq_sales_installation_id_origin_id'), ['installation_id', 'origin_id'])
                batch_op.create_unique_constraint(batch_op.f('uq_sales_installation_id_coupon'), ['installation_id', 'coupon'])

    with op.batch_alter_table('fiscal_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handed_over_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))

    for table in HANDOVER_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('installation_id', sa.String(length=32), nullable=True))
            batch_op.add_column(sa.Column('origin_id', sa.Integer(), nullable=True))
            if table != 'outbox_items':
                batch_op.add_column(sa.Column('claim_id', sa.String(length=32), nullable=True))
            batch_op.add_column(sa.Column('handed_over_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_installation_id_origin_id'), ['installation_id', 'origin_id'])

    if _postgresql():
        op.execute(
            "CREATE FUNCTION pdv_stamp_store_xid() RETURNS trigger AS $$ BEGIN "
            "NEW.store_xid := pg_current_xact_id()::text::bigint; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        for table in XID_TABLES:
            op.execute(f"CREATE TRIGGER trg_{table}_store_xid BEFORE INSERT OR UPDATE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION pdv_stamp_store_xid()")


def downgrade() -> None:
    if _postgresql():
        for table in XID_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_store_xid ON {table}")
        op.execute("DROP FUNCTION IF EXISTS pdv_stamp_store_xid()")
    for table in HANDOVER_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_installation_id_origin_id'), type_='unique')
            batch_op.drop_column('handed_over_at')
            if table != 'outbox_items':
                batch_op.drop_column('claim_id')
            batch_op.drop_column('origin_id')
            batch_op.drop_column('installation_id')
    with op.batch_alter_table('fiscal_documents', schema=None) as batch_op:
        batch_op.drop_column('handed_over_at')
    for table in XID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'sales':
                batch_op.drop_constraint(batch_op.f('uq_sales_installation_id_coupon'), type_='unique')
                batch_op.drop_constraint(batch_op.f('uq_sales_installation_id_origin_id'), type_='unique')
                batch_op.drop_constraint(batch_op.f('uq_sales_installation_id_number'), type_='unique')
                batch_op.drop_index(batch_op.f('ix_sales_coupon'))
                batch_op.create_unique_constraint(batch_op.f('uq_sales_number'), ['number'])
                batch_op.create_unique_constraint(batch_op.f('uq_sales_coupon'), ['coupon'])
            batch_op.drop_index(batch_op.f(f'ix_{table}_store_xid'))
            batch_op.drop_column('store_xid')
            if table == 'sales':
                batch_op.drop_column('handed_over_at')
                batch_op.drop_column('origin_id')
            if table == 'customers':
                batch_op.drop_column('handed_over_at')
    with op.batch_alter_table('store_claims', schema=None) as batch_op:
        batch_op.drop_index('ix_store_claims_item_state')
        batch_op.drop_index('ix_store_claims_customer_state')
        batch_op.drop_index(batch_op.f('ix_store_claims_claim_id'))
    op.drop_table('store_claims')
    op.drop_table('store_caixas')
    op.drop_table('request_budget')
    op.drop_table('integrator_lease')
