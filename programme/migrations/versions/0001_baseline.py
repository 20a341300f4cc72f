"""The schema as the releases before Alembic made it: versions, current_version, audit_log,
programme_<sheet>, staff_sessions, and the audit log's append-only protection.

Frozen: the tables are written out here as they were, never read from programme.database or
programme.schema, so a later change of the code's schema cannot change what this revision does
(a new field is a new revision; tests/test_programme_store.py checks head matches the code).

It also adopts a store made by such a release (tables, no alembic_version): the tables it
lacks are made, the nullable columns the schema gained since are added (their old rows read
as empty), exactly what create_all + _add_new_columns did.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

T, F, N, B = sa.Text, sa.Float, sa.Integer, sa.Boolean  # N: a whole number
# Each sheet's table: (column, type, required), after its version_id.
SHEET_COLUMNS = {
    "programme_programme": [("code", T, True), ("title", T, True), ("start_date", T, True), ("end_date", T, True)],
    "programme_countries": [
        ("country", T, True), ("joined_date", T, True), ("iom_focal_point", T, True), ("undp_focal_point", T, True),
        ("government_counterpart", T, True), ("coordination_mechanism", T, False),
    ],
    "programme_results": [
        ("result_id", T, True), ("country", T, True), ("level", T, True), ("parent_id", T, False), ("area", T, True),
        ("statement", T, True), ("lead_agency", T, True), ("gcm_objectives", T, False), ("sdg_targets", T, False),
        ("statement_fr", T, False), ("statement_es", T, False),
    ],
    "programme_indicators": [
        ("indicator_id", T, True), ("result_id", T, True), ("name", T, True), ("unit", T, True),
        ("direction", T, True), ("baseline_value", F, True), ("baseline_year", N, True), ("target_value", F, True),
        ("target_year", N, True), ("by_sex", B, True), ("means_of_verification", T, False), ("cumulative", B, False),
        ("name_fr", T, False), ("name_es", T, False),
    ],
    "programme_indicator_values": [
        ("indicator_id", T, True), ("period", T, True), ("sex", T, True), ("value", F, True),
        ("means_of_verification", T, False),
    ],
    "programme_activities": [
        ("activity_id", T, True), ("country", T, True), ("result_id", T, True), ("title", T, True),
        ("start_date", T, True), ("end_date", T, True), ("status", T, True), ("percent_complete", F, True),
        ("lead_agency", T, True), ("budget_usd", F, True), ("expenditure_usd", F, True), ("title_fr", T, False),
        ("title_es", T, False),
    ],
    "programme_milestones": [
        ("milestone_id", T, True), ("country", T, True), ("result_id", T, False), ("type", T, True),
        ("title", T, True), ("planned_date", T, True), ("achieved_date", T, False), ("evidence_url", T, False),
        ("indicator_id", T, False), ("indicator_value", F, False), ("title_fr", T, False), ("title_es", T, False),
    ],
    "programme_capacity_events": [
        ("event_id", T, True), ("country", T, True), ("result_id", T, False), ("date", T, True), ("type", T, True),
        ("title", T, True), ("participants", N, True), ("women", N, True), ("institutions", N, True),
        ("title_fr", T, False), ("title_es", T, False),
    ],
}  # fmt: skip

baseline = sa.MetaData()
BASELINE = [
    sa.Table(
        "versions",
        baseline,
        sa.Column("version_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("is_demo", sa.Boolean, nullable=False),
        sa.Column("file_name", sa.String(300)),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_sha256", sa.String(64)),
        sa.Column("row_counts", sa.Text, nullable=False),
        sa.Column("changes", sa.Text),
        sa.Column("note", sa.Text),
        sqlite_autoincrement=True,
    ),
    sa.Table(
        "current_version",
        baseline,
        sa.Column("singleton", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False),
    ),
    sa.Table(
        "audit_log",
        baseline,
        sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("version_id", sa.Integer),
        sa.Column("file_name", sa.String(300)),
        sa.Column("file_sha256", sa.String(64)),
        sa.Column("detail", sa.Text),
        sqlite_autoincrement=True,
    ),
    *[
        sa.Table(
            name,
            baseline,
            sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.version_id"), nullable=False, index=True),
            *[sa.Column(column, kind, nullable=not required) for column, kind, required in columns],
        )
        for name, columns in SHEET_COLUMNS.items()
    ],
    sa.Table(
        "staff_sessions",
        baseline,
        sa.Column("session_digest", sa.String(64), primary_key=True),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("started_at", sa.Integer, nullable=False),
        sa.Column("expires_at", sa.Integer, nullable=False, index=True),
    ),
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
