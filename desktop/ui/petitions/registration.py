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
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import people
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.errors import Invalid, ServiceError
from desktop.services.people import InvalidIdNumber, InvalidPhone, PersonInfo, PersonInput
from desktop.services.petitions import SOURCES, FinalDecision, PossibleRepeat
from desktop.ui.ops import Op
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import (
    KIND,
    REASON,
    SOURCE,
    STATUS,
    Banner,
    button,
    fmt_date,
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
        people_box = self._build_people()
        left = self._build_left(people_box)
        repeat_box = self._build_repeats()
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

    def _build_people(self) -> QGroupBox:
        """The person editor (look-up and fields) and the list of petitioners."""
        self.lookup = QLineEdit()
        self.lookup.setObjectName("lookup")
        self.lookup.setPlaceholderText(self.tr("ID number, phone or name — Enter looks it up"))
        self.lookup.returnPressed.connect(self.look_up)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id_number")
        self.id_number.setMaxLength(18)
        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.address = QLineEdit()
        self.village = QLineEdit()
        self.village.setObjectName("village")
        self.grid = QLineEdit()
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText(self.tr("only when speaking for an organisation"))
        add = button(self, self.tr("&Add petitioner"), self.add_petitioner, "Ctrl+Shift+A")
        clear = button(self, self.tr("Clear"), self._clear_person)
        person = QGridLayout()
        person.addWidget(QLabel(self.tr("Look up:")), 0, 0)
        person.addWidget(self.lookup, 0, 1, 1, 3)
        person.addWidget(button(self, self.tr("Look up"), self.look_up), 0, 4)
        for row, cells in enumerate([
            [(self.tr("Name:"), self.name), (self.tr("ID number:"), self.id_number)],
            [(self.tr("Phone:"), self.phone), (self.tr("Village / community:"), self.village)],
            [(self.tr("Address:"), self.address), (self.tr("Grid:"), self.grid)],
            [(self.tr("Organisation:"), self.organisation)],
        ], start=1):
            for col, (caption, widget) in enumerate(cells):
                person.addWidget(QLabel(caption), row, col * 2)
                person.addWidget(widget, row, col * 2 + 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(clear)
        buttons.addWidget(add)
        person.addLayout(buttons, 4, 2, 1, 3)
        self.list = QTableWidget(0, 4)
        self.list.setObjectName("petitioners")
        self.list.setHorizontalHeaderLabels([self.tr("Name"), self.tr("ID number"), self.tr("Phone"),
                                             self.tr("Village")])
        self.list.verticalHeader().setVisible(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list.setMaximumHeight(96)
        remove = button(self, self.tr("Remove"), self._remove_petitioner)
        people_box = QGroupBox(self.tr("Petitioners"))
        pl = QVBoxLayout(people_box)
        pl.addLayout(person)
        lr = QHBoxLayout()
        lr.addWidget(self.list, 1)
        lr.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        pl.addLayout(lr)
        return people_box

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

    def _build_repeats(self) -> QGroupBox:
        """The right side: cases of the same person or similar matters, and the reason for a new case."""
        self.repeats = QTableWidget(0, 4)
        self.repeats.setObjectName("repeats")
        self.repeats.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Status"), self.tr("Received"),
                                                self.tr("Why")])
        self.repeats.verticalHeader().setVisible(False)
        self.repeats.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.repeats.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.repeats.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.repeats.horizontalHeader().setStretchLastSection(True)
        for i, w in enumerate((150, 70, 80)):
            self.repeats.setColumnWidth(i, w)
        self.repeats.currentCellChanged.connect(lambda *_: self._show_candidate())
        self.candidate = QLabel()
        self.candidate.setObjectName("candidate")
        self.candidate.setWordWrap(True)
        self.candidate.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.candidate.setMinimumHeight(80)
        self.record_repeat = button(self, self.tr("Record a &repeat visit on this case"), self.record_repeat_visit,
                                    "Ctrl+R", self.tr("The same matter: record the visit on the selected case "
                                                      "instead of a new case"))
        self.record_repeat.setEnabled(False)
        self.reason = QLineEdit()
        self.reason.setObjectName("new_case_reason")
        self.reason.setPlaceholderText(self.tr("Why this is a new matter (needed when a case is in progress)"))
        repeat_box = QGroupBox(self.tr("Same person or similar matters"))
        rl = QVBoxLayout(repeat_box)
        self.repeat_hint = QLabel(self.tr("Cases of the same person and recent cases with similar content appear "
                                          "here while you type."))
        self.repeat_hint.setWordWrap(True)
        rl.addWidget(self.repeat_hint)
        rl.addWidget(self.repeats, 2)
        rl.addWidget(self.candidate, 1)
        rl.addWidget(self.record_repeat)
        rl.addWidget(QLabel(self.tr("Reason for a new case:")))
        rl.addWidget(self.reason)
        return repeat_box

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

    def look_up(self, quiet: bool = False) -> None:
        text = self.lookup.text().strip()
        if not text:
            return
        try:
            found = people.find_people(self.ctx.uow(read_only=True), text=text)
        except ServiceError as exc:
            self.banner.error(describe(exc))
            return
        if len(found) == 1:
            self._use_person(found[0])
        elif found and quiet:  # opening the dialog never pops a menu up by itself
            self.banner.info(self.tr("%1 people match: press Enter in Look up to choose.").replace(
                "%1", str(len(found))))
        elif found:
            menu = QMenu(self)
            for p in found:
                menu.addAction(f"{p.name}  {p.id_number_masked}  {p.phone_masked}  {p.village}",
                               lambda p=p: self._use_person(p))
            menu.exec(self.lookup.mapToGlobal(self.lookup.rect().bottomLeft()))
        elif not quiet:
            self.banner.info(self.tr("Nobody found: fill in the new person."))
            compact = text.replace(" ", "").replace("-", "")
            if len(compact) == 18:
                self.id_number.setText(compact)
            elif compact.isdigit():
                self.phone.setText(compact)
            else:
                self.name.setText(text)
            self.name.setFocus()

    def _use_person(self, p: PersonInfo) -> None:
        self._person_id, self._person_version = p.id, p.version
        self.name.setText(p.name)
        self.id_number.clear()
        self.id_number.setPlaceholderText(self.tr("%1 (stored)").replace("%1", p.id_number_masked)
                                          if p.has_id_number else "")
        self.phone.clear()
        self.phone.setPlaceholderText(self.tr("%1 (stored)").replace("%1", p.phone_masked) if p.phone_masked else "")
        self.address.setText(p.address)
        self.village.setText(p.village)
        self.grid.setText(p.grid)
        self.organisation.setText(p.organisation)
        self.banner.ok(self.tr("%1 found: check the details, then add the petitioner.").replace("%1", p.name))
        self._timer.start()

    def _clear_person(self) -> None:
        self._person_id = self._person_version = None
        for edit in (self.lookup, self.name, self.id_number, self.phone, self.address, self.village, self.grid,
                     self.organisation):
            edit.clear()
        self.id_number.setPlaceholderText("")
        self.phone.setPlaceholderText("")

    def _editor_person(self) -> PersonInput | None:
        name = self.name.text().strip()
        if not name:
            return None
        stored = self._person_id is not None
        return PersonInput(
            name=name, id_number=self.id_number.text().strip() or None,
            phone=self.phone.text().strip() or (None if stored else ""), address=self.address.text(),
            village=self.village.text(), grid=self.grid.text(), organisation=self.organisation.text(),
            person_id=self._person_id, version=self._person_version)

    def add_petitioner(self) -> bool:
        data = self._editor_person()
        if data is None:
            self.banner.error(describe(Invalid(field="name", reason="empty")))
            self.name.setFocus()
            return False
        try:  # the same checks as the service, before anything is sent
            if data.id_number:
                people.validate_id_number(data.id_number, today=self.ctx.clock.today())
            if data.phone:
                people.normalize_phone(data.phone)
        except (InvalidIdNumber, InvalidPhone) as exc:
            self.banner.error(describe(exc))
            (self.id_number if isinstance(exc, InvalidIdNumber) else self.phone).setFocus()
            return False
        self.petitioners.append(data)
        row = self.list.rowCount()
        self.list.insertRow(row)
        masked_id = people.mask_id(data.id_number) if data.id_number else self.id_number.placeholderText()
        masked_phone = people.mask_phone(people.normalize_phone(data.phone)) if data.phone else \
            self.phone.placeholderText()
        for col, value in enumerate((data.name, masked_id, masked_phone, data.village)):
            self.list.setItem(row, col, QTableWidgetItem(value))
        self._clear_person()
        self.banner.clear_message()
        self._timer.start()
        self.lookup.setFocus()
        return True

    def _remove_petitioner(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.petitioners):
            del self.petitioners[row]
            self.list.removeRow(row)
            self._timer.start()

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
        self.repeats.setRowCount(len(self.candidates))
        for r, c in enumerate(self.candidates):
            why = "、".join(label(REASON, x) for x in c.reasons)
            if "content" in c.reasons:
                why += f"（{c.similarity}%）"
            status = label(STATUS, c.status) + ("" if c.kind == "petition" else f"·{label(KIND, c.kind)}")
            for col, value in enumerate((c.case_no, status, fmt_date(c.received_at.date()), why)):
                item = QTableWidgetItem(value)
                if c.final:
                    item.setBackground(QColor("#e0e0e0"))
                elif c.in_progress:
                    item.setBackground(QColor("#fff1b8"))
                self.repeats.setItem(r, col, item)
        self.repeat_hint.setText(self.tr("%1 cases of the same person or with similar content.").replace(
            "%1", str(len(self.candidates))) if self.candidates else self.tr("No earlier case of this person or with "
                                                                               "similar content."))
        if self.candidates:
            self.repeats.selectRow(0)
        self._show_candidate()

    def _show_candidate(self) -> None:
        row = self.repeats.currentRow()
        c = self.candidates[row] if 0 <= row < len(self.candidates) else None
        self.record_repeat.setEnabled(c is not None and c.status not in ("not_accepted", "withdrawn"))
        if c is None:
            self.candidate.setText("")
            return
        final = self.tr("Settled by 复核: not accepted again.") if c.final else ""
        self.candidate.setText(f"<b>{c.petitioner_names}</b>　{c.category}<br>{c.content[:160]}<br>"
                               f"<span style='color:#a50e0e'>{final}</span>")

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
