"""record ids made with the record (uid), handover batches, caixa lives, series, set-aside records

Every record that crosses a boundary gets an id of its own (`uid`): sales, returns, store-credit
entries and queue items. Existing rows take a name-based id of (installation, table, local id),
computed the same way on a caixa and on the store server, so both sides agree on the rows they
already share. `handover_batch` marks a caixa's records sent in a batch the store has not yet been
asked about. On the store server: the handover batches it committed, each caixa's lives
(incarnations), every series ever used, and the records set aside for the manager.

Revision ID: 0006_record_ids
Revises: 0005_api_log_repeats
Create Date: 2026-12-07 09:00:00
"""

import json

from alembic import op
import sqlalchemy as sa
import pdv_bling.store.models
from pdv_bling.domain.ids import legacy_uid


revision = '0006_record_ids'
down_revision = '0005_api_log_repeats'
branch_labels = None
depends_on = None

UID_TABLES = ('sales', 'sale_returns', 'store_credit_ledger', 'outbox_items')
BATCH_TABLES = (*UID_TABLES, 'fiscal_documents')


def _own_installation(conn: sa.Connection) -> str | None:
    raw = conn.execute(sa.text("SELECT value FROM settings WHERE key = 'installation_id'")).scalar()
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        value = raw
    return str(value) if value else None


def _backfill(conn: sa.Connection, table: str, own: str | None) -> None:
    rows = conn.execute(sa.text(f"SELECT id, installation_id, origin_id FROM {table}")).all()
    values = []
    for row_id, installation, origin in rows:
        if origin is not None:
            uid = legacy_uid(installation, table, origin)
        else:  # this database's own record (a caixa's sale carries its installation; the rest do not)
            uid = legacy_uid(installation if table == 'sales' and installation else own, table, row_id)
        values.append({"uid": uid, "id": row_id})
    if values:
        conn.execute(sa.text(f"UPDATE {table} SET uid = :uid WHERE id = :id"), values)


def upgrade() -> None:
    conn = op.get_bind()
    for table in BATCH_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in UID_TABLES:
                batch_op.add_column(sa.Column('uid', sa.String(length=32), nullable=True))
            batch_op.add_column(sa.Column('handover_batch', sa.String(length=32), nullable=True))
    own = _own_installation(conn)
    for table in UID_TABLES:
        _backfill(conn, table, own)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sa.String(length=32), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_uid'), ['uid'])
            # (installation, local id) was the handover key: a restore or a copy rewinds local ids
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_installation_id_origin_id'), type_='unique')

    with op.batch_alter_table('store_caixas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incarnation', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('left_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True))
        batch_op.add_column(sa.Column('problem', pdv_bling.store.models.JsonText(), nullable=True))
    op.create_table('store_incarnations',
    sa.Column('installation_id', sa.String(length=32), nullable=False),
    sa.Column('incarnation', sa.String(length=32), nullable=False),
    sa.Column('host', sa.String(length=200), nullable=True),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('first_seen_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.Column('last_seen_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('superseded_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.PrimaryKeyConstraint('installation_id', 'incarnation', name=op.f('pk_store_incarnations'))
    )
    op.create_table('store_handover_batches',
    sa.Column('batch_id', sa.String(length=32), nullable=False),
    sa.Column('installation_id', sa.String(length=32), nullable=False),
    sa.Column('incarnation', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('committed_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_store_handover_batches')),
    sa.UniqueConstraint('installation_id', 'incarnation', 'seq',
                        name=op.f('uq_store_handover_batches_installation_id_incarnation_seq'))
    )
    op.create_table('store_series',
    sa.Column('terminal_id', sa.String(length=20), nullable=False),
    sa.Column('installation_id', sa.String(length=32), nullable=False),
    sa.Column('first_used_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.PrimaryKeyConstraint('terminal_id', name=op.f('pk_store_series'))
    )
    op.create_table('store_set_aside',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('installation_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_uid', sa.String(length=32), nullable=False),
    sa.Column('detail', pdv_bling.store.models.JsonText(), nullable=True),
    sa.Column('created_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.Column('resolved_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_set_aside')),
    sa.UniqueConstraint('record_uid', name=op.f('uq_store_set_aside_record_uid'))
    )
    # every series the store has seen so far stays its installation's
    op.execute("INSERT INTO store_series (terminal_id, installation_id, first_used_at) "
               "SELECT terminal_id, installation_id, joined_at FROM store_caixas")
    op.execute("INSERT INTO store_series (terminal_id, installation_id, first_used_at) "
               "SELECT terminal_id, MIN(installation_id), MIN(created_at) FROM sales "
               "WHERE installation_id IS NOT NULL AND origin_id IS NOT NULL "
               "AND terminal_id NOT IN (SELECT terminal_id FROM store_series) GROUP BY terminal_id")


def downgrade() -> None:
    op.drop_table('store_set_aside')
    op.drop_table('store_series')
    op.drop_table('store_handover_batches')
    op.drop_table('store_incarnations')
    with op.batch_alter_table('store_caixas', schema=None) as batch_op:
        batch_op.drop_column('problem')
        batch_op.drop_column('left_at')
        batch_op.drop_column('incarnation')
    for table in BATCH_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table in UID_TABLES:
                batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_installation_id_origin_id'),
                                                  ['installation_id', 'origin_id'])
                batch_op.drop_constraint(batch_op.f(f'uq_{table}_uid'), type_='unique')
                batch_op.drop_column('uid')
            batch_op.drop_column('handover_batch')
