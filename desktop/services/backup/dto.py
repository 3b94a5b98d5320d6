"""What the backup services return: a backup file, a backup taken, the last attempt, a restore, and a
file described before a restore."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.services.backup import errors
from desktop.services.backup.errors import BackupError


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    time: dt.datetime  # when it was taken (the center's local time, from its name)
    size: int
    kind: str  # "sqlite" or "postgresql"
    series: str
    before_upgrade: bool = False

    @property
    def folder(self) -> Path:
        return self.path.parent


@dataclass(frozen=True)
class BackupResult:
    backup: BackupInfo
    revision: str
    removed: tuple[Path, ...]  # older backups removed by retention
    seconds: float
    audit_head: tuple[int, str] | None = None  # the audit log's chain head (seq, hash) the backup holds


@dataclass(frozen=True)
class AttemptInfo:
    """The last attempt of a series, from backup-status.json."""
    time: dt.datetime
    ok: bool
    error: str  # the failure's class name ("" when it succeeded)
    facts: dict
    path: str

    def exception(self) -> BackupError | None:
        """The failure rebuilt from its facts, so a screen can word it in its language."""
        kind = getattr(errors, self.error, None)
        if not (isinstance(kind, type) and issubclass(kind, BackupError)):
            return None
        return kind(**self.facts)


@dataclass(frozen=True)
class RestoreResult:
    target: str  # the live database (file path or URL without password)
    source: Path
    revision: str  # the restored schema revision
    head: str  # this OneStop's revision; an older file is upgraded on the next start
    replaced: Path | None  # where the replaced SQLite file is kept (None: there was none, or PostgreSQL)

    @property
    def needs_upgrade(self) -> bool:
        return self.revision != self.head


@dataclass(frozen=True)
class FileDescription:
    """What a backup file is, read cheaply (no integrity check) to ask the user before a restore."""
    path: Path
    kind: str
    size: int
    revision: str | None
