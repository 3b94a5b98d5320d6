"""The light form of a window matter (件件有登记), opened from the clerk panel (Ctrl+M) with the current ticket:
the person (optional: look-up, name, ID number, phone), the service, 事项摘要 and 办理结果, then 「办结」
(registered and concluded at once), 「登记并转交…」 (registered, then handed over) or 「登记」 (registered, stays
with this window). The matter is linked to the visit's ticket. While the clerk types, the same person's open
matters of any kind with a like summary are shown; saving with such a warning asks for a second press. A refusal
is said in the form, which stays open with everything typed.

After ``exec()``: ``saved`` is (matter id, code) or None; ``concluded`` and ``hand_over_next`` say which button."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.services import matters
from desktop.services.matters import SimilarMatter
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.person_fields import PersonFields
from desktop.ui.queue.person_history import PersonHistoryDialog
from desktop.ui.ticket_handoff import TicketHandoff
from desktop.ui.widgets import Banner, button

WARN_STYLE = "QLabel { color: #7a4b00; background: #fff4d6; border: 1px solid #f1d48a; padding: 6px; }"


def _text(name: str, placeholder: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(height)
    return edit


class MatterDialog(QDialog):
    def __init__(self, ctx, parent=None, ticket=None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket = TicketHandoff.of(ticket)
        self.ticket_id = self.ticket.ticket_id if self.ticket is not None else None
        self.saved: tuple[int, str] | None = None
        self.concluded = self.hand_over_next = False
        self.similar: list[SimilarMatter] = []
        self._warned: tuple | None = None  # what was typed when the warning was shown
        self.setWindowTitle(self.tr("Register a matter"))
        self.resize(760, 620)
        self.person = PersonFields(ctx, self)
        self.person.said.connect(self._said)
        self.service = QComboBox()
        self.service.setObjectName("service")
        for name in matters.SERVICES:
            self.service.addItem(name, name)
        self.service.setPlaceholderText(self.tr("Choose the service"))
        self.service.setCurrentIndex(-1)
        self.summary = _text("summary", self.tr("What the visitor asked for, in a few sentences"), 90)
        self.outcome = _text("outcome", self.tr("What was done or answered (optional)"), 60)
        self.warning = QLabel()
        self.warning.setObjectName("similar")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARN_STYLE)
        self.warning.hide()
        self.banner = Banner(self)
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh_similar)
        self.summary.textChanged.connect(self._timer.start)
        self.person.changed.connect(self._timer.start)
        if self.ticket is not None:
            self._prefill(self.ticket)
        (self.service if self.ticket is not None else self.person.lookup).setFocus()

    def _build(self) -> None:
        who = QGroupBox(self.tr("Visitor (optional)"))
        QVBoxLayout(who).addWidget(self.person)
        what = QGridLayout()
        for row, (caption, widget) in enumerate(((self.tr("&Service:"), self.service),
                                                 (self.tr("Su&mmary:"), self.summary),
                                                 (self.tr("&Outcome:"), self.outcome))):
            label = QLabel(caption)
            label.setBuddy(widget)
            what.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            what.addWidget(widget, row, 1)
        what.setColumnStretch(1, 1)
        history = button(self, self.tr("All matters of this &person"), self.open_history, "Ctrl+H",
                         self.tr("Every matter of the person: window matters, petitions, disputes"), name="history")
        history.setAutoDefault(False)  # Enter in the look-up looks the person up, it opens nothing
        self.done_button = self._button("done", self.tr("Conclude"), "Ctrl+Return",
                                        self.tr("Register and conclude at once: answered at the window"),
                                        lambda: self.save(done=True))
        self.handover_button = self._button("register_hand_over", self.tr("Register and hand over…"), "Ctrl+T",
                                            self.tr("Register, then hand over to a window, department or mediator"),
                                            lambda: self.save(hand_over=True))
        self.register_button = self._button("register", self.tr("Register"), "Ctrl+S",
                                            self.tr("Register: the matter stays with this window"), self.save)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(history)
        buttons.addStretch(1)
        for b in (self.done_button, self.handover_button, self.register_button, cancel):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(what, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)

    def _button(self, name: str, text: str, keys: str, tip: str, slot) -> QPushButton:
        b = button(self, text, slot, keys, tip, name=name)
        b.setAutoDefault(False)
        return b

    def _prefill(self, t: TicketHandoff) -> None:
        self.person.name.setText(t.visitor_name or "")
        self.person.phone.setText(t.phone or "")
        self.person.id_number.setText(t.id_number or "")
        if t.number:
            self.setWindowTitle(self.tr("Register a matter — ticket %1").replace("%1", str(t.number)))
            self.banner.info(self.tr("The matter is linked to ticket %1 (%2).").replace("%1", str(t.number)).replace(
                "%2", t.service))

    def _said(self, kind: str, text: str) -> None:
        {"ok": self.banner.ok, "error": self.banner.error}.get(kind, self.banner.info)(text)

    # ------------------------------------------------------------ the same person's similar matters
    def _typed(self) -> tuple:
        p = self.person.value()
        return (self.summary.toPlainText().strip(), p)

    def refresh_similar(self) -> None:
        self._timer.stop()
        summary, person = self._typed()
        pid = self.person.person_id
        if not summary or (pid is None and person is None):
            self.similar = []
        else:
            found = ops.Op(self, self.ctx, lambda uow: matters.similar_open_matters(
                uow, person_id=pid, summary=summary, person=person), read_only=True).failure(lambda _exc: None).run()
            self.similar = found.value if found.ok else []  # a typo in a number only hides the warning
        self.warning.setText("<br>".join(s.reason for s in self.similar[:4]))
        self.warning.setVisible(bool(self.similar))

    # ------------------------------------------------------------ saving
    def save(self, done: bool = False, hand_over: bool = False) -> None:
        if self.service.currentData() is None:
            self.banner.error(self.tr("Choose the service of the matter."))
            self.service.setFocus()
            return
        self.refresh_similar()
        if self.similar and self._warned != self._typed():
            self._warned = self._typed()
            self.banner.error(self.tr("The same person has a similar matter in progress (see above). Check it; to "
                                      "register a new matter anyway, press the button again."))
            return
        saved = ops.Op(self, self.ctx, lambda uow: matters.register_window_matter(
            uow, service=self.service.currentData(), summary=self.summary.toPlainText(),
            person=self.person.value(), outcome=self.outcome.toPlainText(), ticket_id=self.ticket_id, done=done),
            area="matters").failure(self._refused).run()
        if not saved.ok:
            return
        self.saved, self.concluded, self.hand_over_next = saved.value, done, hand_over
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.banner.error(describe(exc))
        field = str(getattr(exc, "facts", {}).get("field", ""))
        target = {"summary": self.summary, "outcome": self.outcome, "service": self.service,
                  "person.name": self.person.name, "person.id_number": self.person.id_number,
                  "person.phone": self.person.phone}.get(field)
        if target is not None:
            target.setFocus()

    def open_history(self) -> None:
        dialog = PersonHistoryDialog(self.ctx, self, person_id=self.person.person_id, key=self.person.history_key())
        dialog.exec()
        dialog.deleteLater()
