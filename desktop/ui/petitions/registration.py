"""Registration (接) of a petition: directly, or from a queue ticket (pre-filled with the visitor).

Looking a person up by ID number, phone or name fills the form (stored numbers stay masked and are kept
unless retyped). While the clerk types, the right-hand side lists cases of the same person and cases with
similar content; when the same matter is still in progress the clerk records a repeat visit on that case
instead — a new case then needs a stated reason (the service insists too).

The queue's clerk panel opens ``RegistrationDialog(ctx, parent, ticket=...)`` with a dict or any object that
has some of: ``id``/``ticket_id``, ``number``, ``service_letter``, ``service_name``, ``visitor_name``/``name``,
``phone``, ``id_number``, ``village``, ``address`` (the queue's ``TicketInfo`` is such an object; read through
desktop/ui/ticket_handoff.py, shared with the dispute registration). After
``exec()``, ``case`` holds the registered case (RegisteredCase) or ``repeat``
the repeat visit recorded instead (RepeatVisit); both None when cancelled.

The petitioners' part of the form lives in registration_people.py, the right-hand side of possible repeats in
registration_repeats.py.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.errors import ServiceError
from desktop.services.people import PersonInput
from desktop.services.petitions import SOURCES, FinalDecision, PossibleRepeat
from desktop.ui.ops import Op
from desktop.ui.petitions import registration_people, registration_repeats
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import (
    SOURCE,
    Banner,
    button,
    label,
    shortcut,
)
from desktop.ui.ticket_handoff import TicketHandoff


class RegistrationDialog(QDialog):
    def __init__(self, ctx, parent=None, ticket=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case: pt.RegisteredCase | None = None
        self.repeat: pt.RepeatVisit | None = None
        ticket = TicketHandoff.of(ticket)
        self.ticket_id = ticket.ticket_id if ticket is not None else None
        self.petitioners: list[PersonInput] = []
        self.candidates: list[pt.RepeatCandidate] = []
        self.files: list[pt.AttachmentInput] = []
        self._person_id: int | None = None
        self._person_version: int | None = None
        self.setWindowTitle(self.tr("Register a petition (接)"))
        self.resize(1280, 700)

        self._build_what(ctx)
        people_box = registration_people.build_people(self)
        left = self._build_left(people_box)
        repeat_box = registration_repeats.build_repeats(self)
        bottom = self._build_bottom()

        body = QHBoxLayout()
        left_widget = QWidget()
        left_widget.setLayout(left)
        body.addWidget(left_widget, 3)
        body.addWidget(repeat_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh_repeats)
        for edit in (self.name, self.id_number, self.phone, self.village):
            edit.textChanged.connect(lambda _t: self._timer.start())
        self.content.textChanged.connect(self._timer.start)
        if ticket is not None:
            self._prefill(ticket)
        self.lookup.setFocus()

    def _build_what(self, ctx) -> None:
        """The source, and the category chosen by its domain first."""
        self.source = QComboBox()
        self.source.setObjectName("source")
        for key in SOURCES:
            self.source.addItem(label(SOURCE, key), key)
        categories = center.list_categories(ctx.uow(read_only=True), active_only=True)
        self._children = {c.id: [x for x in categories if x.parent_id == c.id] for c in categories if c.parent_id is None}
        self.domain = QComboBox()
        self.domain.setObjectName("domain")
        for c in categories:
            if c.parent_id is None:
                self.domain.addItem(c.name, c.id)
        self.category = QComboBox()
        self.category.setObjectName("category")
        # nothing preselected: the clerk chooses the domain, then the category (a default gets saved unread)
        self.domain.setPlaceholderText(self.tr("Choose the domain"))
        self.domain.setCurrentIndex(-1)
        self.domain.setMinimumWidth(110)
        self.category.setPlaceholderText(self.tr("Choose the domain first"))
        self.domain.currentIndexChanged.connect(self._fill_categories)
        self._fill_categories()

    def _build_left(self, people_box: QGroupBox) -> QVBoxLayout:
        """The left side: source and category, petitioners, content, requests and attachments."""
        self.content = QPlainTextEdit()
        self.content.setObjectName("content")
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(self.tr("What happened, where, since when — in the petitioner's words"))
        self.requests = QPlainTextEdit()
        self.requests.setObjectName("requests")
        self.requests.setTabChangesFocus(True)
        self.requests.setPlaceholderText(self.tr("One request per line"))
        self.requests.setMaximumHeight(60)
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachments")
        self.attachments.setMaximumHeight(48)
        add_files = button(self, self.tr("Add files…"), self._add_files)
        drop_file = button(self, self.tr("Remove file"), self._remove_file)

        what = QGridLayout()
        what.addWidget(QLabel(self.tr("Source:")), 0, 0)
        what.addWidget(self.source, 0, 1)
        what.addWidget(QLabel(self.tr("Category:")), 0, 2)
        cat = QHBoxLayout()
        cat.addWidget(self.domain)
        cat.addWidget(self.category, 1)
        what.addLayout(cat, 0, 3)
        what.setColumnStretch(3, 1)
        left = QVBoxLayout()
        left.addLayout(what)
        left.addWidget(people_box)
        left.addWidget(QLabel(self.tr("Content:")))
        left.addWidget(self.content, 2)
        left.addWidget(QLabel(self.tr("Requests:")))
        left.addWidget(self.requests)
        files_row = QHBoxLayout()
        files_row.addWidget(QLabel(self.tr("Attachments:")))
        files_row.addWidget(self.attachments, 1)
        files_col = QVBoxLayout()
        files_col.addWidget(add_files)
        files_col.addWidget(drop_file)
        files_row.addLayout(files_col)
        left.addLayout(files_row)
        return left

    def _build_bottom(self) -> QHBoxLayout:
        """The banner, Register and Cancel."""
        self.banner = Banner(self)
        self.register_button = QPushButton(self.tr("Register"))
        self.register_button.setObjectName("register")
        self.register_button.setDefault(False)
        self.register_button.setAutoDefault(False)
        self.register_button.setToolTip(self.tr("Register the petition (Ctrl+Enter)"))
        self.register_button.clicked.connect(self.register)
        shortcut(self, "Ctrl+Return", self.register)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.banner, 1)
        bottom.addWidget(self.register_button)
        bottom.addWidget(cancel)
        return bottom

    # ------------------------------------------------------------ the form
    def _fill_categories(self) -> None:
        self.category.clear()
        for c in self._children.get(self.domain.currentData(), []):
            self.category.addItem(c.name, c.id)
        self.category.setCurrentIndex(-1)
        self.category.setPlaceholderText(self.tr("Choose the category") if self.domain.currentIndex() >= 0 else
                                         self.tr("Choose the domain first"))

    def _category_chosen(self) -> bool:
        if self.category.currentData() is not None:
            return True
        self.banner.error(self.tr("Choose the category of the matter: its domain first, then the category."))
        (self.domain if self.domain.currentIndex() < 0 else self.category).setFocus()
        return False

    def _prefill(self, ticket: TicketHandoff) -> None:
        self.source.setCurrentIndex(self.source.findData("visit"))
        self.name.setText(ticket.visitor_name or "")
        self.phone.setText(ticket.phone or "")
        self.id_number.setText(ticket.id_number or "")
        self.village.setText(ticket.village or "")
        self.address.setText(ticket.address or "")
        number = ticket.number
        if number:  # the queue's TicketInfo: its number and service, never its database id
            service = ticket.service
            if service:
                title, note = self.tr("Ticket %1 (%2)"), self.tr("Visitor of ticket %1 (%2).")
            else:
                title, note = self.tr("Ticket %1"), self.tr("Visitor of ticket %1.")
            self.setWindowTitle(f"{self.windowTitle()} — {title.replace('%1', str(number)).replace('%2', service)}")
            self.banner.info(note.replace("%1", str(number)).replace("%2", service))
        known = self.id_number.text().strip() or self.phone.text().strip()
        if known:
            self.lookup.setText(known)
            self.look_up(quiet=True)
        self._timer.start()

    # the petitioners (desktop/ui/petitions/registration_people.py)
    def look_up(self, quiet: bool = False) -> None:
        registration_people.look_up(self, quiet)

    def _editor_person(self) -> PersonInput | None:
        return registration_people.editor_person(self)

    def add_petitioner(self) -> bool:
        return registration_people.add_petitioner(self)

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add attachments"))
        for path in paths:
            self.add_file(path)

    def add_file(self, path: str) -> None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.banner.error(str(exc))
            return
        self.files.append(pt.AttachmentInput(Path(path).name, data,
                                             mimetypes.guess_type(path)[0] or "application/octet-stream"))
        self.attachments.addItem(f"{Path(path).name}（{max(1, round(len(data) / 1024))} KB）")

    def _remove_file(self) -> None:
        row = self.attachments.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self.attachments.takeItem(row)

    def _all_people(self) -> list[PersonInput]:
        editor = self._editor_person()
        return self.petitioners + ([editor] if editor else [])

    # ------------------------------------------------------------ repeats
    def refresh_repeats(self) -> None:
        self._timer.stop()
        try:
            self.candidates = pt.find_repeats(self.ctx.uow(read_only=True), petitioners=self._all_people(),
                                              content=self.content.toPlainText())
        except ServiceError as exc:
            self.banner.error(describe(exc))
            return
        registration_repeats.show_repeats(self, self.candidates)

    def record_repeat_visit(self) -> None:
        row = self.repeats.currentRow()
        if not 0 <= row < len(self.candidates):
            return
        c = self.candidates[row]
        outcome = Op(self, self.ctx, lambda uow: pt.record_repeat_visit(
            uow, case_id=c.id, source=self.source.currentData(), note=self.content.toPlainText().strip()[:2000],
            ticket_id=self.ticket_id), area="petitions").failure(lambda exc: self.banner.error(describe(exc))).run()
        if not outcome.ok:
            return
        self.repeat = outcome.value
        self.reject()  # no new case; ``repeat`` tells the caller what was recorded

    # ------------------------------------------------------------ saving
    def register(self) -> None:
        if self._editor_person() is not None and not self.add_petitioner():
            return
        if not self._category_chosen():
            return
        outcome = Op(self, self.ctx, lambda uow: pt.register_petition(
            uow, source=self.source.currentData(), petitioners=list(self.petitioners),
            category_id=self.category.currentData(), content=self.content.toPlainText(),
            requests=self.requests.toPlainText(), attachments=list(self.files), ticket_id=self.ticket_id,
            new_case_reason=self.reason.text()), area="petitions").failure(self._refused).run()
        if not outcome.ok:
            return
        self.case = outcome.value
        self.accept()

    def _refused(self, exc: Exception) -> None:
        """A refused registration: a possible repeat or a closed case shows the candidates again; a
        possible repeat also asks for the reason for a new case."""
        if isinstance(exc, (PossibleRepeat, FinalDecision)):
            self.refresh_repeats()
        self.banner.error(describe(exc))
        if isinstance(exc, PossibleRepeat):
            self.reason.setFocus()
