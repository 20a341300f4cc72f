"""Staged uploads move from one host's data folder into the shared store: a preview made on one
app host can be published from another (programme/staging.py). Previews waiting in an old
`<data dir>/uploads` folder are not carried over: at worst, an editor uploads the file again.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staged_uploads",
        sa.Column("preview_id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("meta", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_staged_uploads_created_at", "staged_uploads", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_staged_uploads_created_at", "staged_uploads")
    op.drop_table("staged_uploads")
