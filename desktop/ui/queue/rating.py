"""The 好差评 rating step: five large choices the visitor touches (or the clerk keys 1–5).

On a PC with a second screen facing the visitor it opens there as its own full-screen window and does not
take the clerk's keyboard; with one screen it opens as a dialog the clerk turns towards the visitor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.queue import RATINGS
from desktop.ui.queue import labels

TIMEOUT_S = 90  # a visitor who walks away without rating: the screen clears itself (queue_rating_timeout_seconds)


class RatingWidget(QWidget):
    rated = Signal(str)
    skipped = Signal()

    def __init__(self, number: str, *, large: bool, parent=None):
        super().__init__(parent)
        scale = 1.6 if large else 1.0
        title = QLabel(self.tr("Please rate our service for ticket %1").replace("%1", number))
        title.setObjectName("rating_title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(f"font-size: {int(30 * scale)}px; font-weight: bold;")
        row = QHBoxLayout()
        row.setSpacing(int(14 * scale))
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(RATINGS, start=1):
            button = QPushButton(f"{labels.label(labels.RATINGS, key)}\n({i})")
            button.setObjectName(f"rate_{key}")
            button.setMinimumSize(int(170 * scale), int(130 * scale))
            button.setToolTip(self.tr("Key %1").replace("%1", str(i)))
            button.setStyleSheet(f"QPushButton {{ background: {labels.RATING_COLOURS[key]}; color: white; "
                                 f"font-size: {int(26 * scale)}px; font-weight: bold; border-radius: 14px; }}")
            button.clicked.connect(lambda _=False, k=key: self.rated.emit(k))
            self.buttons[key] = button
            row.addWidget(button)
        skip = QPushButton(self.tr("Skip (Esc)"))
        skip.setObjectName("rate_skip")
        skip.setToolTip(self.tr("The visitor does not rate (Esc)"))
        skip.clicked.connect(self.skipped)
        note = QLabel(self.tr("Your rating goes to the center's director. Thank you."))
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note.setStyleSheet(f"font-size: {int(18 * scale)}px; color: #555;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addSpacing(int(20 * scale))
        layout.addLayout(row)
        layout.addSpacing(int(16 * scale))
        layout.addWidget(note)
        layout.addWidget(skip, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)


class RatingWindow(QDialog):
    """One rating request. ``choice`` is the rating key, or None when skipped / timed out. ``chosen`` is
    emitted exactly once, when the request ends; whatever happens later (the timeout of a rated visitor, a
    second close) is ignored, and the window deletes itself."""

    chosen = Signal(object)  # rating key or None

    def __init__(self, number: str, parent=None, timeout_s: int = TIMEOUT_S):
        screens = QGuiApplication.screens()
        self.visitor_screen = screens[1] if len(screens) > 1 else None
        # on the visitor's screen the window is independent of the clerk's (no parent, no modality)
        super().__init__(None if self.visitor_screen else parent)
        self.setWindowTitle(self.tr("Rate our service"))
        self.choice: str | None = None
        self.timeout_s = timeout_s
        self.answered = False
        self.widget = RatingWidget(number, large=self.visitor_screen is not None, parent=self)
        self.widget.rated.connect(self._rated)
        self.widget.skipped.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.widget)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.reject)
        self.finished.connect(self._finished)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Keys 1–5 rate (the clerk can key what the visitor says); Esc skips."""
        digit = event.key() - Qt.Key.Key_1
        if 0 <= digit < len(RATINGS):
            self._rated(RATINGS[digit])
            return
        super().keyPressEvent(event)

    def _rated(self, key: str) -> None:
        if self.answered:
            return
        self.choice = key
        self.accept()

    def _finished(self, _result) -> None:
        self.timer.stop()
        if self.answered:
            return
        self.answered = True
        self.chosen.emit(self.choice)
        self.deleteLater()

    def open_for_visitor(self) -> None:
        """Show on the visitor-facing screen when there is one, else as a dialog on the clerk's screen."""
        self.timer.start(self.timeout_s * 1000)
        if self.visitor_screen is not None:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
            self.setGeometry(self.visitor_screen.geometry())
            self.show()
            if self.windowHandle() is not None:
                self.windowHandle().setScreen(self.visitor_screen)
            self.showFullScreen()
        else:
            self.setModal(True)
            self.open()
