"""The command line's sentences for the backup and restore failures, in English (the GUI words the same
facts in its own language)."""

from __future__ import annotations

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


def explain(exc: BackupError) -> str:
    """An English sentence for the command line (the GUI words the same facts in its own language)."""
    f = exc.facts
    path = f.get("path", "")
    if isinstance(exc, BackupFolderError):
        return f"the backup folder {path} cannot be written: {f.get('detail')}"
    if isinstance(exc, FileMissing):
        return f"{path} does not exist"
    if isinstance(exc, NotADatabase):
        return (f"{path} is not a SQLite database (a PostgreSQL .dump archive can only be restored into a "
                "PostgreSQL database)")
    if isinstance(exc, NotAnArchive):
        return (f"{path} is not a pg_dump custom-format archive (a SQLite .db backup can only be restored "
                "into a SQLite database)")
    if isinstance(exc, CorruptDatabase):
        return f"{path} is damaged and cannot be used ({f.get('detail')})"
    if isinstance(exc, NotOneStopDatabase):
        return f"{path} is not a OneStop database (it has no schema revision)"
    if isinstance(exc, UnknownRevision):
        return (f"{path} was written by a newer OneStop (schema {f.get('revision')}; this OneStop knows up to "
                f"{f.get('head')}): install the newer OneStop to use it")
    if isinstance(exc, DatabaseInUse):
        return (f"the database {path} is open in another program: close OneStop, the kiosk and the hall display "
                "on this PC first")
    if isinstance(exc, ToolMissing):
        text = f"{f.get('tool')} was not found: install {f.get('package')}"
        if f.get("command"):
            text += f". Then run by hand (with PGPASSWORD set): {f.get('command')}"
        return text
    if isinstance(exc, ToolFailed):
        return f"{f.get('tool')} failed (exit code {f.get('returncode')}): {f.get('detail')}"
    if isinstance(exc, RestoreNeedsOwner):
        return (f"only the database owner role {f.get('owner')} may replace the database, not {f.get('user')}: "
                "restore with --owner-url, or give the owner's password when asked")
    if isinstance(exc, BackupCancelled):
        return "the backup was cancelled"
    if isinstance(exc, BackupFailed):
        return f"the copy of {path} failed: {f.get('detail')}"
    return str(exc)
