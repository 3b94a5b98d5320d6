"""The kiosk's progress page (处理进度随时看): a matter as its visitor may see it, in large type for elderly
visitors: its number and kind, the masked name, where it is now, who handles it (a window or a department) and
until when, every step as a vertical list with its dates (the current one highlighted), and, once it is
concluded, the five 好差评 buttons (满不满意随时评). Built by desktop/ui/queue/kiosk_lookup.py."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.services.queue import RATINGS
from desktop.ui.queue import labels
from desktop.ui.queue.kiosk_look import ACCENT, CARD, GREEN, INK, RED, Metrics, big_button, fit
from desktop.ui.text import fmt_date

KINDS = {
    "window": QT_TRANSLATE_NOOP("ProgressPage", "Window matter"),
    "petition": QT_TRANSLATE_NOOP("ProgressPage", "Petition"),
    "dispute": QT_TRANSLATE_NOOP("ProgressPage", "Dispute mediation"),
    "work_order": QT_TRANSLATE_NOOP("ProgressPage", "12345 work order"),
}
CURRENT_BG, DONE_MARK, CURRENT_MARK = "#fff4c2", "✓", "▶"


def _style(label: QLabel, px: int, colour: str, bold: bool) -> None:
    label.setStyleSheet(f"font-size: {px}px; color: {colour};{' font-weight: bold;' if bold else ''}")


def _label(px: int, colour: str = INK, *, bold: bool = False, name: str = "", wrap: bool = False) -> QLabel:
    label = fit(QLabel())
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    _style(label, px, colour, bold)
    return label


class ProgressPage(QFrame):
    """``show_progress(p)`` fills it from a matters.MatterProgress; a tap on a rating emits ``rated(key)``;
    ``back`` is the way home."""

    rated = Signal(str)

    def __init__(self, m: Metrics, parent=None):
        super().__init__(parent)
        self.m = m
        h = m.height
        self.setObjectName("progress_page")
        self.setStyleSheet(f"#progress_page {{ background: {CARD}; border-radius: {round(0.022 * h)}px; }}")
        self.head = _label(round(0.046 * h), ACCENT, bold=True, name="progress_head")
        self.person = _label(round(0.032 * h), name="progress_person")
        self.now = _label(round(0.036 * h), INK, bold=True, name="progress_now", wrap=True)
        self.steps = QWidget()
        self.steps.setObjectName("progress_steps")
        self.steps_layout = QVBoxLayout(self.steps)
        self.steps_layout.setContentsMargins(0, 0, 0, 0)
        self.steps_layout.setSpacing(round(0.006 * h))
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumHeight(1)
        scroll.setWidget(self.steps)
        scroll.setStyleSheet("QScrollArea, #progress_steps { background: transparent; } "
                             f"QScrollBar:vertical {{ width: {round(0.03 * h)}px; }}")
        self.rate_title = _label(round(0.036 * h), INK, bold=True, name="rate_title")
        self.rate_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.rate_buttons = self._rating_row()
        self.note = _label(round(0.03 * h), GREEN, bold=True, name="progress_note", wrap=True)
        self.back = big_button(m, self.tr("Back to the start"), ACCENT, "progress_back")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(m.margin_x, m.gap, m.margin_x, m.gap)
        layout.setSpacing(m.gap)
        for widget in (self.head, self.person, self.now):
            layout.addWidget(widget)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.rate_title)
        layout.addWidget(self.rate_box)
        bottom = QHBoxLayout()
        bottom.setSpacing(m.gap)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.back)
        layout.addLayout(bottom)

    def _rating_row(self) -> dict[str, QPushButton]:
        m = self.m
        self.rate_box = QWidget()
        row = QHBoxLayout(self.rate_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(m.gap)
        buttons = {}
        for key in RATINGS:
            button = QPushButton(labels.label(labels.RATINGS, key))
            button.setObjectName(f"rate_{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumWidth(1)
            button.setFixedHeight(round(0.1 * m.height))
            button.setStyleSheet(f"QPushButton {{ background: {labels.RATING_COLOURS[key]}; color: white; "
                                 f"font-size: {round(0.032 * m.height)}px; font-weight: bold; "
                                 f"border-radius: {round(0.016 * m.height)}px; }}"
                                 f"QPushButton:disabled {{ background: #9aa5b8; }}")
            button.clicked.connect(lambda _=False, k=key: self.rated.emit(k))
            buttons[key] = button
            row.addWidget(button, 1)
        return buttons

    # ------------------------------------------------------------ filling
    def show_progress(self, p) -> None:
        kind = self.tr(KINDS[p.kind]) if p.kind in KINDS else p.kind_name
        if p.service:
            kind += f"（{p.service}）"
        self.head.setText(self.tr("Matter %1 · %2").replace("%1", p.code).replace("%2", kind))
        self.person.setText(self.tr("%1 · registered on %2").replace("%1", p.person or "—").replace(
            "%2", fmt_date(p.registered_at.date())))
        self.now.setText(self._now_text(p))
        _style(self.now, round(0.036 * self.m.height), GREEN if p.state == "closed" else ACCENT, True)
        self._fill_steps(p.steps)
        self.show_rating(p)
        self.note.clear()

    def _now_text(self, p) -> str:
        if p.state == "closed":
            return self.tr("Concluded on %1.").replace("%1", fmt_date(p.closed_at.date() if p.closed_at else None))
        if not p.current_step:
            return self.tr("Being handled.")
        if p.next_due is None:
            return self.tr("Now: %1, handled by %2.").replace("%1", p.current_step).replace("%2", p.handler or "—")
        return self.tr("Now: %1, handled by %2, to be done by %3.").replace("%1", p.current_step).replace(
            "%2", p.handler or "—").replace("%3", fmt_date(p.next_due))

    def _fill_steps(self, steps) -> None:
        while self.steps_layout.count():
            item = self.steps_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        rows = [self._step_row(i, step) for i, step in enumerate(steps)]
        for row in rows:
            self.steps_layout.addWidget(row)
        self.steps_layout.addStretch(1)
        # the current step (else the last) in sight once the page is laid out: the newest steps are the ones a
        # visitor asks about
        self.focus_row = next((r for r in rows if r.property("current")), rows[-1] if rows else None)
        if self.isVisible():
            QTimer.singleShot(0, self._scroll)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self._scroll)

    def _scroll(self) -> None:
        row = getattr(self, "focus_row", None)
        if row is not None:
            self.scroll.ensureWidgetVisible(row, 0, 0)

    def _step_row(self, i: int, step) -> QFrame:
        """Two lines in large type: the step (marked done ✓ or now ▶), then where and when."""
        h = self.m.height
        name_px, when_px, pad = round(0.032 * h), round(0.025 * h), round(0.008 * h)
        row = QFrame()
        row.setObjectName(f"step_{i}")
        row.setProperty("current", step.current)
        row.setFixedHeight(round(1.4 * name_px + 1.4 * when_px) + 2 * pad + 6)
        border = f"3px solid {ACCENT}" if step.current else "1px solid #d6deeb"
        row.setStyleSheet(f"#step_{i} {{ background: {CURRENT_BG if step.current else '#f7f9fd'}; "
                          f"border: {border}; border-radius: {round(0.012 * h)}px; }}")
        mark = QLabel(CURRENT_MARK if step.current else DONE_MARK if step.left_at else "")
        mark.setFixedWidth(round(1.6 * name_px))
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        _style(mark, name_px, ACCENT if step.current else GREEN, True)
        name = _label(name_px, INK, bold=True, name=f"step_name_{i}")
        name.setText(step.name + ("  · " + self.tr("being handled now") if step.current else ""))
        when = _label(when_px, "#4a5a78", name=f"step_when_{i}")
        when.setText(self._when(step))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(name)
        text.addWidget(when)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(pad, pad, 2 * pad, pad)
        layout.setSpacing(pad)
        layout.addWidget(mark)
        layout.addLayout(text, 1)
        return row

    def _when(self, step) -> str:
        start = fmt_date(step.entered_at.date())
        place = f"{step.handler} · " if step.handler else ""
        if step.left_at is not None:
            end = fmt_date(step.left_at.date())
            return place + (start if end == start else f"{start} – {end}")
        text = place + self.tr("since %1").replace("%1", start)
        if step.due_on is not None:
            text += " · " + self.tr("due %1").replace("%1", fmt_date(step.due_on))
        return text

    def show_rating(self, p) -> None:
        """The rating row while the matter can be rated; what was given once it is."""
        can_rate = p.ratable and p.rating is None
        self.rate_box.setVisible(can_rate)
        for button in self.rate_buttons.values():
            button.setEnabled(True)
        if p.rating is not None:
            self.rate_title.setText(self.tr("Your rating of the result: %1. Thank you!").replace(
                "%1", labels.label(labels.RATINGS, p.rating)))
        elif p.ratable:
            self.rate_title.setText(self.tr("How satisfied are you with the result? Touch one:"))
        else:
            self.rate_title.setText(self.tr("Once it is concluded you can rate the result here."))

    def rating_busy(self) -> None:
        for button in self.rate_buttons.values():
            button.setEnabled(False)
        _style(self.note, round(0.03 * self.m.height), GREEN, True)
        self.note.setText(self.tr("Saving your rating, one moment…"))

    def rating_failed(self, text: str) -> None:
        for button in self.rate_buttons.values():
            button.setEnabled(True)
        _style(self.note, round(0.03 * self.m.height), RED, True)
        self.note.setText(text)
