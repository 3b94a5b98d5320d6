"""One case in full: the clock, the people, the timeline of every step, attachments, supervision notes and
extensions, the documents — and buttons for exactly the steps the signed-in user may take next."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import fileperms
from desktop.services import people
from desktop.services import petitions as pt
from desktop.services.errors import ServiceError
from desktop.services.permissions import Permission, can
from desktop.services.petitions import SIX_STEPS
from desktop.services.petitions import documents as petition_docs
from desktop.ui.calendar_texts import RULES, provisional_mark, provisional_tip
from desktop.ui.calendar_texts import label as calendar_label
from desktop.ui.documents import OPEN, CaseFilePanel, DocumentRunner, action_buttons
from desktop.ui.ops import Op
from desktop.ui.petitions.dialogs import FormDialog
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.steps import STEPS, build_form
from desktop.ui.petitions.widgets import (
    ACTION,
    DOCUMENT,
    DUE_KIND,
    GENDER,
    KIND,
    METHOD,
    SOURCE,
    STATUS,
    Banner,
    button,
    clock_style,
    clock_text,
    fmt_date,
    fmt_datetime,
    label,
    shortcut,
    t,
    with_keys,
)
from desktop.ui.petitions.widgets import (
    SATISFACTION as SATISFACTION_LABELS,
)
from desktop.ui.widgets import read_only_table

# the main steps get buttons; the rest go into the "More" menu
MAIN_ACTIONS = ("assign", "refuse", "object", "meet", "handle", "conclude", "follow_up", "decide_extension",
                "supervise", "request_review")
MORE_ACTIONS = ("request_extension", "hearing", "repeat_visit", "edit", "attach", "withdraw")
SIX = dict(zip(SIX_STEPS, "接转见办结访", strict=True))


def _table(headers: list[str]) -> QTableWidget:
    return read_only_table(headers, word_wrap=True)


def _readonly_text(height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setReadOnly(True)
    edit.setMinimumHeight(height)
    return edit


def _fill(table: QTableWidget, rows: list[list[str]], colours: list[str | None] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if colours and colours[r]:
                item.setBackground(QColor(colours[r]))
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _bold(text: str) -> QLabel:
    return QLabel(f"<b>{text}</b>")


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
        overview = self._build_overview()
        self._build_timeline()
        files = self._build_files()
        sup = self._build_supervision(role)
        docs = self._build_documents(ctx)
        self._build_tabs(overview, files, sup, docs)
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

    def _build_overview(self) -> QWidget:
        """The Overview tab: petitioners, facts, content, requests and the written reply."""
        self.people_table = _table([self.tr("Name"), self.tr("Gender"), self.tr("Born"), self.tr("ID number"),
                                    self.tr("Phone"), self.tr("Address"), self.tr("Village"), self.tr("Grid")])
        self.people_table.setObjectName("people")
        self.people_table.setMaximumHeight(110)
        self.reveal = button(self, self.tr("Show full ID number and phone…"), self._reveal,
                             tip=self.tr("Shows the full numbers of the selected person; the reveal is logged"))
        self.reveal.setVisible(self.may_reveal)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.content = _readonly_text(70)
        self.content.setMaximumHeight(130)
        self.requests = _readonly_text(44)
        self.requests.setMaximumHeight(70)
        self.reply = _readonly_text(70)
        self.reply.setMaximumHeight(130)
        overview = QWidget()
        ov = QVBoxLayout(overview)
        people_row = QHBoxLayout()
        people_row.addWidget(_bold(self.tr("Petitioners")))
        people_row.addStretch(1)
        people_row.addWidget(self.reveal)
        ov.addLayout(people_row)
        ov.addWidget(self.people_table)
        ov.addWidget(self.facts)
        ov.addWidget(_bold(self.tr("Content")))
        ov.addWidget(self.content)
        ov.addWidget(_bold(self.tr("Requests")))
        ov.addWidget(self.requests)
        self.reply_caption = _bold(self.tr("Written reply"))
        ov.addWidget(self.reply_caption)
        ov.addWidget(self.reply)
        ov.addStretch(1)
        return overview

    def _build_timeline(self) -> None:
        """The Timeline tab: every step of the case."""
        self.timeline = _table([self.tr("Time"), self.tr("Step"), self.tr("By"), self.tr("Status"), self.tr("What")])
        self.timeline.setObjectName("timeline")
        for i, w in enumerate((120, 150, 70, 170)):
            self.timeline.setColumnWidth(i, w)

    def _build_files(self) -> QWidget:
        """The Attachments tab."""
        self.attachments = _table([self.tr("File"), self.tr("Size"), self.tr("Checksum (SHA-256)"), self.tr("Added"),
                                   self.tr("By")])
        self.attachments.setObjectName("attachments")
        self.attachments.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        save = button(self, self.tr("Save a copy…"), self._save_attachment)
        attach = button(self, self.tr("Add attachment…"), lambda: self.run_action("attach"))
        self.attach_button = attach
        files = QWidget()
        fl = QVBoxLayout(files)
        fl.addWidget(self.attachments)
        fr = QHBoxLayout()
        fr.addStretch(1)
        fr.addWidget(attach)
        fr.addWidget(save)
        fl.addLayout(fr)
        return files

    def _build_supervision(self, role: str) -> QWidget:
        """The tab of supervision notes (督办) and deadline extensions."""
        self.supervisions = _table([self.tr("Noted"), self.tr("By"), self.tr("Department"), self.tr("To do"),
                                    self.tr("Due"), self.tr("Answer")])
        self.supervisions.setObjectName("supervisions")
        self.extensions = _table([self.tr("Requested"), self.tr("By"), self.tr("Days"), self.tr("Reason"),
                                  self.tr("Decision")])
        self.extensions.setObjectName("extensions")
        self.answer_button = button(self, self.tr("Answer the supervision note…"), self._answer_supervision)
        self.answer_button.setVisible(role == "system" or can(role, Permission.HANDLE_PETITION))
        sup = QWidget()
        sl = QVBoxLayout(sup)
        sl.addWidget(_bold(self.tr("Supervision notes (督办)")))
        sl.addWidget(self.supervisions, 2)
        ar = QHBoxLayout()
        ar.addStretch(1)
        ar.addWidget(self.answer_button)
        sl.addLayout(ar)
        sl.addWidget(_bold(self.tr("Deadline extensions")))
        sl.addWidget(self.extensions, 1)
        return sup

    def _build_documents(self, ctx) -> QWidget:
        """The Documents tab: the case's documents and its case file."""
        self.documents = _table([self.tr("Document"), self.tr("Number"), self.tr("Date")])
        self.documents.setObjectName("documents")
        self.documents.setColumnWidth(0, 280)
        self.documents.setColumnWidth(1, 220)
        self.documents.doubleClicked.connect(lambda _i: self.document_action(OPEN))
        self.doc_runner = DocumentRunner(self)
        self.doc_runner.message.connect(lambda ok, text: (self.banner.ok if ok else self.banner.error)(text))
        self.doc_buttons = action_buttons(self, self.document_action)
        self.case_file = CaseFilePanel(ctx, "petition", self)
        docs = QWidget()
        dl = QVBoxLayout(docs)
        dl.addWidget(_bold(self.tr("Documents of this case")))
        self.documents.setMaximumHeight(150)
        dl.addWidget(self.documents)
        dr = QHBoxLayout()
        dr.addStretch(1)
        for b in self.doc_buttons:
            dr.addWidget(b)
        dl.addLayout(dr)
        dl.addWidget(self.case_file, 1)
        return docs

    def _build_tabs(self, overview: QWidget, files: QWidget, sup: QWidget, docs: QWidget) -> None:
        """The tabs, each also on Ctrl+Alt+<n>."""
        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.tabs.addTab(overview, self.tr("Overview"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(files, self.tr("Attachments"))
        self.tabs.addTab(sup, self.tr("Supervision and extensions"))
        self.tabs.addTab(docs, self.tr("Documents"))
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
            self.case = pt.get_case(self.ctx.uow(read_only=True), case_id)
        except ServiceError as exc:
            self.banner.error(describe(exc))
            return
        c = self.case
        self._show_head(c)
        self._show_actions(c)
        self.steps_strip.setText(self._six_steps(c))
        self._show_overview(c)
        self._show_tables(c)
        self.case_file.set_case(c.id)
        self._show_clock(c)

    def _show_head(self, c: pt.CaseView) -> None:
        """The case number, its status and the clock chip."""
        self.title.setText(c.case_no)
        kind = "" if c.kind == "petition" else f" · {label(KIND, c.kind)}"
        self.status_chip.setText(label(STATUS, c.status) + kind)
        if c.due_on:
            self.clock_chip.setText(self.tr("%1 due %2 — %3").replace("%1", label(DUE_KIND, c.due_kind)).replace(
                "%2", fmt_date(c.due_on)).replace("%3", clock_text(c.clock, c.days_left)))
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
        facts = [
            (self.tr("Source"), label(SOURCE, c.source)),
            (self.tr("Category"), f"{c.domain}／{c.category}"),
            (self.tr("Received"), f"{fmt_datetime(c.received_at)}（{c.registered_by}）"),
            (self.tr("Query code"), c.query_code),
            (self.tr("Department"), c.department or "—"),
            (self.tr("Handler"), c.handler or "—"),
        ]
        if c.ticket_number:  # the ticket as staff know it (A064), never its database id
            facts.append((self.tr("Queue ticket"), c.ticket_number))
        if c.repeat_count:
            facts.append((self.tr("Repeat visits"), str(c.repeat_count)))
        if c.satisfaction:
            facts.append((self.tr("Satisfaction"), label(SATISFACTION_LABELS, c.satisfaction)))
        if c.new_case_reason:
            facts.append((self.tr("Why a new case"), c.new_case_reason))
        if c.final:
            facts.append((self.tr("Final"), self.tr("settled by 复核: the same matter is not accepted again")))
        self.facts.setText("　".join(f"<b>{k}：</b>{v}" for k, v in facts))
        self.content.setPlainText(c.content)
        self.requests.setPlainText(c.requests)
        self.reply_caption.setVisible(c.reply is not None)
        self.reply.setVisible(c.reply is not None)
        if c.reply is not None:
            decisions = "\n".join(f"{i}. {d.request} —— {d.decision}" for i, d in enumerate(c.reply.decisions, 1))
            facts, basis = self.tr("Facts"), self.tr("Basis")
            self.reply.setPlainText(f"{facts}：{c.reply.facts}\n{basis}：{c.reply.basis}\n{decisions}\n"
                                    f"{c.reply.issuing_body}　{fmt_date(c.reply.issued_on)}")

    def _show_tables(self, c: pt.CaseView) -> None:
        """The timeline, attachments, supervision notes, extensions and documents."""
        _fill(self.timeline, [[fmt_datetime(s.at), self._step_name(s.action), s.actor_name, self._status_change(s),
                               self._step_text(s)] for s in c.steps])
        _fill(self.attachments, [[a.file_name, self._size(a.size), a.sha256[:16] + "…", fmt_datetime(a.uploaded_at),
                                  a.uploaded_by_name] for a in c.attachments])
        self.attach_button.setEnabled("attach" in c.actions)
        _fill(self.supervisions, [[fmt_datetime(s.created_at), s.created_by_name, s.department, s.note,
                                   fmt_date(s.due_on), f"{s.answer}（{s.answered_by_name} {fmt_datetime(s.answered_at)}）"
                                   if s.answered_at else self.tr("not answered yet")] for s in c.supervisions],
              ["#f8d0d0" if s.overdue else None for s in c.supervisions])
        self.answer_button.setEnabled(any(s.answered_at is None for s in c.supervisions))
        _fill(self.extensions, [[fmt_datetime(e.requested_at), e.requested_by_name, str(e.days), e.reason,
                                 self._extension_decision(e)] for e in c.extensions])
        _fill(self.documents, [[label(DOCUMENT, d.document), d.number, fmt_date(d.issued_on)] for d in c.documents])
        if c.documents:
            self.documents.selectRow(0)

    def _show_clock(self, c: pt.CaseView) -> None:
        while self.clock_form.rowCount():
            self.clock_form.removeRow(0)
        rows = [(self.tr("Received"), fmt_date(c.received_at.date()))]
        if c.accept_due_on:
            done = self.tr("accepted %1").replace("%1", fmt_date(c.accepted_on)) if c.accepted_on else \
                self.tr("not yet")
            rows.append((self.tr("Tell whether accepted by"), f"{fmt_date(c.accept_due_on)}（{done}）"
                         + self._mark(c, "accept_due_on")))
        if c.objection_due_on:
            rows.append((self.tr("Objection possible until"), fmt_date(c.objection_due_on)
                         + self._mark(c, "objection_due_on")))
        if c.conclude_due_on:
            extra = []
            if c.extended_days:
                extra.append(self.tr("+%1 d extension").replace("%1", str(c.extended_days)))
            if c.hearing_days:
                extra.append(self.tr("+%1 d hearing").replace("%1", str(c.hearing_days)))
            rows.append((self.tr("Conclude by"), fmt_date(c.conclude_due_on) + (f"（{'，'.join(extra)}）" if extra
                                                                                else "")
                         + self._mark(c, "conclude_due_on")))
        if c.replied_on:
            rows.append((self.tr("Replied"), fmt_date(c.replied_on)))
        if c.remedy_due_on:
            rows.append((self.tr("Review may be requested until"), fmt_date(c.remedy_due_on)))
        if c.follow_up_due_on and c.status == "concluded":
            rows.append((self.tr("Follow up by"), fmt_date(c.follow_up_due_on)))
        if c.closed_on:
            rows.append((self.tr("Closed"), fmt_date(c.closed_on)))
        for caption, value in rows:
            value_label = QLabel(value)
            if c.provisional and value.endswith(provisional_mark()):
                value_label.setObjectName("provisional_deadline")
                value_label.setToolTip(provisional_tip(c.due_on or c.conclude_due_on))
                value_label.setStyleSheet("color: #9a3412")
            self.clock_form.addRow(caption, value_label)
        links = []
        if c.parent:
            links.append(self.tr("Reviews case %1 (%2)").replace("%1", c.parent.case_no).replace(
                "%2", label(STATUS, c.parent.status)))
        for child in c.children:
            links.append(self.tr("%1: case %2 (%3)").replace("%1", label(KIND, child.kind)).replace(
                "%2", child.case_no).replace("%3", label(STATUS, child.status)))
        self.linked.setText("<br>".join(links))

    def _six_steps(self, c: pt.CaseView) -> str:
        """接 转 见 办 结 访: done ones green, the next one outlined; a closed-early case shows where it ended."""
        done = {s.action for s in c.steps}
        parts, current = [], True
        for action in SIX_STEPS:
            char = SIX[action]
            if action in done:
                parts.append(f"<span style='background:#1e7b34;color:white;padding:2px 6px'>&nbsp;{char}&nbsp;</span>")
            elif current and c.status not in ("not_accepted", "withdrawn", "closed"):
                parts.append(f"<span style='border:1px solid #1e7b34;color:#1e7b34'>&nbsp;{char}&nbsp;</span>")
                current = False
            else:
                parts.append(f"<span style='color:#9aa0a6'>&nbsp;{char}&nbsp;</span>")
        return " ".join(parts)

    @staticmethod
    def _mark(c: pt.CaseView, field: str) -> str:
        return " " + provisional_mark() if field in c.provisional else ""

    def _step_name(self, action: str) -> str:
        return label(ACTION, action)

    def _status_change(self, s: pt.StepInfo) -> str:
        if s.from_status == s.to_status:
            return label(STATUS, s.to_status)
        return f"{label(STATUS, s.from_status) or '—'} → {label(STATUS, s.to_status)}"

    def _step_text(self, s: pt.StepInfo) -> str:
        d = s.detail or {}
        parts = [s.note] if s.note else []
        if s.action == "assign":
            parts.insert(0, self.tr("to %1").replace("%1", d.get("department", "")))
        elif s.action == "meet":
            parts.insert(0, f"{d.get('met_on', '')} {d.get('place', '')}".strip())
        elif s.action == "request_extension":
            parts.insert(0, self.tr("%1 days").replace("%1", str(d.get("days", ""))))
        elif s.action == "decide_extension":
            verdict = self.tr("approved") if d.get("approved") else self.tr("refused")
            days = self.tr("%1 days").replace("%1", str(d.get("days", "")))
            parts.insert(0, f"{verdict} {days}")
        elif s.action == "follow_up":
            parts.insert(0, f"{label(SATISFACTION_LABELS, d.get('satisfaction'))} · {label(METHOD, d.get('method'))}")
        elif s.action == "repeat_visit":
            parts.insert(0, label(SOURCE, d.get("source")))
        elif s.action == "request_review":
            parts.insert(0, f"{label(KIND, d.get('kind'))} {d.get('case_no', '')}")
        elif s.action == "supervise":
            parts.insert(0, self.tr("due %1").replace("%1", d.get("due_on", "")))
        elif s.action == "recompute":
            parts.insert(0, f"{calendar_label(RULES, d.get('rule', ''))} {d.get('old', '')} → {d.get('new', '')}")
        elif s.action == "refuse" and d.get("basis"):
            parts.append(d["basis"])
        return "；".join(p for p in parts if p)

    def _extension_decision(self, e: pt.ExtensionInfo) -> str:
        if e.status == "pending":
            return self.tr("waiting for the director")
        if e.status == "lapsed":
            return self.tr("lapsed")
        verdict = self.tr("approved") if e.status == "approved" else self.tr("refused")
        return f"{verdict}（{e.decided_by_name} {fmt_datetime(e.decided_at)}）{e.decision_note}"

    @staticmethod
    def _size(size: int) -> str:
        return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"

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
        self.doc_runner.run(action, lambda: petition_docs.document_pdf(ctx.uow(read_only=True), case_id=case_id,
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

    def _attach(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add attachments"))
        for path in paths:
            attach = Op(self, self.ctx, lambda uow, path=path: pt.add_attachment(
                uow, case_id=self.case.id,
                attachment=pt.AttachmentInput(Path(path).name, Path(path).read_bytes(), _mime(path))),
                area="petitions", catch=(ServiceError, OSError))
            if not attach.failure(lambda exc: show_error(self, exc)).run().ok:
                break
        self.reload()

    def _save_attachment(self) -> None:
        row = self.attachments.currentRow()
        if self.case is None or not 0 <= row < len(self.case.attachments):
            return
        a = self.case.attachments[row]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy"), a.file_name)
        if not path:
            return
        Op(self, self.ctx, lambda uow: fileperms.write_private(path, pt.attachment_content(uow, attachment_id=a.id).data),
           read_only=True, catch=(ServiceError, OSError)).failure(lambda exc: show_error(self, exc)).run()

    def _answer_supervision(self) -> None:
        open_notes = [s for s in (self.case.supervisions if self.case else ()) if s.answered_at is None]
        if not open_notes:
            return
        note = open_notes[0]
        d = FormDialog(label(ACTION, "answer_supervision"), lambda v: pt.answer_supervision(
            self._uow(), supervision_id=note.id, answer=v["answer"]), self,
            intro=f"{note.created_by_name}：{note.note}（{fmt_date(note.due_on)}）")
        d.add_text("answer", self.tr("What the department did"), height=90)
        if d.exec():
            self.reload()

    def _reveal(self) -> None:
        row = self.people_table.currentRow()
        if self.case is None or not 0 <= row < len(self.case.people):
            QMessageBox.information(self, self.tr("Show full numbers"), self.tr("Select a person first."))
            return
        person = self.case.people[row]
        # each number is revealed (and audited) in its own unit of work, so Op opens none (ctx None)
        outcome = Op(self, None, lambda: (
            people.reveal_person(self._uow(), person_id=person.id, field="id_number"),
            people.reveal_person(self._uow(), person_id=person.id, field="phone"))).failure(
            lambda exc: show_error(self, exc)).run()
        if not outcome.ok:
            return
        id_number, phone = outcome.value
        QMessageBox.information(self, self.tr("Show full numbers"), self.tr(
            "%1\nID number: %2\nPhone: %3\n\nThis reveal has been written to the audit log.").replace(
            "%1", person.name).replace("%2", id_number or "—").replace("%3", phone or "—"))


def show_error(parent, exc: Exception) -> None:
    QMessageBox.warning(parent, t(QT_TRANSLATE_NOOP("Petitions", "Petitions")), describe(exc))


def _mime(path: str) -> str:
    import mimetypes

    return mimetypes.guess_type(path)[0] or "application/octet-stream"
