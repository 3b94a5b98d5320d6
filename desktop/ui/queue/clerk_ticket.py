"""The clerk panel's current-ticket box: the number in large type, the service, the ticket's state with how
long until it can be called again or marked a no-show, the waiting and service times, the badges (priority,
appointment, transferred) and the linked case; and the recall (F2) and no-show (F3) keys that follow the same
rules. The texts keep the translation context "ClerkPanel" of the panel that showed this box first."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from desktop.services import queue
from desktop.ui.queue import labels
from desktop.ui.widgets import styled_label


def ticket_card(panel) -> QFrame:
    """The box; sets on ``panel`` its labels (number_label, service_label, ticket_state, times_label, badges,
    case_label)."""
    card = QFrame()
    card.setObjectName("ticket_card")
    card.setStyleSheet("#ticket_card { background: #f4f7fc; border: 1px solid #c9d6ee; border-radius: 10px; }")
    panel.number_label = styled_label("number_label", "font-size: 64px; font-weight: bold; color: #1f4e9c;", "—")
    panel.service_label = styled_label("service_label", "font-size: 20px; font-weight: bold;")
    panel.ticket_state = styled_label("ticket_state", "font-size: 15px;")
    panel.times_label = styled_label("times_label", "font-size: 15px;")
    panel.badges = styled_label("badges", "font-size: 15px; color: #1b7f3b; font-weight: bold;")
    panel.case_label = styled_label("case_label", "font-size: 15px; font-weight: bold; color: #1f4e9c;")
    info = QVBoxLayout()
    info.addWidget(panel.service_label)
    info.addWidget(panel.ticket_state)
    info.addWidget(panel.times_label)
    info.addWidget(panel.badges)
    info.addWidget(panel.case_label)
    info.addStretch(1)
    card_layout = QHBoxLayout(card)
    card_layout.addWidget(panel.number_label)
    card_layout.addSpacing(18)
    card_layout.addLayout(info, 1)
    return card


def show_ticket(panel, s: queue.WindowStatus) -> None:
    """The window's ticket (or nobody, and what the clerk can do)."""
    t = s.ticket
    panel.number_label.setStyleSheet("font-size: 64px; font-weight: bold; color: %s;"
                                     % ("#9aa5b8" if t is None else "#1f4e9c"))
    if t is None:
        panel.number_label.setText("—")
        panel.service_label.setText(QCoreApplication.translate("ClerkPanel", "No visitor at the window"))
        panel.ticket_state.setText(
            QCoreApplication.translate("ClerkPanel", "Press F1 to call the next visitor.") if not s.paused else
            QCoreApplication.translate("ClerkPanel", "The window is paused. Press F6 to resume."))
        panel.badges.clear()
        panel.case_label.clear()
        return
    panel.number_label.setText(t.number)
    panel.service_label.setText(f"{t.service_letter} {t.service_name}")
    badges = []
    if t.priority:
        badges.append(QCoreApplication.translate("ClerkPanel", "Priority lane"))
    if t.appointment:
        badges.append(QCoreApplication.translate("ClerkPanel", "Appointment")
                      + (f"：{t.visitor_name}" if t.visitor_name else ""))
    if t.transferred:
        badges.append(QCoreApplication.translate("ClerkPanel", "Transferred"))
    panel.badges.setText(" · ".join(badges))
    panel.case_label.setText(case_text(t))


def case_text(t: queue.TicketInfo) -> str:
    """The case this visitor's matter became, by its case number."""
    if not t.case_kind:
        return ""
    return QCoreApplication.translate("ClerkPanel", "Linked case: %1").replace("%1", t.case_no or "—")


def tip(panel, key: str, text: str | None = None) -> None:
    """The button's tooltip: why it is off (or what it does) and its key."""
    shortcut = panel.actions[key].shortcut().toString()
    panel.buttons[key].setToolTip(f"{text or panel.tips[key]} ({shortcut})")


def call_controls(panel) -> None:
    """Recall (F2) and no-show (F3) are on only when the service would take them: recall while calls are
    left and the gap since the last call has passed, no-show after the last call and its gap. The
    ticket line and the tooltips say how long is left, so the clerk never meets a refusal."""
    s, t = panel.status, panel.current()
    called = s is not None and t is not None and t.status == "called" and panel.online
    if not called:
        for key in ("recall", "no_show"):
            if key in panel.actions:
                panel.actions[key].setEnabled(False)
                tip(panel, key)
        if t is not None:
            panel.ticket_state.setText(labels.label(labels.TICKET_STATES, t.status))
        return
    since = (panel.ctx.clock.now() - t.last_called_at).total_seconds() if t.last_called_at else s.recall_gap_seconds
    wait = max(0, math.ceil(s.recall_gap_seconds - since))
    calls_left = max(0, s.max_calls - t.call_count)
    panel.actions["recall"].setEnabled(calls_left > 0 and wait == 0)
    panel.actions["no_show"].setEnabled(calls_left == 0 and wait == 0)
    state = labels.label(labels.TICKET_STATES, t.status) + " · " + QCoreApplication.translate(
        "ClerkPanel", "call %1 of %2").replace("%1", str(t.call_count)).replace("%2", str(s.max_calls))
    if calls_left and wait:
        hint = QCoreApplication.translate("ClerkPanel", "can be called again in %1 s").replace("%1", str(wait))
        tip(panel, "recall", QCoreApplication.translate("ClerkPanel", "%1 can be called again in %2 s").replace(
            "%1", t.number).replace("%2", str(wait)))
    elif calls_left:
        hint = QCoreApplication.translate("ClerkPanel", "F2 calls again")
        tip(panel, "recall")
    else:
        hint = (QCoreApplication.translate("ClerkPanel", "no-show possible in %1 s").replace("%1", str(wait)) if wait
                else QCoreApplication.translate("ClerkPanel", "not here: F3 marks a no-show"))
        tip(panel, "recall", QCoreApplication.translate(
            "ClerkPanel", "%1 has been called %2 times, the most allowed").replace(
            "%1", t.number).replace("%2", str(s.max_calls)))
    if calls_left:
        tip(panel, "no_show", QCoreApplication.translate(
            "ClerkPanel", "A no-show can be marked after every call: %1 more call(s) first").replace(
            "%1", str(calls_left)))
    elif wait:
        tip(panel, "no_show", QCoreApplication.translate(
            "ClerkPanel", "Give the visitor time to come: a no-show can be marked in %1 s").replace("%1", str(wait)))
    else:
        tip(panel, "no_show")
    panel.ticket_state.setText(f"{state} · {hint}")


def show_times(panel) -> None:
    """Every second: the recall and no-show keys, and how long the visitor waited and is being served."""
    call_controls(panel)
    t = panel.current()
    if t is None:
        panel.times_label.clear()
        return
    now = panel.ctx.clock.now()
    waited = (t.first_called_at or now) - t.issued_at
    text = QCoreApplication.translate("ClerkPanel", "Waited %1").replace("%1", labels.duration(waited.total_seconds()))
    if t.started_at:
        text += " · " + QCoreApplication.translate("ClerkPanel", "in service %1").replace(
            "%1", labels.clock_duration((now - t.started_at).total_seconds()))
    elif t.last_called_at:
        text += " · " + QCoreApplication.translate("ClerkPanel", "called %1 ago").replace(
            "%1", labels.clock_duration((now - t.last_called_at).total_seconds()))
    panel.times_label.setText(text)
