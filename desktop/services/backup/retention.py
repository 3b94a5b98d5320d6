"""Retention (declared settings ``backup_keep_days`` and ``backup_keep_months``): the newest backup of each
of the last N days on which a backup was made, and the newest backup of each of the last M months, are kept;
the others of the series are removed, and only after a new backup succeeded."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from desktop.services.backup.dto import BackupInfo
from desktop.services.backup.folder import _order, list_backups

log = logging.getLogger(__name__)

def kept_by_retention(backups: list[BackupInfo], *, keep_days: int, keep_months: int) -> set[Path]:
    """The newest backup of each of the last ``keep_days`` days with a backup and of each of the last
    ``keep_months`` months with a backup; the newest backup of all is always kept."""
    ordered = sorted(backups, key=_order)
    per_day: dict[dt.date, BackupInfo] = {}
    per_month: dict[tuple[int, int], BackupInfo] = {}
    for b in ordered:  # later ones replace earlier ones: the newest of each day and month remain
        per_day[b.time.date()] = b
        per_month[(b.time.year, b.time.month)] = b
    kept = {per_day[d].path for d in sorted(per_day, reverse=True)[:keep_days]}
    kept |= {per_month[m].path for m in sorted(per_month, reverse=True)[:keep_months]}
    if ordered:
        kept.add(ordered[-1].path)
    return kept


def prune(folder: Path, *, series: str, kind: str, keep_days: int, keep_months: int) -> list[Path]:
    """Remove the backups of one database that retention does not keep. Copies taken before an upgrade
    and files of other databases are never touched."""
    backups = list_backups(folder, series=series, kind=kind, include_upgrade_copies=False)
    kept = kept_by_retention(backups, keep_days=keep_days, keep_months=keep_months)
    removed = []
    for b in backups:
        if b.path not in kept:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError:
                log.warning("retention could not remove %s", b.path, exc_info=True)
    return removed
