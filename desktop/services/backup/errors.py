"""The backup and restore failures: each carries facts only (the command line words them in
``sentences.explain``, the GUI in its own language)."""

from __future__ import annotations

from desktop.services.errors import ServiceError


class BackupError(ServiceError):
    """Base of the backup and restore failures."""


class BackupFolderError(BackupError):
    """The backup folder cannot be created or written (missing drive, no permission, disk full).
    facts: path, detail."""


class BackupFailed(BackupError):
    """The copy could not be made or did not verify; nothing was counted as a backup. facts: path, detail."""


class BackupCancelled(BackupError):
    """The user cancelled the backup; the partial copy was removed."""


class FileMissing(BackupError):
    """facts: path."""


class NotADatabase(BackupError):
    """The file is not a SQLite database (nor a pg_dump archive for PostgreSQL). facts: path."""


class NotAnArchive(BackupError):
    """The file is not a pg_dump custom-format archive. facts: path."""


class CorruptDatabase(BackupError):
    """The file is a damaged SQLite database. facts: path, detail."""


class NotOneStopDatabase(BackupError):
    """The file is a database but holds no OneStop schema revision. facts: path."""


class UnknownRevision(BackupError):
    """The file was written by a newer OneStop (its revision is unknown to this one). facts: path, revision,
    head."""


class DatabaseInUse(BackupError):
    """The live database is open in another program (OneStop, kiosk, hall display). facts: path."""


class ToolMissing(BackupError):
    """A PostgreSQL client program is not installed. facts: tool, package, command (what to run by hand)."""


class ToolFailed(BackupError):
    """pg_dump or pg_restore ended with an error. facts: tool, returncode, detail."""


class RestoreNeedsOwner(BackupError):
    """A restore replaces every table, the audit log too: on a server set up with an owner role only it (or
    a member) may, never the application role. facts: owner, user."""
