"""The kiosk's 查询办理进度: the big button on the first page, the page where the visitor gives the matter's
number and the last four digits of the phone, and the progress page it leads to (kiosk_progress).

The number comes from the QR code on the visitor's paper: a USB scanner is a keyboard that types the code and
Enter, so whatever page is showing, a typed text that looks like a full code (HS-2026-000123) followed by Enter
opens the lookup with the number filled in and asks for the phone digits (``key``). Or the visitor types the
number's digits on the on-screen keypad. Both fields take the keypad's digits; the one being filled is framed.
A wrong pair, or too many wrong ones, is said under the fields in plain words; the progress page then offers
the five ratings once the matter is concluded. The pages go back to the first one when nobody touches them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QSysInfo, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.services import matters
from desktop.services.errors import DatabaseUnavailable, ServiceError
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.queue.kiosk_checkin import Keypad
from desktop.ui.queue.kiosk_look import ACCENT, GREEN, INK, RED, Metrics, big_button, fit
from desktop.ui.queue.kiosk_progress import ProgressPage

log = logging.getLogger("desktop.ui.kiosk")
LOOKUP_SECONDS = 60  # the lookup page untouched this long: back to the first page
PROGRESS_SECONDS = 90  # the progress page: time to read it and rate
THANKS_SECONDS = 12
CODE_MAX = 24
FIELD_BORDER, ACTIVE_BORDER = "3px solid #c9d6ee", f"5px solid {ACCENT}"


class ScanBuffer:
    """What a scanner (or a keyboard) types outside any text field, until Enter."""

    def __init__(self):
        self.text = ""

    def key(self, event) -> tuple[bool, str | None]:
        """(whether the key was taken, the full code when Enter ends a text that looks like one)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text, self.text = self.text, ""
            return bool(text), (matters.normal_code(text) if matters.looks_like_code(text) else None)
        typed = event.text()
        if typed and typed.isprintable() and not typed.isspace():
            self.text = (self.text + typed)[-2 * CODE_MAX:]
            return True, None
        return False, None


