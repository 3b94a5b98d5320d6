"""Private files: on Linux (any POSIX system) the data folder is 0700 and every file OneStop writes that can
hold personal data or a secret (the database, settings, the database password, backups, logs, reports and
exports) is 0600, whatever the umask of the session that started it. On Windows nothing changes: the data
folder is in the user's profile, whose permissions already keep other users out.

``restrict_umask`` makes the whole process create files 0600 and folders 0700 (the command line and the
three programs call it first, so files written by libraries and child processes such as pg_dump are
private too); the functions below make it so for the files they create even without it, and tighten files
left readable by an older version.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
PRIVATE_UMASK = 0o077


def enforced() -> bool:
    """Whether file modes are set at all (POSIX); on Windows the profile folder's ACL does the job."""
    return os.name == "posix"


def restrict_umask() -> int | None:
    """From now on this process (and its children) creates files 0600 and folders 0700. Returns the
    previous umask for ``restore_umask`` (None on Windows)."""
    return os.umask(PRIVATE_UMASK) if enforced() else None


def restore_umask(previous: int | None) -> None:
    if previous is not None:
        os.umask(previous)


def make_private(path: str | Path, *, folder: bool = False) -> None:
    """Set ``path`` to 0600 (``folder``: 0700). A file of another owner (EPERM) or one that vanished is
    left alone and logged: the caller's work goes on."""
    if not enforced():
        return
    try:
        os.chmod(path, PRIVATE_DIR if folder else PRIVATE_FILE)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not make %s private: %s", path, exc)


def private_dir(path: str | Path) -> Path:
    """Create ``path`` (and its parents) if needed and make the folder itself 0700."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if enforced() and (path.stat().st_mode & 0o777) != PRIVATE_DIR:
        make_private(path, folder=True)
    return path


def create_private(path: str | Path) -> Path:
    """Create the empty file ``path`` as 0600 (an existing one is emptied and made 0600). For files that
    another library fills in afterwards (a SQLite copy, a pg_dump archive): they keep the mode."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        if enforced():
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return path


@contextmanager
def open_private(path: str | Path, mode: str = "wb", **kwargs):
    """``open(path, mode)`` for writing, with the file 0600 from the moment it exists (an existing file is
    truncated and made 0600 too)."""
    if not any(c in mode for c in "wax"):
        raise ValueError("open_private is for writing")
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0)
    if "x" in mode:
        flags |= os.O_EXCL
    elif "a" in mode:
        flags |= os.O_APPEND
    else:
        flags |= os.O_TRUNC
    fd = os.open(path, flags, PRIVATE_FILE)
    try:
        if enforced():
            os.fchmod(fd, PRIVATE_FILE)
        f = os.fdopen(fd, mode.replace("x", "w"), **kwargs)
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f


def write_private(path: str | Path, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so the file is
    whole after a power cut and never readable by others, not even for a moment."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open_private(tmp, "wb") as f:
            f.write(data.encode(encoding) if isinstance(data, str) else data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def private_sqlite(path: str | Path) -> None:
    """The live SQLite database: created empty as 0600 when missing (SQLite gives its -wal, -shm and
    journal files the mode of the database file), or an existing one and its side files made 0600."""
    if not enforced():
        return
    path = Path(path)
    if not path.exists():
        if path.parent.is_dir():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
            except FileExistsError:
                pass
            except OSError as exc:  # a read-only folder: SQLite reports it properly when it opens
                log.warning("could not create %s: %s", path, exc)
                return
            else:
                os.fchmod(fd, PRIVATE_FILE)
                os.close(fd)
        return
    for side in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + side)
        try:
            mode = candidate.stat().st_mode & 0o777
        except OSError:
            continue
        if mode & 0o077:
            make_private(candidate)
