"""Translated words of the queue: ticket and window states, ratings, transfer positions, durations; and the
colours the clerk panel's message line speaks in (INFO, WARN, ERROR)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.ui.text import labeller, translator

CONTEXT = "QueueLabels"

TICKET_STATES = {
    "waiting": QT_TRANSLATE_NOOP("QueueLabels", "Waiting"),
    "called": QT_TRANSLATE_NOOP("QueueLabels", "Called"),
    "serving": QT_TRANSLATE_NOOP("QueueLabels", "Being served"),
    "finished": QT_TRANSLATE_NOOP("QueueLabels", "Finished"),
    "no_show": QT_TRANSLATE_NOOP("QueueLabels", "No-show"),
}
WINDOW_STATES = {
    "idle": QT_TRANSLATE_NOOP("QueueLabels", "Idle"),
    "calling": QT_TRANSLATE_NOOP("QueueLabels", "Calling"),
    "serving": QT_TRANSLATE_NOOP("QueueLabels", "Serving"),
    "paused": QT_TRANSLATE_NOOP("QueueLabels", "Paused"),
    "closed": QT_TRANSLATE_NOOP("QueueLabels", "Nobody signed in"),
}
INFO, WARN, ERROR = "#1f4e9c", "#b26a00", "#b3261e"
WINDOW_STATE_COLOURS = {"idle": "#fff4cc", "calling": "#dbe9ff", "serving": "#d8f0dd", "paused": "#ffd9d9",
                        "closed": "#e6e6e6"}
# 国办发〔2019〕51号, best first
RATINGS = {
    "very_satisfied": QT_TRANSLATE_NOOP("QueueLabels", "Very satisfied"),
    "satisfied": QT_TRANSLATE_NOOP("QueueLabels", "Satisfied"),
    "basically_satisfied": QT_TRANSLATE_NOOP("QueueLabels", "Basically satisfied"),
    "dissatisfied": QT_TRANSLATE_NOOP("QueueLabels", "Dissatisfied"),
    "very_dissatisfied": QT_TRANSLATE_NOOP("QueueLabels", "Very dissatisfied"),
}
RATING_COLOURS = {"very_satisfied": "#1b7f3b", "satisfied": "#3f9b4f", "basically_satisfied": "#b08900",
                  "dissatisfied": "#c0561b", "very_dissatisfied": "#b3261e"}
POSITIONS = {
    "front": QT_TRANSLATE_NOOP("QueueLabels", "To the front"),
    "end": QT_TRANSLATE_NOOP("QueueLabels", "To the end"),
    "original": QT_TRANSLATE_NOOP("QueueLabels", "In its original order"),
}
FOLLOW_UP_STATES = {
    "open": QT_TRANSLATE_NOOP("QueueLabels", "Open"),
    "answered": QT_TRANSLATE_NOOP("QueueLabels", "Answered"),
}


tr = translator(CONTEXT)


def window_state(status) -> str:
    """The key of WINDOW_STATES to show for a WindowStatus: the service says "serving" while a window holds a
    ticket; until the visitor has arrived (F7) the window is only calling it."""
    ticket = getattr(status, "ticket", None)
    if status.state == "serving" and ticket is not None and ticket.status == "called":
        return "calling"
    return status.state


label = labeller(tr)


def duration(seconds: int | float | None) -> str:
    """12 min, 1 h 05 min; "" for None."""
    if seconds is None:
        return ""
    minutes = max(0, int(seconds)) // 60
    if minutes < 60:
        return QCoreApplication.translate("QueueLabels", "%1 min").replace("%1", str(minutes))
    return QCoreApplication.translate("QueueLabels", "%1 h %2 min").replace("%1", str(minutes // 60)).replace(
        "%2", f"{minutes % 60:02d}")


def clock_duration(seconds: int | float) -> str:
    """m:ss or h:mm:ss, for a running timer."""
    seconds = max(0, int(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