class ProgressLookup(QObject):
    """Builds ``button`` (for the first page), ``page`` (number and phone digits) and ``progress`` (a
    ProgressPage) for ``kiosk`` (a KioskWindow: its ctx, pages, back_timer, home, online state)."""

    def __init__(self, kiosk, m: Metrics):
        super().__init__(kiosk)
        self.kiosk, self.m = kiosk, m
        self.name = (QSysInfo.machineHostName() or "kiosk")[:40]  # the lookups are counted per kiosk
        self.scan = ScanBuffer()
        self.busy = False
        self.visit = 0  # a new visitor each time the kiosk goes home: a late answer for the last one is dropped
        self.pair: tuple[str, str] | None = None  # the number and digits the progress page was opened with
        self.button = big_button(m, self.tr("Progress of my matter"), "#00796b", "lookup_open")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(lambda: self.open())
        self.page = self._page()
        self.progress = ProgressPage(m)
        self.progress.back.clicked.connect(kiosk.home)
        self.progress.rated.connect(self.rate)

    # ------------------------------------------------------------ the lookup page
    def _field(self, name: str, max_length: int, px: int, width: int, height: int) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setMaxLength(max_length)
        field.setReadOnly(True)  # the keypad fills it; a scanner's keys reach the kiosk (key)
        field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        field.setFixedSize(width, height)
        field.setProperty("px", px)
        field.installEventFilter(self)
        return field

    def _page(self) -> QWidget:
        m = self.m
        key_h = round(0.1 * m.height)  # larger than the appointment keypad's: elderly visitors
        key_w = min(round(0.13 * m.width), round(2.2 * key_h))
        field_w = min(round(0.5 * m.width), m.inner_w - 3 * key_w - 5 * m.gap)
        title = fit(QLabel(self.tr("Look up the progress of your matter")))
        title.setFixedHeight(m.title_h)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(f"font-size: {m.title_px}px; font-weight: bold;")
        code_label = self._caption(self.tr("Matter number: scan the QR code on your paper, or type its digits"))
        self.code = self._field("lookup_code", CODE_MAX, round(0.48 * key_h), field_w, round(1.1 * key_h))
        phone_label = self._caption(self.tr("Last 4 digits of the phone you gave us"))
        self.phone = self._field("lookup_phone", 4, round(0.6 * key_h), round(0.6 * field_w), round(1.1 * key_h))
        self.error = self._caption("", RED, name="lookup_error")
        self.busy_note = self._caption("", GREEN, name="lookup_busy")
        keypad = Keypad(key_w, key_h, m.gap)
        for button in keypad.findChildren(QPushButton):
            button.setObjectName("lookup_" + button.objectName())  # the appointment keypad keeps key_*
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        keypad.digit.connect(self._digit)
        keypad.back.connect(self._erase)
        keypad.done.connect(self.confirm)
        back = big_button(self.m, self.tr("Back"), "#5c6b85", "lookup_back")
        back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        back.setFixedHeight(key_h)
        back.clicked.connect(self.kiosk.home)
        left = QVBoxLayout()
        left.setSpacing(m.gap)
        for widget in (code_label, self.code, phone_label, self.phone, self.error, self.busy_note):
            left.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft if isinstance(widget, QLineEdit) else
                           Qt.AlignmentFlag.AlignVCenter)
        left.addStretch(1)
        left.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        right = QVBoxLayout()
        right.addWidget(keypad)
        right.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(3 * m.gap)
        row.addLayout(left, 1)
        row.addLayout(right)
        page = QWidget()
        page.setObjectName("lookup_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(m.gap)
        layout.addWidget(title)
        layout.addLayout(row, 1)
        self._activate(self.code)
        return page

    def _caption(self, text: str, colour: str = INK, name: str = "") -> QLabel:
        label = fit(QLabel(text))
        label.setWordWrap(True)
        label.setObjectName(name)
        label.setStyleSheet(f"font-size: {round(0.032 * self.m.height)}px; color: {colour}; font-weight: bold;")
        return label

    def _activate(self, field: QLineEdit) -> None:
        """The field the keypad fills now, framed."""
        self.active = field
        for f in (self.code, self.phone):
            border = ACTIVE_BORDER if f is field else FIELD_BORDER
            f.setStyleSheet(f"font-size: {f.property('px')}px; font-weight: bold; color: {INK}; padding: 2px; "
                            f"border: {border}; border-radius: 12px; background: white;")

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched in (getattr(self, "code", None), getattr(self, "phone", None)) and \
                event.type() == QEvent.Type.MouseButtonPress:
            self._activate(watched)
            self._touched()
        return False

    def _touched(self) -> None:
        self.kiosk.back_timer.start(LOOKUP_SECONDS * 1000)

    def _digit(self, d: str) -> None:
        self._touched()
        if len(self.active.text()) < self.active.maxLength():
            self.active.setText(self.active.text() + d)
        if self.active is self.phone and len(self.phone.text()) == 4 and not self.code.text():
            self._activate(self.code)

    def _erase(self) -> None:
        self._touched()
        if self.active is self.phone and not self.phone.text():
            self._activate(self.code)
        self.active.setText(self.active.text()[:-1])

    # ------------------------------------------------------------ the visitor's actions
    def open(self, code: str = "") -> None:
        """The lookup page, empty or with a scanned number (then the phone digits are asked for)."""
        self.reset()
        self.code.setText(code)
        self._activate(self.phone if code else self.code)
        self.kiosk.pages.setCurrentWidget(self.page)
        self._touched()

    def key(self, event) -> bool:
        """A key the kiosk got outside any text field: a scanner's code ending with Enter opens the lookup
        with it (on whatever page); Enter alone on the lookup page confirms. Gives whether it was taken."""
        taken, code = self.scan.key(event)
        if code is not None:
            if not self.busy:
                self.open(code)
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.kiosk.pages.currentWidget() is self.page:
            self.confirm()
            return True
        return taken

    def confirm(self) -> None:
        """OK on the keypad: from the number to the phone digits, then the lookup."""
        self._touched()
        self.error.clear()
        if self.active is self.code or not self.code.text():
            if not self.code.text():
                self._activate(self.code)
                self.error.setText(self.tr("Please enter the matter number first."))
                return
            self._activate(self.phone)
            if len(self.phone.text()) != 4:
                return
        if len(self.phone.text()) != 4:
            self.error.setText(self.tr("Please enter the last 4 digits of your phone."))
            return
        self.submit()

    def submit(self) -> None:
        if self.busy or not self.kiosk.online:
            return
        code, digits, visit = self.code.text(), self.phone.text(), self.visit
        self.busy = True
        self.busy_note.setText(self.tr("Looking it up, one moment…"))
        ops.Op(self.kiosk, self.kiosk.ctx, lambda uow: matters.kiosk_lookup(
            uow, kiosk=self.name, code=code, phone_last4=digits)) \
            .success(lambda p: visit == self.visit and self._found(p, code, digits)) \
            .failure(lambda e: visit == self.visit and self._not_found(e)).run_in_background()

    def _found(self, p, code: str, digits: str) -> None:
        self.busy = False
        self.busy_note.clear()
        self.pair = (code, digits)
        self.phone.clear()  # nothing of it stays on the lookup page for the next visitor
        self.progress.show_progress(p)
        self.kiosk.pages.setCurrentWidget(self.progress)
        self.kiosk.back_timer.start(PROGRESS_SECONDS * 1000)

    def _said(self, error: Exception) -> str:
        """The sentence for a failure; the database being away is the kiosk's offline sentence."""
        if isinstance(error, DatabaseUnavailable):
            self.kiosk._set_online(False)
            if self.kiosk.poller is not None:
                self.kiosk.poller.poll_now()
        if isinstance(error, ServiceError) and not isinstance(error, DatabaseUnavailable):
            return describe(error)
        if not isinstance(error, ServiceError):
            log.error("looking a matter up failed", exc_info=error)
        return self.kiosk.offline.text()

    def _not_found(self, error: Exception) -> None:
        self.busy = False
        self.busy_note.clear()
        self.error.setText(self._said(error))
        self.phone.clear()
        if isinstance(error, matters.LookupLocked):
            self.code.clear()
            self._activate(self.code)
        else:
            self._activate(self.phone)
        self._touched()

    def rate(self, rating: str) -> None:
        if self.busy or self.pair is None or not self.kiosk.online:
            return
        (code, digits), visit = self.pair, self.visit
        self.busy = True
        self.progress.rating_busy()
        self.kiosk.back_timer.start(PROGRESS_SECONDS * 1000)
        ops.Op(self.kiosk, self.kiosk.ctx, lambda uow: matters.rate_matter_outcome(
            uow, kiosk=self.name, code=code, phone_last4=digits, rating=rating)) \
            .success(lambda p: visit == self.visit and self._rated(p)) \
            .failure(lambda e: visit == self.visit and self._not_rated(e)).run_in_background()

    def _rated(self, p) -> None:
        self.busy = False
        self.progress.note.clear()
        self.progress.show_rating(p)
        self.kiosk.back_timer.start(THANKS_SECONDS * 1000)

    def _not_rated(self, error: Exception) -> None:
        self.busy = False
        self.progress.rating_failed(self._said(error))

    def reset(self) -> None:
        """A new visitor: nothing of the last one stays."""
        self.visit += 1
        self.busy = False
        self.pair = None
        self.scan.text = ""
        for field in (self.code, self.phone):
            field.clear()
        self.error.clear()
        self.busy_note.clear()
        self._activate(self.code)
