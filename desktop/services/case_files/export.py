"""The batch export: every case closed in a date range, one PDF each plus ``manifest.csv``, each file written
under a temporary name and renamed when complete."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from desktop import exports, fileperms
from desktop.db import UnitOfWork
from desktop.models import Dispute, Petition
from desktop.models.case_files import DISPUTE, PETITION
from desktop.models.mediation import CLOSED_STATES
from desktop.services.case_file_errors import ExportCancelled
from desktop.services.case_files.access import case_row, require_kind, reveal
from desktop.services.case_files.dto import ClosedCase, ExportedFile, ExportResult, StoredCaseFile
from desktop.services.case_files.versions import finalise_in, read_version, versions_of
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.petitions import FINISHED


def closed_cases(uow: UnitOfWork, *, start: dt.date, end: dt.date) -> tuple[ClosedCase, ...]:
    """Petitions and disputes closed from ``start`` to ``end`` (both included), by closing day then number."""
    if end < start:
        raise Invalid(field="end", reason="order")
    with uow:
        require(uow, Permission.SUPERVISE_CASES)
        out = [ClosedCase(PETITION, i, no, day) for i, no, day in uow.session.execute(
            select(Petition.id, Petition.case_no, Petition.closed_on).where(
                Petition.status.in_(FINISHED), Petition.closed_on >= start, Petition.closed_on <= end))]
        out += [ClosedCase(DISPUTE, i, no, day) for i, no, day in uow.session.execute(
            select(Dispute.id, Dispute.case_no, Dispute.closed_on).where(
                Dispute.state.in_(CLOSED_STATES), Dispute.closed_on >= start, Dispute.closed_on <= end))]
        return tuple(sorted(out, key=lambda c: (c.closed_on, c.case_kind, c.case_no)))


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(case_no: str, version_no: int) -> str:
    """（2026）虎信字第034号_v1.pdf: the case number as is, minus characters no file system takes."""
    return f"{_UNSAFE.sub('_', case_no).strip(' .') or 'case'}_v{version_no}.pdf"


def _write_whole(path: Path, data: bytes) -> None:
    """Write under a temporary name and rename when complete: the final name only ever holds a whole file."""
    tmp = path.with_name(path.name + ".part")
    try:
        with fileperms.open_private(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("case_no", "case_kind", "version", "sha256", "pages", "file")


def export_case_files(new_uow: Callable[[], object], *, start: dt.date, end: dt.date, folder: str | Path,
                      progress: Callable[[int, int, str], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Export every case closed from ``start`` to ``end`` into ``folder``: the latest stored version of each
    (finalising the cases without one, each in its own transaction), then ``manifest.csv``.

    ``new_uow()`` gives a fresh unit of work for each step. ``progress(done, total, case_no)`` is called after
    each case; when ``cancelled()`` turns true the export stops before the next case and raises
    ExportCancelled: no partial file is left (the files already complete stay; no manifest is written)."""
    folder = Path(folder)
    cases = closed_cases(new_uow(), start=start, end=end)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Invalid(field="folder", reason="not_writable") from exc
    if not os.access(folder, os.W_OK):
        raise Invalid(field="folder", reason="not_writable")
    total = len(cases)
    done: list[ExportedFile] = []
    if progress:
        progress(0, total, "")
    for case in cases:
        if cancelled and cancelled():
            raise ExportCancelled(done=len(done), total=total)
        stored, fresh = _stored_or_finalised(new_uow, case)
        name = file_name(case.case_no, stored.info.version_no)
        _write_whole(folder / name, stored.data)
        done.append(ExportedFile(case.case_kind, case.case_no, stored.info.version_no, stored.info.sha256,
                                 stored.info.pages, name, fresh))
        if progress:
            progress(len(done), total, case.case_no)
    if cancelled and cancelled():
        raise ExportCancelled(done=len(done), total=total)
    buf = io.StringIO()
    w = exports.CsvWriter(buf)
    w.writerow(MANIFEST_COLUMNS)
    for f in done:
        w.writerow((f.case_no, f.case_kind, f.version_no, f.sha256, f.pages, f.file_name))
    _write_whole(folder / MANIFEST, buf.getvalue().encode("utf-8-sig"))  # utf-8-sig: Excel opens it right
    return ExportResult(str(folder), tuple(done), str(folder / MANIFEST))


def _stored_or_finalised(new_uow, case: ClosedCase) -> tuple[StoredCaseFile, bool]:
    uow = new_uow()
    with uow:
        require_kind(uow, case.case_kind)
        row = case_row(uow, case.case_kind, case.case_id)
        fresh = False
        if not versions_of(uow, case.case_kind, row.id):
            finalise_in(uow, case.case_kind, row)
            fresh = True
        stored = read_version(uow, case.case_kind, row, None)
        reveal(uow, case.case_kind, row.id, "case_file.export")
        uow.commit()
        return stored, fresh
