"""The clerk panel's matter register (#17): 登记事项 (Ctrl+M) opens the light window-matter form for the current
ticket, then, when asked, the handover; 打印事项凭条 (Ctrl+Shift+M) prints the ticket again with the matter's code
and QR, for the visitor's kiosk lookup; 一人一档 (Ctrl+H) a person's matters; the box of handed-over matters to
receive (desktop/ui/queue/matter_handover.py). ClerkPanel takes them from the MatterActions mixin; their texts
keep the translation context "ClerkPanel"."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QDialog

from desktop.documents.ticket import render_ticket
from desktop.services import queue
from desktop.ui import ops
from desktop.ui.documents import PRINT, DocumentRunner
from desktop.ui.messages import describe
from desktop.ui.queue import matter_texts  # noqa: F401  (registers the matter register's failure sentences)
from desktop.ui.queue.labels import ERROR, INFO, WARN
from desktop.ui.queue.matter_form import MatterDialog
from desktop.ui.queue.matter_handover import HandoverBox, HandoverDialog
from desktop.ui.queue.person_history import PersonHistoryDialog
from desktop.ui.text import translator

_tr = translator("ClerkPanel")


class MatterActions:
    """Mixed into ClerkPanel (a QWidget with ctx, current(), refresh(), _say and _focus_record)."""

    slip_runner: DocumentRunner | None = None  # made at the first slip printed

    def handover_box(self) -> HandoverBox:
        self.handovers = HandoverBox(self.ctx, lambda text, kind="info": self._say(
            text, ERROR if kind == "error" else INFO), self)
        return self.handovers

    def register_matter(self) -> None:
        """The light form for the visitor at the window (or without a ticket), then the handover if asked."""
        dialog = MatterDialog(self.ctx, self, ticket=self.current())
        saved = dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        done, hand_over = dialog.concluded, dialog.hand_over_next
        dialog.deleteLater()
        self._focus_record()
        if saved is None:
            return
        matter_id, code = saved
        text = _tr(QT_TRANSLATE_NOOP("ClerkPanel", "Matter %1 registered and concluded.")) if done else \
            _tr(QT_TRANSLATE_NOOP("ClerkPanel", "Matter %1 registered."))
        self._say(text.replace("%1", code))
        if hand_over:
            self.hand_over_matter(matter_id, code)

    def hand_over_matter(self, matter_id: int, code: str) -> None:
        dialog = HandoverDialog(self.ctx, matter_id, code, self)
        sent = dialog.sent if dialog.exec() == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        self._focus_record()
        if sent is None:
            self._say(_tr(QT_TRANSLATE_NOOP(
                "ClerkPanel", "Matter %1 registered; not handed over: it stays with this window.")).replace(
                "%1", code), WARN)
            return
        self._say(_tr(QT_TRANSLATE_NOOP(
            "ClerkPanel", "Matter %1 registered and handed over to %2; it is yours until received.")).replace(
            "%1", code).replace("%2", sent.to_place))

    def print_matter_slip(self) -> None:
        """The current ticket again, with the code and QR of the matter registered at it, on this PC's printer."""
        t = self.current()
        if t is None:
            return
        found = ops.Op(self, self.ctx, lambda uow: queue.matter_slip(uow, ticket=t), read_only=True).failure(
            lambda exc: self._say(describe(exc), ERROR)).run()
        if not found.ok:
            return
        slip = found.value
        if slip is None:
            self._say(_tr(QT_TRANSLATE_NOOP("ClerkPanel", "Ticket %1 has no matter yet: register it first (Ctrl+M).")
                          ).replace("%1", t.number), WARN)
            return
        if self.slip_runner is None:
            self.slip_runner = DocumentRunner(self)
            self.slip_runner.message.connect(lambda ok, text: self._say(text, INFO if ok else ERROR))
        self.slip_runner.run(PRINT, lambda: render_ticket(slip), f"事项凭条-{slip.number}-{slip.matter_code}")

    def person_history(self) -> None:
        t = self.current()
        key = (getattr(t, "id_number", None) or getattr(t, "phone", None) or "") if t is not None else ""
        dialog = PersonHistoryDialog(self.ctx, self, key=key)
        dialog.exec()
        dialog.deleteLater()
        self._focus_record()
