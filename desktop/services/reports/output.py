"""Where a report file goes and how it is written: checked before the report is built, written through a
temporary file so a failure never leaves half a file."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from pathlib import Path

from desktop.reports import periods, standard
from desktop.services.reports.errors import OutputNotWritable

ERRNO_REASONS = {errno.EACCES: "no_permission", errno.EPERM: "no_permission", errno.ENOSPC: "disk_full",
                 getattr(errno, "EDQUOT", errno.ENOSPC): "disk_full", errno.EROFS: "read_only_disk",
                 errno.ENAMETOOLONG: "name_too_long", errno.ENOENT: "no_directory", errno.ENOTDIR: "no_directory",
                 errno.EISDIR: "is_directory"}


def not_writable(path: Path, exc: OSError) -> OutputNotWritable:
    return OutputNotWritable(path=str(path), reason=ERRNO_REASONS.get(exc.errno, "system"),
                             detail=exc.strerror or str(exc), errno=exc.errno)


def default_file_name(kind: str, day: dt.date, fmt: str) -> str:
    spec = standard.SPECS[kind]
    return f"{spec.title}-{periods.of(spec.period_kind, day).slug()}.{fmt}"


def output_path(out: str | os.PathLike, kind: str, day: dt.date, fmt: str) -> Path:
    """Where the file goes: ``out`` itself, or the default file name inside ``out`` when it is a directory."""
    path = Path(out).expanduser()
    if path.is_dir():
        path = path / default_file_name(kind, day, fmt)
    return path


def check_writable(path: Path) -> None:
    """Raise OutputNotWritable unless a file can be created at ``path`` (tried for real, then removed)."""
    parent = path.parent
    if path.is_dir():
        raise OutputNotWritable(path=str(path), reason="is_directory", detail="is a directory")
    if not parent.is_dir():
        raise OutputNotWritable(path=str(path), reason="no_directory", detail="no such directory")
    try:
        fd, probe = tempfile.mkstemp(prefix=".onestop-", suffix=".tmp", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise not_writable(path, exc) from exc
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputNotWritable(path=str(path), reason="read_only", detail="read-only file")


def save(path: Path, content: bytes) -> None:
    """Write through a temporary file in the same directory, so a failure never leaves half a file."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".onestop-", suffix=path.suffix, dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise not_writable(path, exc) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
