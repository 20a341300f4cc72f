"""The schema as the releases before Alembic made it: versions, current_version, audit_log,
programme_<sheet>, staff_sessions, and the audit log's append-only protection.

It also adopts a store made by such a release (tables, no alembic_version): the tables it
lacks are made, the nullable columns the schema gained since are added (their old rows read
as empty), exactly what create_all + _add_new_columns did.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from programme import database

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BASELINE = [
    database.versions,
    database.current_version,
    database.audit_log,
    *database.TABLES.values(),
    database.staff_sessions,
]
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    for verb in ("UPDATE", "DELETE")
]
POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    bind = op.get_bind()
    for table in BASELINE:
        table.create(bind, checkfirst=True)
    inspector = sa.inspect(bind)
    for table in BASELINE:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present and column.nullable:
                op.add_column(table.name, sa.Column(column.name, column.type, nullable=True))
    for statement in SQLITE_TRIGGERS if bind.dialect.name == "sqlite" else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the baseline is not undone: restore a backup instead")
