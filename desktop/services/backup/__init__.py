"""Backups of the OneStop database and restoring one. No Qt: the command line and the GUI both use it.

- **SQLite**: a copy through SQLite's online backup API, which is one consistent snapshot while the clerk
  app, the kiosk and the hall display keep writing. The copy is written under a temporary name, checked
  (``PRAGMA integrity_check`` and a readable, known schema revision) and only then renamed to its final name,
  so every file carrying a backup name is a good backup.
- **PostgreSQL**: ``pg_dump -Fc`` (a custom-format archive), password passed in ``PGPASSWORD``, never on the
  command line; restored with ``pg_restore --clean`` in a single transaction.

Files live in the backup folder (``backup_dir`` in this PC's settings.json, else ``<data dir>/backups``) as
``<series>-YYYYmmdd-HHMMSS.db`` or ``.dump``; the series is the database file's stem (``onestop``) or the
PostgreSQL database's name. ``backup-status.json`` in the data directory records this PC's last attempt
for each database and its failure, for the administrator's screen (it is kept outside the backup folder so
that a folder which cannot be written can still be reported). Copies taken before a schema upgrade are named
``<series>-before-upgrade-<revision>-<stamp>.db``; retention never removes them.

Retention (declared settings ``backup_keep_days`` and ``backup_keep_months``): the newest backup of each of
the last N days on which a backup was made, and the newest backup of each of the last M months, are kept;
the others of the series are removed, and only after a new backup succeeded.

Modules: ``folder`` (the folder, names, listing), ``status`` (backup-status.json), ``sqlite`` (copy and
verify), ``postgresql`` (pg_dump and the client programs), ``taking`` (a backup, the daily one),
``retention``, ``restoring``, ``sentences`` (the command line's wording); ``errors`` and ``dto`` hold the
failures and the results; ``_common`` what they share. Callers use the names below:
``from desktop.services import backup``; ``backup.backup_database(ctx)``.
"""

from desktop.services.backup._common import PGDUMP_HEADER, SQLITE_HEADER
from desktop.services.backup.dto import (
    AttemptInfo,
    BackupInfo,
    BackupResult,
    FileDescription,
    RestoreResult,
)
from desktop.services.backup.errors import (
    BackupCancelled,
    BackupError,
    BackupFailed,
    BackupFolderError,
    CorruptDatabase,
    DatabaseInUse,
    FileMissing,
    NotADatabase,
    NotAnArchive,
    NotOneStopDatabase,
    RestoreNeedsOwner,
    ToolFailed,
    ToolMissing,
    UnknownRevision,
)
from desktop.services.backup.folder import (
    BEFORE_UPGRADE,
    DAILY,
    EXTENSIONS,
    WARN_AFTER,
    backup_due,
    backup_folder,
    last_backup,
    list_backups,
    parse_name,
    series_of,
    set_backup_folder,
    warning_due,
)
from desktop.services.backup.postgresql import (
    PG_CLIENT_PACKAGE,
    archive_revision,
    find_pg_tool,
)
from desktop.services.backup.postgresql import (
    _pg_connection as _pg_connection,  # the tests check that the password stays off the command line
)
from desktop.services.backup.restoring import (
    describe_file,
    pg_restore_command,
    restore,
    restore_postgresql,
    restore_sqlite,
)
from desktop.services.backup.retention import (
    kept_by_retention,
    prune,
)
from desktop.services.backup.sentences import explain
from desktop.services.backup.sqlite import (
    copy_before_upgrade,
    copy_sqlite,
    snapshot_sqlite,
    verify_sqlite,
)
from desktop.services.backup.status import (
    STATUS_FILE,
    last_attempt,
    recorded_audit_head,
)
from desktop.services.backup.taking import (
    Progress,
    automatic_backup,
    backup_database,
)

__all__ = [
    "AttemptInfo",
    "BEFORE_UPGRADE",
    "BackupCancelled",
    "BackupError",
    "BackupFailed",
    "BackupFolderError",
    "BackupInfo",
    "BackupResult",
    "CorruptDatabase",
    "DAILY",
    "DatabaseInUse",
    "EXTENSIONS",
    "FileDescription",
    "FileMissing",
    "NotADatabase",
    "NotAnArchive",
    "NotOneStopDatabase",
    "PGDUMP_HEADER",
    "PG_CLIENT_PACKAGE",
    "Progress",
    "RestoreNeedsOwner",
    "RestoreResult",
    "SQLITE_HEADER",
    "STATUS_FILE",
    "ToolFailed",
    "ToolMissing",
    "UnknownRevision",
    "WARN_AFTER",
    "archive_revision",
    "automatic_backup",
    "backup_database",
    "backup_due",
    "backup_folder",
    "copy_before_upgrade",
    "copy_sqlite",
    "describe_file",
    "explain",
    "find_pg_tool",
    "kept_by_retention",
    "last_attempt",
    "last_backup",
    "list_backups",
    "parse_name",
    "pg_restore_command",
    "prune",
    "recorded_audit_head",
    "restore",
    "restore_postgresql",
    "restore_sqlite",
    "series_of",
    "set_backup_folder",
    "snapshot_sqlite",
    "verify_sqlite",
    "warning_due",
]
