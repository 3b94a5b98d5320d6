"""What every case view offers for its documents: generate, open in the system PDF viewer, print through the
system, save as — plus the case file (卷宗) panel (finalise, open the stored version, new version with a reason,
the list of versions). The files themselves (writing, opening, save as) are desktop.ui.document_files and the
batch export dialog desktop.ui.case_file_export; both are imported here, where the screens take them from.

Generating runs on the thread pool (desktop.ui.tasks); the action (open / print / save) happens when the bytes
are back. Printing goes through the system: ``lp FILE`` on Linux (CUPS), ``os.startfile(path, "print")`` on
Windows; without a print system the user is told so and can open or save the file instead.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QDesktopServices  # noqa: F401 (scripts and tests reach the viewer through here)
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.facts import FactsError
from desktop.services import case_files as cf
from desktop.ui.case_file_export import ExportDialog  # noqa: F401 (the screens import it from here)
from desktop.ui.document_files import (  # noqa: F401 (the screens import these from here)
    _SaveFolder,
    copy_to_clipboard,
    describe,
    open_file,
    opened_message,
    safe_name,
    save_pdf_as,
    write_for_viewer,
    write_problem,
)
from desktop.ui.document_texts import NoPrintSystem, PrintFailed
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.text import translator
from desktop.ui.widgets import Banner, button, read_only_table

log = logging.getLogger(__name__)
CTX = "Documents"

OPEN, PRINT, SAVE = "open", "print", "save"


_t = translator(CTX)


# --- files, viewer, printer ----------------------------------------------------------------------------------
def show_pdf(data: bytes, name: str) -> tuple[str, bool]:
    """Write a document and open it in the system's PDF viewer: (where the file is, whether a viewer opened)."""
    path = write_for_viewer(data, name)
    return str(path), open_file(path)


def open_pdf(data: bytes, name: str) -> str:
    """Write a document and open it in the system's PDF viewer."""
    return show_pdf(data, name)[0]


def print_command() -> list[str] | None:
    """How this PC prints a PDF file: ["lp"] where CUPS is installed, None where the OS has no print system
    we can drive (Windows prints through os.startfile instead)."""
    lp = shutil.which("lp")
    return [lp] if lp else None


def print_file(path: str | Path, *, copies: int = 1) -> str:
    """Send a PDF file to the default printer through the system. Returns what was done (for the log/banner);
    raises NoPrintSystem or PrintFailed."""
    path = str(path)
    if sys.platform.startswith("win"):
        for _ in range(copies):
            os.startfile(path, "print")  # type: ignore[attr-defined]  # the associated viewer prints it
        return "startfile"
    cmd = print_command()
    if cmd is None:
        raise NoPrintSystem(platform=sys.platform)
    args = [*cmd, "-n", str(copies), path] if copies > 1 else [*cmd, path]
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired as exc:
        raise PrintFailed(reason="service_down", detail=str(exc)) from exc
    except OSError as exc:
        raise PrintFailed(reason="refused", detail=str(exc)) from exc
    if out.returncode != 0:
        detail = (out.stderr or out.stdout).strip()[:300]
        log.warning("the print system refused %s: %s", path, detail)
        raise PrintFailed(reason=print_failure(detail), detail=detail)
    return (out.stdout or "").strip()


def print_failure(detail: str) -> str:
    """Why CUPS refused a job, from what lp said (its messages are English whatever the language):
    "no_printer" (no default printer set up), "service_down" (the print service is not running) or "refused"."""
    text = detail.lower()
    if "no default destination" in text or "does not exist" in text:
        return "no_printer"
    if "scheduler is not running" in text or "unable to connect" in text or "connection refused" in text:
        return "service_down"
    return "refused"


def print_pdf(data: bytes, name: str, *, copies: int = 1) -> str:
    return print_file(write_for_viewer(data, name), copies=copies)


