"""fiscal_documents: the authorized NFC-e XML (xml) and its linkDanfe (link_danfe)

The NFC-e issued through Bling is printed (DANFE NFC-e) from its authorized XML, the `nfeProc`
Bling's signed `xml` link serves; the chain that issues the note stores it here, with the note's
`linkDanfe` for sending to the customer. Both stay empty for a key typed in by hand.

Revision ID: 0008_nfce_xml
Revises: 0007_store_lineage
Create Date: 2026-12-14 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008_nfce_xml'
down_revision = '0007_store_lineage'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('fiscal_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('xml', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('link_danfe', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('fiscal_documents', schema=None) as batch_op:
        batch_op.drop_column('link_danfe')
        batch_op.drop_column('xml')
