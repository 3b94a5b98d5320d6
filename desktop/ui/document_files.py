"""The files of documents on this PC: the name a document is written under, writing it beside the data for the
viewer or the printer, opening it in the system's program (and telling whether one opened), the clipboard,
"save as", and a file that could not be written, in words. Printing is desktop.ui.documents."""

from __future__ import annotations

import errno
import logging
import mimetypes
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop import config, fileperms
from desktop.ui.text import translator

log = logging.getLogger("desktop.ui.documents")  # the name the log had before these moved here

_t = translator("Documents")


def safe_name(name: str) -> str:
    return re.sub(r"[^\w\-（）()]+", "_", name).strip("_") or "document"


def write_for_viewer(data: bytes, name: str) -> Path:
    """Write a document beside the data (…/print/<name>.pdf) for the viewer or the printer to read."""
    folder = fileperms.private_dir(config.data_dir() / "print")
    path = fileperms.write_private(folder / f"{safe_name(name)}.pdf", data)
    log.info("document written: %s", path)
    return path


def _handler_known(path: Path) -> bool:
    """Whether the desktop has a program for ``path`` (a file by its type, or a folder). Qt's openUrl only
    says that xdg-open could be started: on a Linux desktop without a PDF viewer it still answers yes and
    nothing opens, so the handler is looked up the way xdg-open looks it up."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    xdg_mime = shutil.which("xdg-mime")
    if xdg_mime is None:
        return True  # no way to ask: trust openUrl
    mime = "inode/directory" if path.is_dir() else (mimetypes.guess_type(path.name)[0] or "")
    if not mime:
        return True
    try:
        out = subprocess.run([xdg_mime, "query", "default", mime], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return True
    return bool(out.stdout.strip())


def open_file(path: str | Path) -> bool:
    """Ask the system to open a file (or a folder) in its program; False when nothing will open it."""
    path = Path(path)
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return False
    return _handler_known(path)


def copy_to_clipboard(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)


def opened_message(path: str, opened: bool) -> str:
    """What the screen says after asking to open ``path``: where it is in both cases; without a viewer the path
    is put on the clipboard, so it can be pasted into a file manager or a mail."""
    if opened:
        return _t(QT_TRANSLATE_NOOP("Documents", "Opened %1 in the PDF viewer. The file is %2")).replace(
            "%1", Path(path).name).replace("%2", path)
    copy_to_clipboard(path)
    return _t(QT_TRANSLATE_NOOP("Documents", "No PDF viewer could be started on this computer. The document is "
                                             "saved as %1 (the path is on the clipboard).")).replace("%1", path)


WRITE_PROBLEMS = {
    errno.ENOSPC: QT_TRANSLATE_NOOP("Documents", "the disk is full"),
    errno.EACCES: QT_TRANSLATE_NOOP("Documents", "there is no permission to write there"),
    errno.EPERM: QT_TRANSLATE_NOOP("Documents", "there is no permission to write there"),
    errno.EROFS: QT_TRANSLATE_NOOP("Documents", "the disk is read-only"),
}


def write_problem(exc: OSError) -> str:
    """A file that could not be written, in words."""
    if exc.errno in WRITE_PROBLEMS:
        reason = _t(WRITE_PROBLEMS[exc.errno])
    else:
        reason = _t(QT_TRANSLATE_NOOP("Documents", "system error %1")).replace("%1", str(exc.errno or ""))
    return _t(QT_TRANSLATE_NOOP("Documents", "The document could not be written: %1.")).replace("%1", reason)


def save_pdf_as(parent: QWidget | None, data: bytes, name: str) -> str | None:
    """Ask where to save and write the file there (temporary name, then renamed). None: the user cancelled."""
    start = str(Path(_SaveFolder.folder()) / f"{safe_name(name)}.pdf")
    path, _ = QFileDialog.getSaveFileName(parent, _t(QT_TRANSLATE_NOOP("Documents", "Save document as")), start,
                                          _t(QT_TRANSLATE_NOOP("Documents", "PDF files (*.pdf)")))
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    fileperms.write_private(path, data)
    return path


class _SaveFolder:
    """Where save dialogs start: the last folder used in this session, else the home folder."""

    last: str | None = None

    @classmethod
    def folder(cls) -> str:
        return cls.last or str(Path.home())


def describe(exc: Exception) -> str:
    from desktop.ui import messages

    return messages.describe(exc)