# --- running an action on a generated document ---------------------------------------------------------------
class DocumentRunner(QWidget):
    """Generates a document on the thread pool, then opens, prints or saves it. ``message`` carries the outcome
    (ok: bool, text) for the screen's banner. Invisible; one per screen."""

    message = Signal(bool, str)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.hide()
        self.runner = TaskRunner(self)
        self._pending: dict[object, tuple[str, str, int]] = {}  # task signals -> what to do with the bytes
        self._count = 0

    def run(self, action: str, make: Callable[[], bytes], name: str, *, copies: int = 1) -> Task:
        task = Task(make, plain=True)
        self._pending[task.signals] = (action, name, copies)
        # bound slots of this main-thread object: Qt queues the calls from the pool thread
        task.signals.finished.connect(self._done)
        task.signals.failed.connect(self._failed)
        self._count += 1
        self.runner.start(f"doc{self._count}", task)
        return task

    def busy(self) -> bool:
        return bool(self._pending)

    def _failed(self, exc: Exception) -> None:
        self._pending.pop(self.sender(), None)
        self.message.emit(False, describe(exc))

    def _done(self, data: bytes) -> None:
        action, name, copies = self._pending.pop(self.sender(), (OPEN, "document", 1))
        self.finish(action, data, name, copies=copies)

    def finish(self, action: str, data: bytes, name: str, *, copies: int = 1) -> None:
        """Do ``action`` with bytes already generated (on the main thread)."""
        try:
            if action == OPEN:
                path, opened = show_pdf(data, name)
                self.message.emit(opened, opened_message(path, opened))
            elif action == PRINT:
                print_pdf(data, name, copies=copies)
                self.message.emit(True, _t(QT_TRANSLATE_NOOP("Documents", "Sent %1 to the printer.")).replace(
                    "%1", f"{safe_name(name)}.pdf"))
            elif action == SAVE:
                path = save_pdf_as(self.parentWidget(), data, name)
                if path:
                    _SaveFolder.last = str(Path(path).parent)
                    self.message.emit(True, _t(QT_TRANSLATE_NOOP("Documents", "Saved as %1.")).replace("%1", path))
        except (FactsError, OSError) as exc:
            self.message.emit(False, describe(exc) if isinstance(exc, FactsError) else write_problem(exc))


def action_buttons(parent: QWidget, trigger: Callable[[str], None], *, keys: bool = True) -> list[QPushButton]:
    """Open / Print / Save as… buttons that call ``trigger(action)``."""
    specs = [(OPEN, _t(QT_TRANSLATE_NOOP("Documents", "Open")), "Ctrl+O"),
             (PRINT, _t(QT_TRANSLATE_NOOP("Documents", "Print")), "Ctrl+P"),
             (SAVE, _t(QT_TRANSLATE_NOOP("Documents", "Save as…")), "Ctrl+Shift+S")]
    out = []
    for action, text, key in specs:
        b = button(parent, text, lambda a=action: trigger(a), key if keys else None,
                   tip={OPEN: _t(QT_TRANSLATE_NOOP("Documents", "Generate and open in the PDF viewer")),
                        PRINT: _t(QT_TRANSLATE_NOOP("Documents", "Generate and print on the default printer")),
                        SAVE: _t(QT_TRANSLATE_NOOP("Documents", "Generate and save as a PDF file"))}[action])
        b.setObjectName(f"doc_{action}")
        out.append(b)
    return out


