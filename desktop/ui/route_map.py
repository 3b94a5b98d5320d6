"""The route map (路线图) of a matter, shared by the petition case view and the dispute view: the matter's code,
its state and who answers for it, then one row per step (step, route, entered, left, days spent, deadline,
reason, handler). A current step past its deadline is shaded. A case stored before it had a matter says so."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services import matters
from desktop.services.matters import MatterDetail, StepInfo
from desktop.services.permissions import Permission, can
from desktop.ui import ops
from desktop.ui.form_widgets import fill, table
from desktop.ui.messages import describe
from desktop.ui.text import fmt_date, labeller, translator

CTX = "RouteMap"
_t = translator(CTX)
label = labeller(_t)

ROUTES = {
    "window": QT_TRANSLATE_NOOP("RouteMap", "Window service"),
    "petition": QT_TRANSLATE_NOOP("RouteMap", "Petition"),
    "review": QT_TRANSLATE_NOOP("RouteMap", "Review"),
    "recheck": QT_TRANSLATE_NOOP("RouteMap", "Re-examination"),
    "mediation": QT_TRANSLATE_NOOP("RouteMap", "People's mediation"),
    "judicial": QT_TRANSLATE_NOOP("RouteMap", "Judicial confirmation"),
    "arbitration": QT_TRANSLATE_NOOP("RouteMap", "Arbitration"),
    "court": QT_TRANSLATE_NOOP("RouteMap", "Litigation"),
}
STATES = {"open": QT_TRANSLATE_NOOP("RouteMap", "in progress"), "closed": QT_TRANSLATE_NOOP("RouteMap", "concluded")}
COLUMNS = (
    QT_TRANSLATE_NOOP("RouteMap", "Step"), QT_TRANSLATE_NOOP("RouteMap", "Route"),
    QT_TRANSLATE_NOOP("RouteMap", "Entered"), QT_TRANSLATE_NOOP("RouteMap", "Left"),
    QT_TRANSLATE_NOOP("RouteMap", "Days"), QT_TRANSLATE_NOOP("RouteMap", "Deadline"),
    QT_TRANSLATE_NOOP("RouteMap", "Reason"), QT_TRANSLATE_NOOP("RouteMap", "Handled by"))
LATE = "#f8d7da"  # a current step past its deadline


def title() -> str:
    """The tab's name."""
    return _t(QT_TRANSLATE_NOOP("RouteMap", "Route map"))


def may_see(role: str) -> bool:
    return role == "system" or can(role, Permission.REGISTER_MATTER)


def _when(moment: dt.datetime | None) -> str:
    return "" if moment is None else f"{fmt_date(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


def step_row(s: StepInfo, now: dt.datetime) -> list[str]:
    return [s.name, label(ROUTES, s.route), _when(s.entered_at), _when(s.left_at), f"{s.days(now):.1f}",
            fmt_date(s.due_on), s.reason, s.handler]


def heading(m: MatterDetail) -> str:
    text = _t(QT_TRANSLATE_NOOP("RouteMap", "Matter code <b>%1</b> · %2 · answered for by %3"))
    text = text.replace("%1", m.code).replace("%2", label(STATES, m.state)).replace("%3", m.owner_place or "—")
    waiting = [h for h in m.handovers if h.acknowledged_at is None]
    if waiting:
        text += "<br>" + _t(QT_TRANSLATE_NOOP("RouteMap", "Handed over to %1 on %2, not acknowledged yet")).replace(
            "%1", waiting[-1].to_place).replace("%2", _when(waiting[-1].sent_at))
    if m.state == "closed" and m.outcome:
        text += "<br>" + _t(QT_TRANSLATE_NOOP("RouteMap", "Outcome: %1")).replace("%1", m.outcome)
    return text


class RouteMap(QWidget):
    """The route map of the matter a petition or dispute belongs to."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.matter: MatterDetail | None = None
        self.head = QLabel()
        self.head.setObjectName("route_head")
        self.head.setTextFormat(Qt.TextFormat.RichText)
        self.head.setWordWrap(True)
        self.head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.steps = table([_t(c) for c in COLUMNS], stretch=6)
        self.steps.setObjectName("route_steps")
        layout = QVBoxLayout(self)
        layout.addWidget(self.head)
        layout.addWidget(self.steps, 1)

    def show_case(self, *, petition_id: int | None = None, dispute_id: int | None = None) -> None:
        ops.Op(self, self.ctx, lambda uow: matters.matter_of_case(uow, petition_id=petition_id, dispute_id=dispute_id)
               ).success(self.set_matter).failure(self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.matter = None
        self.head.setText(describe(exc))
        fill(self.steps, [])

    def set_matter(self, m: MatterDetail | None) -> None:
        self.matter = m
        if m is None:
            self.head.setText(_t(QT_TRANSLATE_NOOP("RouteMap", "This case was stored before matters had codes.")))
            fill(self.steps, [])
            return
        self.head.setText(heading(m))
        now = self.ctx.clock.now()
        today = now.date()
        backgrounds = [{c: LATE for c in range(len(COLUMNS))}
                       if s.left_at is None and s.due_on is not None and s.due_on < today else {} for s in m.steps]
        fill(self.steps, [step_row(s, now) for s in m.steps], list(range(len(m.steps))), backgrounds)
