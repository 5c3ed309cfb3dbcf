"""site configuration version (per-process configuration caches); per-sector day index on tickets

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sites') as batch:
        batch.add_column(sa.Column('config_version', sa.BigInteger(), nullable=False, server_default='0'))
    op.create_index('ix_tickets_sector_day', 'tickets', ['site_id', 'sector_id', 'service_day', 'status'])


def downgrade() -> None:
    op.drop_index('ix_tickets_sector_day', table_name='tickets')
    with op.batch_alter_table('sites') as batch:
        batch.drop_column('config_version')
