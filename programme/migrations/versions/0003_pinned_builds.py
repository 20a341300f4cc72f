"""Pins of data builds move from each host's `<data dir>/pins/` into the shared store, so a
build a link names on one host is kept on every host (data/pins.py). Pin files left by an
earlier release are still honoured by data/pins.py.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pinned_builds",
        sa.Column("data_version", sa.String(40), primary_key=True),
        sa.Column("pinned_at", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pinned_builds")
