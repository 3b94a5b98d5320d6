"""The clerk panel while the database is away: a short "reconnecting" notice, the actions that need the
database held, nothing repeated automatically; once the poller finds the database back, the window's real
state is read again. ClerkPanel takes this from the Connection mixin; its texts keep the translation context
"ClerkPanel"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.services.errors import DatabaseUnavailable
from desktop.ui.queue.labels import ERROR, WARN

# what waits while the database is away: the window's real state is read back first
NEEDS_DATABASE = ("call", "recall", "no_show", "transfer", "finish", "pause", "start", "requeue")


class Connection:
    """Mixed into ClerkPanel (a QWidget with online, status, actions, offline_label, poller, refresh() and
    _say)."""

    def _connection(self, online: bool) -> None:
        """The poller's word: the database went away, or it is back."""
        if not online:
            self._set_offline()
            return
        was_offline = not self.online
        self._set_online()
        if self.status is None:
            return
        self.refresh()  # the window's real state, whatever happened to the last action
        if was_offline and self.online:
            self._say(QCoreApplication.translate(
                "ClerkPanel", "The connection is back. The window shows what is stored in the database."))

    def _set_online(self) -> None:
        self.online = True
        self.offline_label.hide()
        for key in ("pause", "requeue"):
            self.actions[key].setEnabled(True)

    def _set_offline(self) -> None:
        """Show the short "reconnecting" notice and hold the actions until the state is read back."""
        self.online = False
        self.offline_label.show()
        for key in NEEDS_DATABASE:
            if key in self.actions:
                self.actions[key].setEnabled(False)

    def _lost(self, exc: DatabaseUnavailable | None = None) -> None:
        """A service call found the database gone. Nothing is repeated automatically: the poller retries
        connecting in the background and, once it is back, the panel reloads the window's state (so a
        call whose commit outcome is unknown shows the ticket really held here instead of calling again)."""
        self._set_offline()
        self.poller.lost()
        if exc is None:
            return
        if exc.may_have_applied:
            self._say(QCoreApplication.translate(
                "ClerkPanel", "The connection broke while saving. Once it is back, the window shows "
                              "whether it was saved; nothing is repeated automatically."), WARN)
        else:
            self._say(QCoreApplication.translate(
                "ClerkPanel", "Not saved: the database cannot be reached. Try again once the connection "
                              "is back."), ERROR)
