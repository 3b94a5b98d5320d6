"""What the backup modules share: the files' first bytes, the temporary name a copy is written under,
flushing to disk, the schema revision check, and writing a backup that counts only once verified."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop import migrations
from desktop.services.backup.errors import BackupFailed, BackupFolderError, FileMissing, UnknownRevision

SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"


def _temp_of(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}.partial")


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if sys.platform != "win32":
        _fsync(folder)


def _header(path: Path, size: int) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(size)
    except FileNotFoundError as exc:
        raise FileMissing(path=str(path)) from exc
    except OSError as exc:
        raise BackupFailed(path=str(path), detail=exc.strerror or str(exc)) from exc


def _check_revision(path: Path, revision: str) -> str:
    if not migrations._known(revision):
        raise UnknownRevision(path=str(path), revision=revision, head=migrations.head_revision())
    return revision


def _write_verified(dest: Path, write: Callable[[Path], None], verify: Callable[[Path], str]) -> str:
    """``write`` the backup under a temporary name beside ``dest``, ``verify`` it (its schema revision is
    returned), and only then give it its name, so every file carrying a backup name is a good backup. A copy
    that fails is removed; ``dest`` then does not exist."""
    tmp = _temp_of(dest)
    try:
        write(tmp)
        revision = verify(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        return revision
    except OSError as exc:
        raise BackupFolderError(path=str(dest.parent), detail=exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