# --- the case file -------------------------------------------------------------------------------------------
class CaseFilePanel(QGroupBox):
    """The case file (卷宗) of one case: finalise it once closed, open/print/save the stored version, make a new
    version with a reason, see every version. The stored file is what is shown; it is never rebuilt silently."""

    changed = Signal()

    def __init__(self, ctx, case_kind: str, parent=None):
        super().__init__(QCoreApplication.translate("CaseFilePanel", "Case file (卷宗)"), parent)
        self.setObjectName("case_file_panel")
        self.ctx = ctx
        self.case_kind = case_kind
        self.state: cf.CaseFileState | None = None
        self.docs = DocumentRunner(self)
        self.runner = TaskRunner(self)
        self.banner = Banner(self)
        self.docs.message.connect(self._message)
        self.summary = QLabel()
        self.summary.setObjectName("case_file_summary")
        self.summary.setWordWrap(True)
        self.finalise_button = button(self, self.tr("Finalise case file…"), self.finalise, "Ctrl+Shift+F",
                                      self.tr("Build the case file of this closed case and store it as version 1"),
                                      name="case_file_finalise")
        self.preview_button = button(self, self.tr("Preview"), self.preview, None,
                                     self.tr("Build the case file now and open it without storing it"),
                                     name="case_file_preview")
        self.new_version_button = button(self, self.tr("New version…"), self.new_version, None,
                                         self.tr("Build and store a new version, with the reason; earlier "
                                                 "versions are kept"), name="case_file_new_version")
        self.open_buttons = action_buttons(self, self.stored_action, keys=False)
        for b in self.open_buttons:
            b.setObjectName(b.objectName().replace("doc_", "case_file_"))
        self.versions = read_only_table([self.tr("Version"), self.tr("Finalised"), self.tr("By"), self.tr("Pages"),
                                self.tr("Checksum (SHA-256)"), self.tr("Reason")])
        self.versions.setObjectName("case_file_versions")
        for col in range(5):
            self.versions.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.versions.setMinimumHeight(90)
        row = QHBoxLayout()
        row.addWidget(self.finalise_button)
        row.addWidget(self.preview_button)
        for b in self.open_buttons:
            row.addWidget(b)
        row.addWidget(self.new_version_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.versions)
        layout.addWidget(self.banner)
        self._case_id: int | None = None

    def _message(self, ok: bool, text: str) -> None:
        (self.banner.ok if ok else self.banner.error)(text)

    def _failed(self, exc: Exception) -> None:
        self.banner.error(describe(exc))

    def set_case(self, case_id: int) -> None:
        self._case_id = case_id
        self.banner.clear_message()
        self.reload()

    def reload(self) -> None:
        if self._case_id is None:
            return
        try:
            self.state = cf.case_file_state(self.ctx.uow(read_only=True), case_kind=self.case_kind,
                                            case_id=self._case_id)
        except FactsError as exc:
            self.state = None
            self.summary.setText(describe(exc))
            self._enable(False, False)
            self.versions.setRowCount(0)
            return
        s = self.state
        if s.versions:
            last = s.versions[-1]
            self.summary.setText(self.tr("Stored: version %1 of %2, %3 pages, SHA-256 %4…").replace(
                "%1", str(last.version_no)).replace("%2", last.finalised_at.strftime("%Y-%m-%d %H:%M")).replace(
                "%3", str(last.pages)).replace("%4", last.sha256[:16]))
        elif s.closed:
            self.summary.setText(self.tr("The case is closed: finalise its case file to store it for the archive."))
        else:
            self.summary.setText(self.tr("A case file is made once the case is closed."))
        self._enable(s.closed, bool(s.versions))
        self.versions.setRowCount(len(s.versions))
        for r, v in enumerate(reversed(s.versions)):
            for c, value in enumerate([str(v.version_no), v.finalised_at.strftime("%Y-%m-%d %H:%M"), v.finalised_by,
                                       str(v.pages), v.sha256[:16] + "…", v.reason]):
                item = QTableWidgetItem(value)
                if c == 4:
                    item.setToolTip(v.sha256)  # the whole fingerprint, to compare with an export's manifest
                self.versions.setItem(r, c, item)
        if s.versions:
            self.versions.selectRow(0)

    def _enable(self, closed: bool, stored: bool) -> None:
        self.finalise_button.setEnabled(closed and not stored)
        self.preview_button.setEnabled(closed)
        self.new_version_button.setEnabled(closed and stored)
        for b in self.open_buttons:
            b.setEnabled(stored)

    def selected_version(self) -> int | None:
        if self.state is None or not self.state.versions:
            return None
        row = self.versions.currentRow()
        ordered = list(reversed(self.state.versions))
        return ordered[row].version_no if 0 <= row < len(ordered) else ordered[0].version_no

    def _name(self, version_no: int | None = None) -> str:
        no = self.state.case_no if self.state else "case"
        return f"{no}-卷宗" + (f"-v{version_no}" if version_no else "")

    # actions ----------------------------------------------------------------------------------------------
    def _background(self, key: str, fn: Callable[[], object], done: Callable[[object], None]) -> None:
        task = Task(fn, plain=True)
        task.signals.finished.connect(done)
        task.signals.failed.connect(self._failed)
        self.banner.info(self.tr("Building the case file…"))
        self.runner.start(key, task)

    def finalise(self) -> None:
        if self.state is None or not self.state.closed or self.state.versions:
            return
        ctx, kind, case_id = self.ctx, self.case_kind, self._case_id
        self._background("finalise", lambda: cf.finalise_case_file(ctx.uow(), case_kind=kind, case_id=case_id),
                         self._finalised)

    def _finalised(self, info: cf.CaseFileInfo) -> None:
        self.reload()
        self.banner.ok(self.tr("Case file finalised: version %1, %2 pages.").replace(
            "%1", str(info.version_no)).replace("%2", str(info.pages)))
        self.changed.emit()

    def preview(self) -> None:
        ctx, kind, case_id = self.ctx, self.case_kind, self._case_id
        self.docs.run(OPEN, lambda: cf.preview_case_file(ctx.uow(), case_kind=kind, case_id=case_id),
                      self._name() + "-preview")

    def stored_action(self, action: str) -> None:
        version = self.selected_version()
        if version is None:
            return
        ctx, kind, case_id = self.ctx, self.case_kind, self._case_id
        self.docs.run(action, lambda: cf.open_case_file(ctx.uow(), case_kind=kind, case_id=case_id,
                                                        version_no=version).data, self._name(version))

    def new_version(self) -> None:
        if self.state is None or not self.state.versions:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("New case file version"),
            self.tr("Why a new version? (Version %1 is kept.)").replace("%1", str(self.state.versions[-1].version_no)))
        if not ok:
            return
        if not reason.strip():
            self.banner.error(self.tr("Give the reason for the new version."))
            return
        ctx, kind, case_id = self.ctx, self.case_kind, self._case_id
        self._background("new_version", lambda: cf.new_case_file_version(ctx.uow(), case_kind=kind, case_id=case_id,
                                                                         reason=reason), self._finalised)


# --- batch export --------------------------------------------------------------------------------------------
