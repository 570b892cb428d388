"""nfce_notes: the NFC-e issued through Bling for a sale (its id in Bling, state, situação, key)

The authorized XML and the DANFE link are the sale's fiscal document's (0008_nfce_xml): the DANFE
is printed from there, whoever attached the note.

On PostgreSQL the store_xid trigger stamps it, so a caixa copies the notes of its own sales back
(`retaguarda.replica`): the authorized note prints at the caixa that sold.

Revision ID: 0011_nfce_notes
Revises: 0010_turno_handover
Create Date: 2026-12-09 09:00:00
"""

from alembic import op
import sqlalchemy as sa
import pdv_bling.store.models


revision = '0011_nfce_notes'
down_revision = '0010_turno_handover'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('nfce_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('bling_id', sa.BigInteger(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('situacao', sa.Integer(), nullable=True),
    sa.Column('numero', sa.String(length=20), nullable=True),
    sa.Column('serie', sa.Integer(), nullable=True),
    sa.Column('access_key', sa.String(length=44), nullable=True),
    sa.Column('reason_code', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.Column('updated_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=False),
    sa.Column('authorized_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('cancel_asked_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('cancelled_at', pdv_bling.store.models.UtcDateTime(length=32), nullable=True),
    sa.Column('store_xid', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_nfce_notes_sale_id_sales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nfce_notes')),
    sa.UniqueConstraint('sale_id', name=op.f('uq_nfce_notes_sale_id'))
    )
    with op.batch_alter_table('nfce_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nfce_notes_access_key'), ['access_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_nfce_notes_store_xid'), ['store_xid'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE TRIGGER trg_nfce_notes_store_xid BEFORE INSERT OR UPDATE ON nfce_notes "
                   "FOR EACH ROW EXECUTE FUNCTION pdv_stamp_store_xid()")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS trg_nfce_notes_store_xid ON nfce_notes")
    with op.batch_alter_table('nfce_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nfce_notes_store_xid'))
        batch_op.drop_index(batch_op.f('ix_nfce_notes_access_key'))
    op.drop_table('nfce_notes')
