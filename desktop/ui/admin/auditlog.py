"""The audit log (操作日志): every change, newest first, paged from the service, with filters and the
before/after values of the selected entry side by side."""

from __future__ import annotations

import datetime as dt
import json
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import audit, audit_chain
from desktop.ui.admin.common import make_action, table_view, with_shortcut, yes_no
from desktop.ui.messages import FIELDS, describe
from desktop.ui.tablemodel import Column, PagedTableModel
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.widgets import two_panes

# Record kinds (table names) and service labels. Areas add theirs; unknown ones show their code.
ENTITY_NAMES = {
    "center": QT_TRANSLATE_NOOP("Entities", "Center"),
    "queue_service": QT_TRANSLATE_NOOP("Entities", "Queue service"),
    "window": QT_TRANSLATE_NOOP("Entities", "Window"),
    "room": QT_TRANSLATE_NOOP("Entities", "Room"),
    "department": QT_TRANSLATE_NOOP("Entities", "Department"),
    "petition_category": QT_TRANSLATE_NOOP("Entities", "Petition category"),
    "dispute_type": QT_TRANSLATE_NOOP("Entities", "Dispute type"),
    "calendar_day": QT_TRANSLATE_NOOP("Entities", "Calendar day"),
    "setting": QT_TRANSLATE_NOOP("Entities", "Setting"),
    "user_account": QT_TRANSLATE_NOOP("Entities", "User account"),
    "user": QT_TRANSLATE_NOOP("Entities", "User account"),
    "calendar_year": QT_TRANSLATE_NOOP("Entities", "Calendar year"),
    "person": QT_TRANSLATE_NOOP("Entities", "Person"),
    "petition": QT_TRANSLATE_NOOP("Entities", "Petition"),
    "petition_party": QT_TRANSLATE_NOOP("Entities", "Petitioner"),
    "petition_reply": QT_TRANSLATE_NOOP("Entities", "Petition reply"),
    "petition_supervision": QT_TRANSLATE_NOOP("Entities", "Petition supervision"),
    "petition_extension": QT_TRANSLATE_NOOP("Entities", "Petition extension"),
    "petition_attachment": QT_TRANSLATE_NOOP("Entities", "Petition attachment"),
    "dispute": QT_TRANSLATE_NOOP("Entities", "Dispute"),
    "dispute_party": QT_TRANSLATE_NOOP("Entities", "Dispute party"),
    "dispute_mediator": QT_TRANSLATE_NOOP("Entities", "Mediator of a dispute"),
    "mediator": QT_TRANSLATE_NOOP("Entities", "Mediator"),
    "mediation_session": QT_TRANSLATE_NOOP("Entities", "Mediation session"),
    "mediation_follow_up": QT_TRANSLATE_NOOP("Entities", "Mediation follow-up visit"),
    "agreement": QT_TRANSLATE_NOOP("Entities", "Mediation agreement"),
    "agreement_term": QT_TRANSLATE_NOOP("Entities", "Agreement term"),
    "term_performance": QT_TRANSLATE_NOOP("Entities", "Performance of a term"),
    "judicial_confirmation": QT_TRANSLATE_NOOP("Entities", "Judicial confirmation"),
    "booking": QT_TRANSLATE_NOOP("Entities", "Room booking"),
    "booking_party": QT_TRANSLATE_NOOP("Entities", "Party of a booking"),
    "booking_mediator": QT_TRANSLATE_NOOP("Entities", "Mediator of a booking"),
    "queue_appointment": QT_TRANSLATE_NOOP("Entities", "Queue appointment"),
    "queue_follow_up": QT_TRANSLATE_NOOP("Entities", "Bad-rating follow-up"),
    "case_file_version": QT_TRANSLATE_NOOP("Entities", "Case file version"),
    "import_batch": QT_TRANSLATE_NOOP("Entities", "Work order import"),
    "imported_work_order": QT_TRANSLATE_NOOP("Entities", "Imported work order"),
    "category_synonym": QT_TRANSLATE_NOOP("Entities", "Category synonym"),
    "intake_layout": QT_TRANSLATE_NOOP("Entities", "Export layout"),
    "voice_clip": QT_TRANSLATE_NOOP("Entities", "Voice clip"),
    "data_key": QT_TRANSLATE_NOOP("Entities", "Personal data key"),
    "database": QT_TRANSLATE_NOOP("Entities", "Database"),
}
ACTION_NAMES = {
    "center.setup": QT_TRANSLATE_NOOP("Actions", "First-run setup"),
    "center.update": QT_TRANSLATE_NOOP("Actions", "Edit the center"),
    "service.save": QT_TRANSLATE_NOOP("Actions", "Save a queue service"),
    "window.save": QT_TRANSLATE_NOOP("Actions", "Save a window"),
    "room.save": QT_TRANSLATE_NOOP("Actions", "Save a room"),
    "department.save": QT_TRANSLATE_NOOP("Actions", "Save a department"),
    "category.save": QT_TRANSLATE_NOOP("Actions", "Save a petition category"),
    "dispute_type.save": QT_TRANSLATE_NOOP("Actions", "Save a dispute type"),
    "calendar.set_day": QT_TRANSLATE_NOOP("Actions", "Change a calendar day"),
    "calendar.import_official": QT_TRANSLATE_NOOP("Actions", "Import official holidays"),
    "calendar.set_range": QT_TRANSLATE_NOOP("Actions", "Change several calendar days"),
    "calendar.import_notice": QT_TRANSLATE_NOOP("Actions", "Import the State Council's holiday notice"),
    "calendar.confirm_year": QT_TRANSLATE_NOOP("Actions", "Confirm a calendar year as official"),
    "setting.update": QT_TRANSLATE_NOOP("Actions", "Change rules and limits"),
    "user.add": QT_TRANSLATE_NOOP("Actions", "Add a user"),
    "user.update": QT_TRANSLATE_NOOP("Actions", "Edit a user"),
    "user.reset_password": QT_TRANSLATE_NOOP("Actions", "Reset a password"),
    "user.change_password": QT_TRANSLATE_NOOP("Actions", "Change own password"),
    "user.unlock": QT_TRANSLATE_NOOP("Actions", "Unlock a user"),
    "user.login": QT_TRANSLATE_NOOP("Actions", "Sign in"),
    "user.login_failed": QT_TRANSLATE_NOOP("Actions", "Failed sign-in"),
    "session.lock": QT_TRANSLATE_NOOP("Actions", "Lock the screen"),
    "session.unlock": QT_TRANSLATE_NOOP("Actions", "Unlock the screen"),
    "session.unlock_failed": QT_TRANSLATE_NOOP("Actions", "Failed screen unlock"),
    "person.save": QT_TRANSLATE_NOOP("Actions", "Save a person"),
    "person.reveal": QT_TRANSLATE_NOOP("Actions", "Show a full ID or phone number"),
    # petitions (信访)
    "petition.register": QT_TRANSLATE_NOOP("Actions", "Register a petition"),
    "petition.assign": QT_TRANSLATE_NOOP("Actions", "Accept and assign a petition"),
    "petition.refuse": QT_TRANSLATE_NOOP("Actions", "Refuse a petition"),
    "petition.object": QT_TRANSLATE_NOOP("Actions", "Object to an assignment"),
    "petition.meet": QT_TRANSLATE_NOOP("Actions", "Record meeting the petitioner"),
    "petition.handle": QT_TRANSLATE_NOOP("Actions", "Record the handling"),
    "petition.conclude": QT_TRANSLATE_NOOP("Actions", "Conclude a petition"),
    "petition.follow_up": QT_TRANSLATE_NOOP("Actions", "Record a petition follow-up visit"),
    "petition.withdraw": QT_TRANSLATE_NOOP("Actions", "Withdraw a petition"),
    "petition.edit": QT_TRANSLATE_NOOP("Actions", "Edit a petition"),
    "petition.request_extension": QT_TRANSLATE_NOOP("Actions", "Request an extension"),
    "petition.decide_extension": QT_TRANSLATE_NOOP("Actions", "Decide on an extension"),
    "petition.hearing": QT_TRANSLATE_NOOP("Actions", "Record a hearing"),
    "petition.supervise": QT_TRANSLATE_NOOP("Actions", "Supervise a petition"),
    "petition.answer_supervision": QT_TRANSLATE_NOOP("Actions", "Answer a supervision"),
    "petition.request_review": QT_TRANSLATE_NOOP("Actions", "Request a review or recheck"),
    "petition.repeat_visit": QT_TRANSLATE_NOOP("Actions", "Record a repeat visit"),
    "petition.attach": QT_TRANSLATE_NOOP("Actions", "Add an attachment"),
    # mediation (人民调解)
    "mediator.enrol": QT_TRANSLATE_NOOP("Actions", "Enrol a mediator"),
    "mediator.save": QT_TRANSLATE_NOOP("Actions", "Save a mediator"),
    "dispute.register": QT_TRANSLATE_NOOP("Actions", "Register a dispute"),
    "dispute.update": QT_TRANSLATE_NOOP("Actions", "Edit a dispute"),
    "dispute.failed": QT_TRANSLATE_NOOP("Actions", "Close a dispute: mediation failed"),
    "dispute.terminated": QT_TRANSLATE_NOOP("Actions", "Close a dispute: mediation terminated"),
    "dispute.referred": QT_TRANSLATE_NOOP("Actions", "Close a dispute: referred elsewhere"),
    "dispute.print_registration": QT_TRANSLATE_NOOP("Actions", "Print a dispute registration form"),
    "session.record": QT_TRANSLATE_NOOP("Actions", "Record a mediation session"),
    "session.update": QT_TRANSLATE_NOOP("Actions", "Edit a mediation session record"),
    "agreement.draft": QT_TRANSLATE_NOOP("Actions", "Draft a mediation agreement"),
    "agreement.save": QT_TRANSLATE_NOOP("Actions", "Save an agreement draft"),
    "agreement.discard": QT_TRANSLATE_NOOP("Actions", "Discard an agreement draft"),
    "agreement.finalise": QT_TRANSLATE_NOOP("Actions", "Finalise a mediation agreement"),
    "agreement.sign": QT_TRANSLATE_NOOP("Actions", "Record the signing of an agreement"),
    "agreement.performance": QT_TRANSLATE_NOOP("Actions", "Record the performance of an agreement"),
    "agreement.print": QT_TRANSLATE_NOOP("Actions", "Print a mediation agreement"),
    "judicial.reminded": QT_TRANSLATE_NOOP("Actions", "Remind the parties of judicial confirmation"),
    "judicial.applied": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation applied for"),
    "judicial.confirmed": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation granted"),
    "judicial.rejected": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation rejected"),
    "judicial.declined": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation declined"),
    "mediation.follow_up": QT_TRANSLATE_NOOP("Actions", "Record a mediation follow-up visit"),
    "booking.add": QT_TRANSLATE_NOOP("Actions", "Book a room"),
    "booking.confirm": QT_TRANSLATE_NOOP("Actions", "Confirm a room booking"),
    "booking.reschedule": QT_TRANSLATE_NOOP("Actions", "Move a room booking"),
    "booking.cancel": QT_TRANSLATE_NOOP("Actions", "Cancel a room booking"),
    "booking.no_show": QT_TRANSLATE_NOOP("Actions", "Parties did not come to a booking"),
    "booking.override_hours": QT_TRANSLATE_NOOP("Actions", "Book outside opening hours"),
    # case files (卷宗)
    "case_file.preview": QT_TRANSLATE_NOOP("Actions", "Preview a case file"),
    "case_file.finalise": QT_TRANSLATE_NOOP("Actions", "Finalise a case file"),
    "case_file.new_version": QT_TRANSLATE_NOOP("Actions", "Make a new case file version"),
    "case_file.open": QT_TRANSLATE_NOOP("Actions", "Open a stored case file"),
    "case_file.export": QT_TRANSLATE_NOOP("Actions", "Export case files"),
    # the queue
    "appointment.book": QT_TRANSLATE_NOOP("Actions", "Book a queue appointment"),
    "appointment.cancel": QT_TRANSLATE_NOOP("Actions", "Cancel a queue appointment"),
    "appointment.check_in": QT_TRANSLATE_NOOP("Actions", "Check in an appointment"),
    "queue.follow_up.open": QT_TRANSLATE_NOOP("Actions", "Open a bad-rating follow-up"),
    "queue.follow_up.answer": QT_TRANSLATE_NOOP("Actions", "Answer a bad-rating follow-up"),
    # 12345 and grid work orders
    "intake.import": QT_TRANSLATE_NOOP("Actions", "Import work orders"),
    "intake.update": QT_TRANSLATE_NOOP("Actions", "Update from an imported work order"),
    "intake.synonym": QT_TRANSLATE_NOOP("Actions", "Save a category synonym"),
    "intake.export_layout": QT_TRANSLATE_NOOP("Actions", "Save an export layout"),
    "intake.export": QT_TRANSLATE_NOOP("Actions", "Export handling results"),
    # the center's PCs, keys and backups
    "user.add_first_admin": QT_TRANSLATE_NOOP("Actions", "Add the first administrator"),
    "voice.clip": QT_TRANSLATE_NOOP("Actions", "Record a voice clip"),
    "voice.clip.delete": QT_TRANSLATE_NOOP("Actions", "Delete a voice clip"),
    "voice.import": QT_TRANSLATE_NOOP("Actions", "Import a voice pack"),
    "voice.settings": QT_TRANSLATE_NOOP("Actions", "Change the hall voice settings"),
    "printer.settings": QT_TRANSLATE_NOOP("Actions", "Change the ticket printer settings"),
    "data_key.enter": QT_TRANSLATE_NOOP("Actions", "Enter the personal data key"),
    "data_key.recovery_sheet": QT_TRANSLATE_NOOP("Actions", "Print the key recovery sheet"),
    "database.backup": QT_TRANSLATE_NOOP("Actions", "Back up the database"),
    "database.restore": QT_TRANSLATE_NOOP("Actions", "Restore the database"),
}
UNLABELLED = QT_TRANSLATE_NOOP("Actions", "%1 %2")  # operation, kind of record: 「修改信访事项」
OTHER_ACTION = QT_TRANSLATE_NOOP("Actions", "Other operation")
OPERATIONS = {
    "insert": QT_TRANSLATE_NOOP("Operations", "Added"),
    "update": QT_TRANSLATE_NOOP("Operations", "Changed"),
    "delete": QT_TRANSLATE_NOOP("Operations", "Removed"),
    "event": QT_TRANSLATE_NOOP("Operations", "Event"),
}
# Column names in the before/after pane, beyond those messages.FIELDS already names.
AUDIT_FIELDS = {
    "id": QT_TRANSLATE_NOOP("Fields", "Record ID"),
    "active": QT_TRANSLATE_NOOP("Fields", "Active"),
    "day": QT_TRANSLATE_NOOP("Fields", "Date"),
    "is_workday": QT_TRANSLATE_NOOP("Fields", "Working day"),
    "key": QT_TRANSLATE_NOOP("Fields", "Setting"),
    "value": QT_TRANSLATE_NOOP("Fields", "Value"),
    "window_id": QT_TRANSLATE_NOOP("Fields", "Window (record ID)"),
    "password_hash": QT_TRANSLATE_NOOP("Fields", "Password (hidden)"),
    "failed_logins": QT_TRANSLATE_NOOP("Fields", "Failed sign-ins"),
    "locked_until": QT_TRANSLATE_NOOP("Fields", "Locked until"),
    "last_login_at": QT_TRANSLATE_NOOP("Fields", "Last sign-in"),
    "created_at": QT_TRANSLATE_NOOP("Fields", "Created at"),
}
CHANGED_BG = "#fff4c2"
ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def entity_name(entity: str) -> str:
    return QCoreApplication.translate("Entities", ENTITY_NAMES[entity]) if entity in ENTITY_NAMES else entity


