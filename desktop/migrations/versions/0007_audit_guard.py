"""audit guard: the audit log cannot be changed or deleted, only appended to

Triggers refuse every UPDATE and DELETE of ``audit_entry`` (and TRUNCATE on PostgreSQL) with a message
that starts with ``onestop_audit_append_only``; desktop.services.audit turns that into the typed
AuditLogReadOnly error. The application never updates or deletes audit rows, so nothing legitimate is
refused. Note for later migrations: recreating ``audit_entry`` with a SQLite batch operation drops these
triggers; create them again in that migration.

Revision ID: 0007_audit_guard
Revises: 0006_case_files
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa  # noqa: F401


revision = '0007_audit_guard'
down_revision = '0006_case_files'
branch_labels = None
depends_on = None

MARKER = "onestop_audit_append_only"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION onestop_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MARKER}: % of audit_entry refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'The audit log is append-only.';
            END
            $$""")
        op.execute("CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
                   "FOR EACH ROW EXECUTE FUNCTION onestop_audit_append_only()")
        op.execute("CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
                   "FOR EACH STATEMENT EXECUTE FUNCTION onestop_audit_append_only()")
    else:
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_entry_no_{operation.lower()} BEFORE {operation} ON audit_entry "
                       f"BEGIN SELECT RAISE(ABORT, '{MARKER}: {operation} of audit_entry refused'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS onestop_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
