"""One case in full: the clock, the people, the timeline of every step, attachments, supervision notes and
extensions, the documents — and buttons for exactly the steps the signed-in user may take next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import petitions as pt
from desktop.services.errors import ServiceError
from desktop.services.permissions import Permission, can
from desktop.ui import route_map
from desktop.ui.calendar_texts import provisional_mark, provisional_tip
from desktop.ui.petitions import case_commands, case_pages, case_text
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.steps import STEPS, build_form
from desktop.ui.petitions.widgets import (
    ACTION,
    DOCUMENT,
    GENDER,
    KIND,
    STATUS,
    Banner,
    button,
    clock_style,
    fmt_date,
    fmt_datetime,
    label,
    shortcut,
    with_keys,
)

# the main steps get buttons; the rest go into the "More" menu
MAIN_ACTIONS = ("assign", "refuse", "object", "meet", "handle", "conclude", "follow_up", "decide_extension",
                "supervise", "request_review")
MORE_ACTIONS = ("request_extension", "hearing", "repeat_visit", "edit", "attach", "withdraw")


def _fill(table: QTableWidget, rows: list[list[str]], colours: list[str | None] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if colours and colours[r]:
                item.setBackground(QColor(colours[r]))
            table.setItem(r, c, item)
    table.resizeRowsToContents()


class CaseView(QWidget):
    back_requested = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.case: pt.CaseView | None = None
        role = ctx.actor.role
        self.may_reveal = role == "system" or can(role, Permission.REVEAL_PERSONAL_DATA)

        head = self._build_head()
        self._build_actions_bar()
        overview = case_pages.build_overview(self)
        timeline = case_pages.build_timeline(self)
        files = case_pages.build_files(self)
        sup = case_pages.build_supervision(self, role)
        docs = case_pages.build_documents(self, ctx)
        self._build_tabs(overview, timeline, files, sup, docs)
        split = self._build_split()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(self.actions_bar)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

    def _build_head(self) -> QHBoxLayout:
        """Back, the case number, its status, clock and six steps, Refresh."""
        back = button(self, self.tr("← Back"), self.back_requested.emit, "Escape", self.tr("Back to the list"))
        refresh = button(self, self.tr("Refresh"), self.reload, "F5")
        self.title = QLabel()
        self.title.setObjectName("case_title")
        font = QFont(self.title.font())
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_chip = QLabel()
        self.status_chip.setObjectName("status_chip")
        self.status_chip.setStyleSheet("QLabel { background: #e8eaed; border-radius: 4px; padding: 4px 10px; }")
        self.clock_chip = QLabel()
        self.clock_chip.setObjectName("clock_chip")
        head = QHBoxLayout()
        head.addWidget(back)
        head.addSpacing(8)
        head.addWidget(self.title)
        head.addWidget(self.status_chip)
        head.addWidget(self.clock_chip)
        self.steps_strip = QLabel()
        self.steps_strip.setObjectName("six_steps")
        self.steps_strip.setTextFormat(Qt.TextFormat.RichText)
        head.addSpacing(12)
        head.addWidget(self.steps_strip)
        head.addStretch(1)
        head.addWidget(refresh)
        return head

    def _build_actions_bar(self) -> None:
        """The row of step buttons and the More menu (filled by _show_actions), and the banner."""
        self.actions_bar = QHBoxLayout()
        self.more = QToolButton()
        self.more.setText(self.tr("More"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more)
        self.more.setMenu(self.more_menu)
        self.action_buttons: dict[str, QPushButton] = {}
        self._action_keys: list = []
        self.banner = Banner(self)
        self.banner.setObjectName("case_banner")

    def _build_tabs(self, overview: QWidget, timeline: QWidget, files: QWidget, sup: QWidget, docs: QWidget) -> None:
        """The tabs, each also on Ctrl+Alt+<n>."""
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.addTab(overview, self.tr("Overview"))
        self.tabs.addTab(timeline, self.tr("Timeline"))
        self.tabs.addTab(files, self.tr("Attachments"))
        self.tabs.addTab(sup, self.tr("Supervision and extensions"))
        self.tabs.addTab(docs, self.tr("Documents"))
        self.route_map = route_map.RouteMap(self.ctx, self)
        if route_map.may_see(self.ctx.actor.role):  # 一案一码: the matter's route, steps and deadlines
            self.tabs.addTab(self.route_map, route_map.title())
        for i in range(self.tabs.count()):
            self.tabs.setTabToolTip(i, f"{self.tabs.tabText(i)} (Ctrl+Alt+{i + 1})")
            shortcut(self, f"Ctrl+Alt+{i + 1}", lambda i=i: self.tabs.setCurrentIndex(i))

    def _build_split(self) -> QSplitter:
        """The tabs beside the statutory clock and the linked cases."""
        self.clock_form = QFormLayout()
        clock_box = QGroupBox(self.tr("Statutory clock"))
        clock_box.setLayout(self.clock_form)
        self.linked = QLabel()
        self.linked.setWordWrap(True)
        self.linked.setTextFormat(Qt.TextFormat.RichText)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(clock_box)
        side_layout.addWidget(self.linked)
        side_layout.addStretch(1)
        split = QSplitter()
        split.addWidget(self.tabs)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 330])
        return split

    # ------------------------------------------------------------ showing
    def set_case(self, case_id: int) -> None:
        self.banner.clear_message()
        self.tabs.setCurrentIndex(0)
        self._load(case_id)

    def reload(self) -> None:
        if self.case is not None:
            self._load(self.case.id)

    def _load(self, case_id: int) -> None:
        try:
            self.case = pt.get_case(self.ctx.uow(read_only=True), case_id=case_id)
        except ServiceError as exc:
            self.banner.error(describe(exc))
            return
        c = self.case
        self._show_head(c)
        self._show_actions(c)
        self.steps_strip.setText(case_text.six_steps(c))
        self._show_overview(c)
        self._show_tables(c)
        self.case_file.set_case(c.id)
        self._show_clock(c)
        if route_map.may_see(self.ctx.actor.role):
            self.route_map.show_case(petition_id=c.id)

    def _show_head(self, c: pt.CaseView) -> None:
        """The case number, its status and the clock chip."""
        self.title.setText(c.case_no)
        kind = "" if c.kind == "petition" else f" · {label(KIND, c.kind)}"
        self.status_chip.setText(label(STATUS, c.status) + kind)
        if c.due_on:
            self.clock_chip.setText(case_text.due_chip(c))
            self.clock_chip.setStyleSheet(clock_style(c.clock))
            provisional = "due_on" in c.provisional  # counted on a year without official holidays
            if provisional:
                self.clock_chip.setText(self.clock_chip.text() + " " + provisional_mark())
            self.clock_chip.setToolTip(provisional_tip(c.due_on) if provisional else "")
            self.clock_chip.show()
        else:
            self.clock_chip.hide()

    def _show_overview(self, c: pt.CaseView) -> None:
        """The Overview tab: petitioners, facts, content, requests and the reply."""
        _fill(self.people_table, [[p.name, label(GENDER, p.gender), fmt_date(p.birth_date), p.id_number_masked,
                                   p.phone_masked, p.address, p.village, p.grid] for p in c.people])
        self.people_table.resizeColumnsToContents()
        self.facts.setText(case_text.facts(c))
        self.content.setPlainText(c.content)
        self.requests.setPlainText(c.requests)
        self.reply_caption.setVisible(c.reply is not None)
        self.reply.setVisible(c.reply is not None)
        if c.reply is not None:
            self.reply.setPlainText(case_text.reply(c.reply))

    def _show_tables(self, c: pt.CaseView) -> None:
        """The timeline, attachments, supervision notes, extensions and documents."""
        _fill(self.timeline, [case_text.timeline_row(s) for s in c.steps])
        _fill(self.attachments, [[a.file_name, case_text.size(a.size), a.sha256[:16] + "…",
                                  fmt_datetime(a.uploaded_at), a.uploaded_by_name] for a in c.attachments])
        self.attach_button.setEnabled("attach" in c.actions)
        _fill(self.supervisions, [[fmt_datetime(s.created_at), s.created_by_name, s.department, s.note,
                                   fmt_date(s.due_on), case_text.supervision_answer(s)] for s in c.supervisions],
              ["#f8d0d0" if s.overdue else None for s in c.supervisions])
        self.answer_button.setEnabled(any(s.answered_at is None for s in c.supervisions))
        _fill(self.extensions, [[fmt_datetime(e.requested_at), e.requested_by_name, str(e.days), e.reason,
                                 case_text.extension_decision(e)] for e in c.extensions])
        _fill(self.documents, [[label(DOCUMENT, d.document), d.number, fmt_date(d.issued_on)] for d in c.documents])
        if c.documents:
            self.documents.selectRow(0)

    def _show_clock(self, c: pt.CaseView) -> None:
        """The statutory clock (provisional deadlines marked) and the linked cases."""
        while self.clock_form.rowCount():
            self.clock_form.removeRow(0)
        for caption, value in case_text.clock_rows(c):
            value_label = QLabel(value)
            if c.provisional and value.endswith(provisional_mark()):
                value_label.setObjectName("provisional_deadline")
                value_label.setToolTip(provisional_tip(c.due_on or c.conclude_due_on))
                value_label.setStyleSheet("color: #9a3412")
            self.clock_form.addRow(caption, value_label)
        self.linked.setText(case_text.links(c))

    def _show_actions(self, c: pt.CaseView) -> None:
        while self.actions_bar.count():
            item = self.actions_bar.takeAt(0)
            if item.widget() is not None and item.widget() is not self.more:
                item.widget().deleteLater()
        self.action_buttons.clear()
        self.more_menu.clear()
        for old in self._action_keys:  # the shortcuts of the previous case's buttons
            self.removeAction(old)
            old.deleteLater()
        self._action_keys = []
        for i, action in enumerate(a for a in MAIN_ACTIONS if a in c.actions):
            keys = f"Alt+{i + 1}"
            b = button(self, label(ACTION, action) + "…", lambda a=action: self.run_action(a))
            b.setToolTip(with_keys(label(ACTION, action), keys))
            self._action_keys.append(shortcut(self, keys, lambda a=action: self.run_action(a)))
            b.setObjectName(f"action_{action}")
            self.action_buttons[action] = b
            self.actions_bar.addWidget(b)
        more = [a for a in MORE_ACTIONS if a in c.actions]
        for action in more:
            self.more_menu.addAction(label(ACTION, action) + "…", lambda a=action: self.run_action(a))
        self.more.setVisible(bool(more))
        self.actions_bar.addWidget(self.more)
        self.actions_bar.addStretch(1)

    # ------------------------------------------------------------ documents
    def document_action(self, action: str) -> None:
        """Generate the selected document (receipt, notices, reply) and open, print or save it."""
        row = self.documents.currentRow()
        if self.case is None or not 0 <= row < len(self.case.documents):
            self.banner.error(self.tr("Select a document first."))
            return
        ref = self.case.documents[row]
        ctx, case_id = self.ctx, self.case.id
        self.doc_runner.run(action, lambda: pt.document_pdf(ctx.uow(read_only=True), case_id=case_id,
                                                                       document=ref.document),
                            f"{self.case.case_no}-{label(DOCUMENT, ref.document)}")

    # ------------------------------------------------------------ the steps
    def run_action(self, action: str) -> None:
        """Open the form of ``action``; the case reloads after a saved step."""
        c = self.case
        if c is None or action not in c.actions:
            return
        if action == "attach":
            self._attach()
            return
        dialog = build_form(self, action, c)
        if dialog.exec():
            self.banner.ok(self.tr("Saved: %1").replace("%1", label(ACTION, action)))
            self.reload()
        elif dialog.conflict:  # show what the other person saved; the form kept the user's input until closed
            self.reload()
            self.banner.error(self.tr("Someone else changed this case meanwhile; it shows their change now."))

    def _uow(self):
        return self.ctx.uow()

    def __getattr__(self, name: str):
        """``_form_<action>(case)``: the form of one step, declared in desktop/ui/petitions/steps.py."""
        if name.startswith("_form_") and name[len("_form_"):] in STEPS:
            return lambda c: build_form(self, name[len("_form_"):], c)
        raise AttributeError(name)

    # the commands besides the step forms (desktop/ui/petitions/case_commands.py)
    def _attach(self) -> None:
        case_commands.attach(self)

    def _save_attachment(self) -> None:
        case_commands.save_attachment(self)

    def _answer_supervision(self) -> None:
        case_commands.answer_supervision(self)

    def _reveal(self) -> None:
        case_commands.reveal(self)