def action_name(action: str) -> str:
    """The operation in words. A change no service labelled is logged as ``<table>.<operation>``
    (desktop.models.audit): it reads as the operation and the kind of record (「修改信访事项」)."""
    if action in ACTION_NAMES:
        return QCoreApplication.translate("Actions", ACTION_NAMES[action])
    entity, _dot, operation = action.rpartition(".")
    if operation in OPERATIONS and entity:
        return QCoreApplication.translate("Actions", UNLABELLED).replace("%1", operation_name(operation)).replace(
            "%2", entity_name(entity))
    return QCoreApplication.translate("Actions", OTHER_ACTION)


# the names the command line and background work write (desktop.db.Actor.system)
SYSTEM_ACTORS = {
    "system": QT_TRANSLATE_NOOP("AuditScreen", "System"),
    "backup": QT_TRANSLATE_NOOP("AuditScreen", "System (backup)"),
    "demo": QT_TRANSLATE_NOOP("AuditScreen", "System (demo data)"),
    "key enter": QT_TRANSLATE_NOOP("AuditScreen", "System (entering the data key)"),
}


def actor_label(name: str) -> str:
    """Who did it: the account name, or 「系统」 for the system itself."""
    return QCoreApplication.translate("AuditScreen", SYSTEM_ACTORS[name]) if name in SYSTEM_ACTORS else name


