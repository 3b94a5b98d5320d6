"""The tab pages of the case view — Overview, Timeline, Attachments, Supervision and extensions, Documents —
built onto the CaseView: each function makes one page, keeps its tables and buttons as attributes of the
view (the view fills them per case) and returns the page.

The texts keep the translation context "CaseView" of the view they belong to."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.permissions import Permission, can
from desktop.ui.documents import OPEN, CaseFilePanel, DocumentRunner, action_buttons
from desktop.ui.petitions import case_commands
from desktop.ui.petitions.widgets import button
from desktop.ui.text import translator
from desktop.ui.widgets import read_only_table

_tr = translator("CaseView")


def _table(*headers: str) -> QTableWidget:
    return read_only_table([_tr(h) for h in headers], word_wrap=True)


def _readonly_text(height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setMinimumHeight(height)
    return edit


def _bold(text: str) -> QLabel:
    return QLabel(f"<b>{_tr(text)}</b>")


def _row_of_buttons(*buttons) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    return row


def build_overview(view) -> QWidget:
    """The Overview tab: petitioners, facts, content, requests and the written reply."""
    view.people_table = _table(
        QT_TRANSLATE_NOOP("CaseView", "Name"),
        QT_TRANSLATE_NOOP("CaseView", "Gender"),
        QT_TRANSLATE_NOOP("CaseView", "Born"),
        QT_TRANSLATE_NOOP("CaseView", "ID number"),
        QT_TRANSLATE_NOOP("CaseView", "Phone"),
        QT_TRANSLATE_NOOP("CaseView", "Address"),
        QT_TRANSLATE_NOOP("CaseView", "Village"),
        QT_TRANSLATE_NOOP("CaseView", "Grid"))
    view.people_table.setObjectName("people")
    view.people_table.setMaximumHeight(110)
    view.reveal = button(view, _tr(QT_TRANSLATE_NOOP("CaseView", "Show full ID number and phone…")), view._reveal,
                         tip=_tr(QT_TRANSLATE_NOOP("CaseView", "Shows the full numbers of the selected person; the "
                                                               "reveal is logged")))
    view.reveal.setVisible(view.may_reveal)
    view.facts = QLabel()
    view.facts.setWordWrap(True)
    view.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    view.content = _readonly_text(70)
    view.content.setMaximumHeight(130)
    view.requests = _readonly_text(44)
    view.requests.setMaximumHeight(70)
    view.reply = _readonly_text(70)
    view.reply.setMaximumHeight(130)
    overview = QWidget()
    ov = QVBoxLayout(overview)
    people_row = QHBoxLayout()
    people_row.addWidget(_bold(QT_TRANSLATE_NOOP("CaseView", "Petitioners")))
    people_row.addStretch(1)
    people_row.addWidget(view.reveal)
    ov.addLayout(people_row)
    ov.addWidget(view.people_table)
    ov.addWidget(view.facts)
    ov.addWidget(_bold(QT_TRANSLATE_NOOP("CaseView", "Content")))
    ov.addWidget(view.content)
    ov.addWidget(_bold(QT_TRANSLATE_NOOP("CaseView", "Requests")))
    ov.addWidget(view.requests)
    view.reply_caption = _bold(QT_TRANSLATE_NOOP("CaseView", "Written reply"))
    ov.addWidget(view.reply_caption)
    ov.addWidget(view.reply)
    ov.addStretch(1)
    return overview


def build_timeline(view) -> QTableWidget:
    """The Timeline tab: every step of the case."""
    view.timeline = _table(
        QT_TRANSLATE_NOOP("CaseView", "Time"),
        QT_TRANSLATE_NOOP("CaseView", "Step"),
        QT_TRANSLATE_NOOP("CaseView", "By"),
        QT_TRANSLATE_NOOP("CaseView", "Status"),
        QT_TRANSLATE_NOOP("CaseView", "What"))
    view.timeline.setObjectName("timeline")
    for i, w in enumerate((120, 150, 70, 170)):
        view.timeline.setColumnWidth(i, w)
    return view.timeline


def build_files(view) -> QWidget:
    """The Attachments tab."""
    view.attachments = _table(
        QT_TRANSLATE_NOOP("CaseView", "File"),
        QT_TRANSLATE_NOOP("CaseView", "Size"),
        QT_TRANSLATE_NOOP("CaseView", "Checksum (SHA-256)"),
        QT_TRANSLATE_NOOP("CaseView", "Added"),
        QT_TRANSLATE_NOOP("CaseView", "By"))
    view.attachments.setObjectName("attachments")
    view.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    save = button(view, _tr(QT_TRANSLATE_NOOP("CaseView", "Save a copy…")), lambda: case_commands.save_attachment(view))
    view.attach_button = button(view, _tr(QT_TRANSLATE_NOOP("CaseView", "Add attachment…")),
                                lambda: view.run_action("attach"))
    files = QWidget()
    fl = QVBoxLayout(files)
    fl.addWidget(view.attachments)
    fl.addLayout(_row_of_buttons(view.attach_button, save))
    return files


def build_supervision(view, role: str) -> QWidget:
    """The tab of supervision notes (督办) and deadline extensions."""
    view.supervisions = _table(
        QT_TRANSLATE_NOOP("CaseView", "Noted"),
        QT_TRANSLATE_NOOP("CaseView", "By"),
        QT_TRANSLATE_NOOP("CaseView", "Department"),
        QT_TRANSLATE_NOOP("CaseView", "To do"),
        QT_TRANSLATE_NOOP("CaseView", "Due"),
        QT_TRANSLATE_NOOP("CaseView", "Answer"))
    view.supervisions.setObjectName("supervisions")
    view.extensions = _table(
        QT_TRANSLATE_NOOP("CaseView", "Requested"),
        QT_TRANSLATE_NOOP("CaseView", "By"),
        QT_TRANSLATE_NOOP("CaseView", "Days"),
        QT_TRANSLATE_NOOP("CaseView", "Reason"),
        QT_TRANSLATE_NOOP("CaseView", "Decision"))
    view.extensions.setObjectName("extensions")
    view.answer_button = button(view, _tr(QT_TRANSLATE_NOOP("CaseView", "Answer the supervision note…")),
                                lambda: case_commands.answer_supervision(view))
    view.answer_button.setVisible(role == "system" or can(role, Permission.HANDLE_PETITION))
    sup = QWidget()
    sl = QVBoxLayout(sup)
    sl.addWidget(_bold(QT_TRANSLATE_NOOP("CaseView", "Supervision notes (督办)")))
    sl.addWidget(view.supervisions, 2)
    sl.addLayout(_row_of_buttons(view.answer_button))
    sl.addWidget(_bold(QT_TRANSLATE_NOOP("CaseView", "Deadline extensions")))
    sl.addWidget(view.extensions, 1)
    return sup


def build_documents(view, ctx) -> QWidget:
    """The Documents tab: the case's documents and its case file."""
    view.documents = _table(
        QT_TRANSLATE_NOOP("CaseView", "Document"),
        QT_TRANSLATE_NOOP("CaseView", "Number"),
        QT_TRANSLATE_NOOP("CaseView", "Date"))
    view.documents.setObjectName("documents")
    view.documents.setColumnWidth(0, 280)
    view.documents.setColumnWidth(1, 220)
    view.documents.doubleClicked.connect(lambda _i: view.document_action(OPEN))
    view.doc_runner = DocumentRunner(view)
    view.doc_runner.message.connect(lambda ok, text: (view.banner.ok if ok else view.banner.error)(text))
    view.doc_buttons = action_buttons(view, view.document_action)
    view.case_file = CaseFilePanel(ctx, "petition", view)
    docs = QWidget()
    dl = QVBoxLayout(docs)
    dl.addWidget(_bold(QT_TRANSLATE_NOOP("CaseView", "Documents of this case")))
    view.documents.setMaximumHeight(150)
    dl.addWidget(view.documents)
    dl.addLayout(_row_of_buttons(*view.doc_buttons))
    dl.addWidget(view.case_file, 1)
    return docs
