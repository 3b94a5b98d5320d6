"""The clerk panel's rating step: after Finish (F5) the visitor rates the service on the rating window;
the rating is recorded (a bad one opens a follow-up) and said in the panel's message line, never in a
dialog, since the clerk may already be typing for the next visitor. ClerkPanel takes it from the RatingStep mixin; its texts
keep the translation context "ClerkPanel"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.services import queue
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.queue import labels
from desktop.ui.queue.labels import WARN
from desktop.ui.queue.rating import TIMEOUT_S, RatingWindow


class RatingStep:
    """Mixed into ClerkPanel (a QWidget with ctx, status, rating, _say, _lost and _focus_record)."""

    def ask_rating(self, ticket: queue.TicketInfo) -> None:
        if self.rating is not None:
            self.rating.close()  # the last visitor did not rate; a new one is at the window
        self._say(QCoreApplication.translate("ClerkPanel", "%1 finished. Waiting for the visitor's rating…").replace(
            "%1", ticket.number))
        timeout = self.status.rating_timeout_seconds if self.status is not None else TIMEOUT_S
        self.rating = window = RatingWindow(ticket.number, self, timeout_s=timeout)
        window.chosen.connect(lambda key, t=ticket, w=window: self._rated(t, key, w))
        window.open_for_visitor()

    def _rated(self, ticket: queue.TicketInfo, key: str | None, window: RatingWindow | None = None) -> None:
        """The rating step of ``ticket`` ended (once per step). Nothing here opens a dialog: the clerk may
        already be typing for the next visitor. A rating already recorded is not recorded again."""
        if window is None or self.rating is window:
            self.rating = None
        if key is None:
            self._say(QCoreApplication.translate("ClerkPanel", "%1: the visitor did not rate.").replace(
                "%1", ticket.number))
            self._focus_record()
            return
        rated = ops.Op(self, self.ctx, lambda uow: queue.rate_service(uow, ticket_id=ticket.id, rating=key),
                       area="queue").lost(self._lost).failure(self._rating_refused).run()
        if not rated.ok:
            return
        result = rated.value
        text = QCoreApplication.translate("ClerkPanel", "%1 rated: %2.").replace("%1", ticket.number).replace(
            "%2", labels.label(labels.RATINGS, key))
        if result.follow_up_due is not None:
            self._say(text + " " + QCoreApplication.translate(
                "ClerkPanel", "A follow-up was opened; it is due on %1.").replace(
                "%1", result.follow_up_due.isoformat()), WARN)
        else:
            self._say(text)
        self._focus_record()

    def _rating_refused(self, exc: Exception) -> None:  # e.g. AlreadyRated: the first rating stands
        self._say(describe(exc), WARN)
        self._focus_record()
