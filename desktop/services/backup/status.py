"""backup-status.json in the data directory: this PC's last attempt for each database, its failure and
the audit chain head a successful backup holds, for the administrator's screen and ``onestop audit verify``.
It is kept outside the backup folder so that a folder which cannot be written can still be reported."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from desktop import config, fileperms
from desktop.services.backup.dto import AttemptInfo
from desktop.services.backup.errors import BackupError
from desktop.services.backup.folder import EXTENSIONS, series_of

log = logging.getLogger(__name__)

STATUS_FILE = "backup-status.json"


def last_attempt(db) -> AttemptInfo | None:
    """The last attempt on this PC to back up the database (wherever it was written to)."""
    entry = _read_status().get(f"{series_of(db)}{EXTENSIONS[db.kind]}")
    if not entry:
        return None
    try:
        return AttemptInfo(dt.datetime.fromisoformat(entry["time"]), bool(entry["ok"]), entry.get("error", ""),
                           dict(entry.get("facts") or {}), entry.get("path", ""))
    except (KeyError, ValueError, TypeError):
        return None


def recorded_audit_head(db) -> tuple[int, str, dt.datetime] | None:
    """The audit chain head recorded by this PC's last successful backup of the database (seq, hash, time)."""
    entry = _read_status().get(f"{series_of(db)}{EXTENSIONS[db.kind]}") or {}
    head = entry.get("audit_head")
    try:
        return int(head["seq"]), str(head["hash"]), dt.datetime.fromisoformat(entry["time"])
    except (KeyError, TypeError, ValueError):
        return None


def _status_path() -> Path:
    return config.data_dir() / STATUS_FILE


def _read_status() -> dict:
    try:
        data = json.loads(_status_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_status(key: str, *, at: dt.datetime, ok: bool, error: BackupError | None = None, path: str = "",
                  audit_head: tuple[int, str] | None = None) -> None:
    """Best effort: a status that cannot be written (disk full) must not hide the real outcome."""
    target = _status_path()
    try:
        status = _read_status()
        status[key] = {"time": at.isoformat(), "ok": ok, "error": type(error).__name__ if error else "",
                       "facts": {k: str(v) for k, v in error.facts.items()} if error else {}, "path": path}
        if audit_head is not None:  # the chain head this backup holds: `onestop audit verify --expect SEQ:HASH`
            status[key]["audit_head"] = {"seq": audit_head[0], "hash": audit_head[1]}
        fileperms.write_private(target, json.dumps(status, ensure_ascii=False, indent=2))
    except OSError as exc:
        log.warning("could not write %s: %s", target, exc)