def operation_name(operation: str) -> str:
    return QCoreApplication.translate("Operations", OPERATIONS.get(operation, operation))


def field_name(key: str) -> str:
    source = AUDIT_FIELDS.get(key) or FIELDS.get(key)
    return QCoreApplication.translate("Fields", source) if source else key


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and ISO_DATETIME.match(value):  # the log stores times as ISO 8601
        return value.replace("T", " ", 1)
    return str(value)


def detail_rows(entry) -> list[tuple[str, str, str, bool]]:
    """(field, before, after, changed) for each value the entry carries."""
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        changed = entry.operation == "update" and old != new
        rows.append((key, _value(old), _value(new), changed))
    return rows


class AuditScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        today = ctx.clock.now().date()
        # --- filters
        self.since = QDateEdit(QDate(today.year, today.month, today.day).addDays(-30))
        self.since.setObjectName("since")
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        self.until.setObjectName("until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.user = QComboBox()
        self.user.setObjectName("user")
        self.user.setMinimumWidth(110)
        self.entity = QComboBox()
        self.entity.setObjectName("entity")
        self.entity.setMinimumWidth(130)
        self.text = QLineEdit()
        self.text.setObjectName("text")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("Record ID"))
        self.text.setToolTip(with_shortcut(self.tr("Shows the entries of one record: type its ID"), "Ctrl+F"))
        self.clear_button = QPushButton(self.tr("&Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        self.count = QLabel()
        self.count.setObjectName("count")
        # the hash chain (desktop.services.audit_chain): checked in the background on request
        self.chain_status = QLabel()
        self.chain_status.setObjectName("chain_status")
        self.chain_status.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("&Verify the log"))
        self.verify_button.setObjectName("verify_chain")
        self.verify_button.setToolTip(self.tr("Check that no entry was changed, removed or inserted behind "
                                              "the application's back"))
        self.verify_button.clicked.connect(self.verify_chain)
        self.runner = TaskRunner(self)
        filters = QHBoxLayout()
        for label, widget in ((self.tr("&From:"), self.since), (self.tr("&To:"), self.until),
                              (self.tr("&User:"), self.user), (self.tr("&Record:"), self.entity),
                              (self.tr("Te&xt:"), self.text)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1 if widget is self.text else 0)
        filters.addWidget(self.clear_button)
        make_action(self, "Ctrl+F", self.text.setFocus)
        self._filling = False
        self._filter = audit.AuditFilter()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _: self._debounce.start())
        self.text.returnPressed.connect(self.apply_filters)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _: self._filling or self.apply_filters())
        self._filling = False
        self.user.currentIndexChanged.connect(lambda _: self._filling or self.apply_filters())
        self.entity.currentIndexChanged.connect(lambda _: self._filling or self.apply_filters())

        # --- list
        self.model = PagedTableModel(
            [Column(self.tr("Time"), lambda e: e.at.strftime("%Y-%m-%d %H:%M:%S")),
             Column(self.tr("User"), lambda e: actor_label(e.actor_name)),
             Column(self.tr("Action"), lambda e: action_name(e.action), tooltip=lambda e: e.action),
             Column(self.tr("Operation"), lambda e: operation_name(e.operation)),
             Column(self.tr("Record"), lambda e: entity_name(e.entity), tooltip=lambda e: e.entity),
             Column(self.tr("ID"), lambda e: e.entity_id)],
            self._fetch, page_size=200, parent=self)
        self.view = table_view(self.model)
        self.view.setObjectName("audit_list")
        for i, width in enumerate((145, 80, 130, 50, 90)):
            self.view.setColumnWidth(i, width)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _: self.show_entry(current.row()))

        # --- detail
        self.detail_title = QLabel()
        self.detail_title.setObjectName("detail_title")
        self.detail_title.setWordWrap(True)
        self.detail = PagedTableModel(
            [Column(self.tr("Field"), lambda r: field_name(r[0]), tooltip=lambda r: r[0]),
             Column(self.tr("Before"), lambda r: r[1], background=lambda r: CHANGED_BG if r[3] else None,
                    tooltip=lambda r: r[1] or None),
             Column(self.tr("After"), lambda r: r[2], background=lambda r: CHANGED_BG if r[3] else None,
                    tooltip=lambda r: r[2] or None)],
            lambda *_: [], parent=self)
        self.detail_view = table_view(self.detail)
        self.detail_view.setObjectName("audit_detail")
        header = self.detail_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        detail_panel = QWidget()
        detail_layout = QVBoxLayout(detail_panel)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_view)

        self.primary = self.view  # takes the focus when the tab opens
        splitter = two_panes(self.view, detail_panel, (3, 2))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.chain_status, 1)
        bottom.addWidget(self.verify_button)
        layout.addLayout(bottom)
        self.show_entry(-1)

    # --- data
    def current_filter(self) -> audit.AuditFilter:
        since, until = self.since.date(), self.until.date()
        return audit.AuditFilter(
            since=dt.datetime(since.year(), since.month(), since.day()),
            until=dt.datetime(until.year(), until.month(), until.day()) + dt.timedelta(days=1),
            actor=self.user.currentData() or "", entity=self.entity.currentData() or "",
            text=self.text.text().strip())

    def _fetch(self, offset, limit, _key, _descending):
        return audit.list_audit(self.ctx.uow(read_only=True), self._filter, offset=offset, limit=limit)

    def refresh(self) -> None:
        """Reload the filter choices and the list (the newest entries first)."""
        self._filling = True
        try:
            for combo, values, everything, label in (
                    (self.user, audit.audit_actors(self.ctx.uow(read_only=True)), self.tr("All users"),
                     actor_label),
                    (self.entity, audit.audit_entities(self.ctx.uow(read_only=True)), self.tr("All records"),
                     entity_name)):
                chosen = combo.currentData()
                combo.clear()
                combo.addItem(everything, "")
                for value in values:
                    combo.addItem(label(value), value)
                combo.setCurrentIndex(max(0, combo.findData(chosen)))
        finally:
            self._filling = False
        self.apply_filters()

    def apply_filters(self) -> None:
        self._debounce.stop()
        self._filter = self.current_filter()
        self.model.reload()
        total = audit.count_audit(self.ctx.uow(read_only=True), self._filter)
        self.count.setText(self.tr("%1 entries").replace("%1", str(total)))
        if self.model.rowCount():
            self.view.selectRow(0)
        else:
            self.show_entry(-1)

    def clear_filters(self) -> None:
        self._filling = True
        today = self.ctx.clock.now().date()
        self.since.setDate(QDate(today.year, today.month, today.day).addDays(-30))
        self.until.setDate(QDate(today.year, today.month, today.day))
        self.user.setCurrentIndex(0)
        self.entity.setCurrentIndex(0)
        self.text.clear()
        self._filling = False
        self.apply_filters()

    def verify_chain(self) -> None:
        ctx = self.ctx
        self.verify_button.setEnabled(False)
        self.chain_status.setStyleSheet("")
        self.chain_status.setText(self.tr("Checking every entry of the log…"))
        task = Task(lambda: audit_chain.verify_chain(ctx.uow(read_only=True)), plain=True)
        task.signals.finished.connect(self._chain_checked)
        task.signals.failed.connect(self._chain_failed)
        self.runner.start("verify", task)

    def _chain_checked(self, report) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.chain_status.setStyleSheet("color: #1b5e20;")
            self.chain_status.setText(self.tr("The log is intact: %1 entries, none changed, removed or inserted "
                                              "(the chain ends at position %2).").replace("%1", str(report.entries))
                                      .replace("%2", str(report.head_seq)))
            return
        self.chain_status.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.chain_status.setText(self.chain_problem_text(report.problem))

    def chain_problem_text(self, p) -> str:
        entry = self.tr("entry #%1 (%2, %3)").replace("%1", str(p.entry_id)).replace(
            "%2", p.at.strftime("%Y-%m-%d %H:%M:%S") if p.at else "—").replace("%3", action_name(p.action))
        if p.kind == audit_chain.CHANGED:
            text = self.tr("The log was tampered with: %1 was changed after it was written.")
        elif p.kind == audit_chain.INSERTED:
            text = self.tr("The log was tampered with: %1 was inserted out of order, not by OneStop.")
        elif p.kind == audit_chain.REWRITTEN:
            text = self.tr("The log was tampered with: it was rewritten up to %1.")
        elif p.entry_id is not None:
            text = self.tr("The log was tampered with: %2 entries were removed just before %1.")
        else:
            text = self.tr("The log was tampered with: its last %2 entries were removed.")
        count = (p.missing_to - p.missing_from + 1) if p.missing_from is not None else 0
        return text.replace("%1", entry).replace("%2", str(count))

    def _chain_failed(self, exc) -> None:
        self.verify_button.setEnabled(True)
        self.chain_status.setStyleSheet("color: #b71c1c;")
        self.chain_status.setText(describe(exc))

    def show_entry(self, row: int) -> None:
        entry = self.model.row_at(row)
        if entry is None:
            self.detail_title.setText(self.tr("Select an entry to see its values before and after."))
            self.detail.set_rows([])
            return
        self.detail_title.setText("<b>" + self.tr("#%1 %2 — %3 %4 by %5 at %6").replace(
            "%1", str(entry.id)).replace("%2", action_name(entry.action)).replace(
            "%3", entity_name(entry.entity)).replace("%4", entry.entity_id).replace(
            "%5", actor_label(entry.actor_name) or "—").replace("%6", entry.at.strftime("%Y-%m-%d %H:%M:%S")) + "</b>")
        self.detail.set_rows(detail_rows(entry))
