"""The step forms of a case (接、转、见、办、结、访 and the other steps), declared as data: for each action its
fields (kind, key, label and how the field starts), the form's introduction and width, and the service call
that saves it. ``build_form(view, action, case)`` turns one declaration into a FormDialog.

The texts keep the translation context "CaseView" of the case view that showed these forms first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.ui.petitions.dialogs import FormDialog
from desktop.ui.petitions.widgets import ACTION, KIND, METHOD, SOURCE, fmt_date, label
from desktop.ui.petitions.widgets import SATISFACTION as SATISFACTION_LABELS

CTX = "CaseView"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


@dataclass(frozen=True)
class Env:
    """What a declaration may look at: the session, the case, and the view that opens the form."""

    view: object
    case: pt.CaseView

    @property
    def ctx(self):
        return self.view.ctx

    def uow(self):
        return self.view._uow()

    def read(self):
        return self.ctx.uow(read_only=True)

    def today(self) -> dt.date:
        return self.ctx.clock.today()


@dataclass(frozen=True)
class Field:
    """One field: ``kind`` names FormDialog.add_<kind>; ``caption`` is the source text (context CaseView);
    ``args(env)`` gives the rest of that method's arguments."""

    kind: str  # line | text | combo | date | spin | table
    key: str
    caption: str
    args: Callable[[Env], dict] = field(default=lambda env: {})


@dataclass(frozen=True)
class Step:
    action: str
    call: Callable[[Env, dict], object]  # the service that saves the values
    fields: tuple[Field, ...]
    intro: Callable[[Env], str] | None = None
    width: int = 560


def _text(key: str, caption: str, height: int) -> Field:
    return Field("text", key, caption, lambda env: {"height": height})


def _departments(env: Env) -> list[tuple[str, int]]:
    return [(d.name, d.id) for d in center.list_departments(env.read(), active_only=True)]


def _handlers(env: Env) -> list[tuple[str, int | None]]:
    return [(_tr(QT_TRANSLATE_NOOP("CaseView", "(the department decides)")), None)] + [
        (h.full_name, h.id) for h in pt.list_handlers(env.read())]


def _categories(env: Env) -> list[tuple[str, int]]:
    return [(f"{x.name}" if x.parent_id is None else f"　{x.name}", x.id)
            for x in center.list_categories(env.read(), active_only=True)]


def _sources(env: Env) -> list[tuple[str, str]]:
    return [(label(SOURCE, s), s) for s in pt.SOURCES]


def _pending(c: pt.CaseView):
    return next(e for e in c.extensions if e.status == "pending")


def _request_rows(env: Env) -> list[list[str]]:
    c = env.case
    wanted = [r.strip() for r in c.requests.replace("；", "\n").replace(";", "\n").splitlines() if r.strip()]
    return [[r, ""] for r in (wanted or [c.requests or _tr(QT_TRANSLATE_NOOP("CaseView", "(the request)"))])]


def _conclude(env: Env, v: dict):
    c = env.case
    decisions = [pt.Decision(r, dd) for r, dd in v["decisions"]]
    return pt.conclude_petition(env.uow(), case_id=c.id, version=c.version, facts=v["facts"], basis=v["basis"],
                                decisions=decisions, issuing_body=v["issuing_body"])


def _intro(text: str) -> Callable[[Env], str]:
    return lambda env: _tr(text)


STEPS: dict[str, Step] = {s.action: s for s in (
    Step("assign", lambda env, v: pt.assign_petition(
        env.uow(), case_id=env.case.id, version=env.case.version, department_id=v["department"],
        handler_id=v["handler"], note=v["note"]), (
        Field("combo", "department", QT_TRANSLATE_NOOP("CaseView", "Department"),
              lambda env: {"items": _departments(env), "current": env.case.department_id}),
        Field("combo", "handler", QT_TRANSLATE_NOOP("CaseView", "Handler"), lambda env: {"items": _handlers(env)}),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "Note"), 60)),
        _intro(QT_TRANSLATE_NOOP("CaseView", "Accept the matter and hand it to the responsible department. "
                                             "The department may object within the objection period."))),
    Step("refuse", lambda env, v: pt.refuse_petition(
        env.uow(), case_id=env.case.id, version=env.case.version, reason=v["reason"], basis=v["basis"],
        advice=v["advice"]), (
        _text("reason", QT_TRANSLATE_NOOP("CaseView", "Reason"), 70),
        Field("line", "basis", QT_TRANSLATE_NOOP("CaseView", "Legal basis")),
        Field("line", "advice", QT_TRANSLATE_NOOP("CaseView", "Where to turn instead"))),
        _intro(QT_TRANSLATE_NOOP("CaseView",
                                 "The petitioner is told in writing (不予受理告知书) why, and where to turn instead."))),
    Step("object", lambda env, v: pt.object_to_assignment(
        env.uow(), case_id=env.case.id, version=env.case.version, reason=v["reason"]), (
        _text("reason", QT_TRANSLATE_NOOP("CaseView", "Why not ours"), 70),),
        lambda env: _tr(QT_TRANSLATE_NOOP(
            "CaseView", "The matter is not this department's: it goes back to the center to be assigned again "
                        "(possible until %1).")).replace("%1", fmt_date(env.case.objection_due_on))),
    Step("meet", lambda env, v: pt.record_meeting(
        env.uow(), case_id=env.case.id, version=env.case.version, met_on=v["met_on"], place=v["place"],
        note=v["note"]), (
        Field("date", "met_on", QT_TRANSLATE_NOOP("CaseView", "Met on"),
              lambda env: {"value": env.today(), "maximum": env.today()}),
        Field("line", "place", QT_TRANSLATE_NOOP("CaseView", "Place")),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "What the petitioner said"), 90))),
    Step("handle", lambda env, v: pt.record_handling(
        env.uow(), case_id=env.case.id, version=env.case.version, note=v["note"]), (
        _text("note", QT_TRANSLATE_NOOP("CaseView", "What was done"), 110),)),
    Step("conclude", _conclude, (
        _text("facts", QT_TRANSLATE_NOOP("CaseView", "Facts found"), 90),
        _text("basis", QT_TRANSLATE_NOOP("CaseView", "Basis (laws, rules, policies)"), 50),
        Field("table", "decisions", QT_TRANSLATE_NOOP("CaseView", "Decisions"), lambda env: {
            "headers": [_tr(QT_TRANSLATE_NOOP("CaseView", "Request")), _tr(QT_TRANSLATE_NOOP("CaseView", "Decision"))],
            "rows": _request_rows(env), "editable_columns": [0, 1]}),
        Field("line", "issuing_body", QT_TRANSLATE_NOOP("CaseView", "Issuing body"),
              lambda env: {"text": env.case.department})),
        _intro(QT_TRANSLATE_NOOP(
            "CaseView", "The written reply states the facts, the basis and a decision on each request; it tells the "
                        "petitioner that a review (复查) may be requested within 30 days.")), width=720),
    Step("follow_up", lambda env, v: pt.record_follow_up(
        env.uow(), case_id=env.case.id, version=env.case.version, satisfaction=v["satisfaction"],
        method=v["method"], note=v["note"]), (
        Field("combo", "satisfaction", QT_TRANSLATE_NOOP("CaseView", "Satisfaction"), lambda env: {
            "items": [(label(SATISFACTION_LABELS, s), s) for s in pt.SATISFACTION], "current": "satisfied"}),
        Field("combo", "method", QT_TRANSLATE_NOOP("CaseView", "How"),
              lambda env: {"items": [(label(METHOD, m), m) for m in pt.FOLLOW_UP_METHODS]}),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "Notes"), 80))),
    Step("withdraw", lambda env, v: pt.withdraw_petition(
        env.uow(), case_id=env.case.id, version=env.case.version, reason=v["reason"]), (
        _text("reason", QT_TRANSLATE_NOOP("CaseView", "Reason"), 70),)),
    Step("edit", lambda env, v: pt.update_petition(
        env.uow(), case_id=env.case.id, version=env.case.version, source=v["source"], category_id=v["category"],
        content=v["content"], requests=v["requests"]), (
        Field("combo", "source", QT_TRANSLATE_NOOP("CaseView", "Source"),
              lambda env: {"items": _sources(env), "current": env.case.source}),
        Field("combo", "category", QT_TRANSLATE_NOOP("CaseView", "Category"),
              lambda env: {"items": _categories(env), "current": env.case.category_id}),
        Field("text", "content", QT_TRANSLATE_NOOP("CaseView", "Content"),
              lambda env: {"text": env.case.content, "height": 120}),
        Field("text", "requests", QT_TRANSLATE_NOOP("CaseView", "Requests"),
              lambda env: {"text": env.case.requests, "height": 60})), width=680),
    Step("request_extension", lambda env, v: pt.request_extension(
        env.uow(), case_id=env.case.id, days=v["days"], reason=v["reason"]), (
        Field("spin", "days", QT_TRANSLATE_NOOP("CaseView", "Extend by"), lambda env: {
            "value": 30, "minimum": 1, "maximum": 30, "suffix": _tr(QT_TRANSLATE_NOOP("CaseView", " days"))}),
        _text("reason", QT_TRANSLATE_NOOP("CaseView", "Reason"), 70)),
        _intro(QT_TRANSLATE_NOOP("CaseView",
                                 "At most 30 days, once; the director decides and the petitioner is told why."))),
    Step("decide_extension", lambda env, v: pt.decide_extension(
        env.uow(), extension_id=_pending(env.case).id, approve=v["decision"], note=v["note"]), (
        Field("combo", "decision", QT_TRANSLATE_NOOP("CaseView", "Decision"), lambda env: {"items": [
            (_tr(QT_TRANSLATE_NOOP("CaseView", "Approve")), True),
            (_tr(QT_TRANSLATE_NOOP("CaseView", "Refuse")), False)]}),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "Note (required when refusing)"), 60)),
        lambda env: _tr(QT_TRANSLATE_NOOP("CaseView", "%1 asks to extend the conclusion deadline by %2 days: %3"))
        .replace("%1", _pending(env.case).requested_by_name).replace("%2", str(_pending(env.case).days))
        .replace("%3", _pending(env.case).reason)),
    Step("hearing", lambda env, v: pt.record_hearing(
        env.uow(), case_id=env.case.id, version=env.case.version, start=v["start"], end=v["end"], note=v["note"]), (
        Field("date", "start", QT_TRANSLATE_NOOP("CaseView", "From"), lambda env: {"value": env.today()}),
        Field("date", "end", QT_TRANSLATE_NOOP("CaseView", "To"), lambda env: {"value": env.today()}),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "Note"), 60)),
        _intro(QT_TRANSLATE_NOOP("CaseView", "Hearing days do not count towards the 30 days of the 复核 opinion."))),
    Step("supervise", lambda env, v: pt.add_supervision(
        env.uow(), case_id=env.case.id, note=v["note"], due_on=v["due_on"], department_id=v["department"]), (
        Field("combo", "department", QT_TRANSLATE_NOOP("CaseView", "Department"), lambda env: {"items": [
            (_tr(QT_TRANSLATE_NOOP("CaseView", "(the handling department)")), None)] + _departments(env)}),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "What must be done"), 80),
        Field("date", "due_on", QT_TRANSLATE_NOOP("CaseView", "By"),
              lambda env: {"value": env.today() + dt.timedelta(days=3)}))),
    Step("request_review", lambda env, v: pt.request_review(
        env.uow(), case_id=env.case.id, reason=v["reason"], source=v["source"]), (
        Field("combo", "source", QT_TRANSLATE_NOOP("CaseView", "Source"), lambda env: {"items": _sources(env)}),
        _text("reason", QT_TRANSLATE_NOOP("CaseView", "Why the petitioner disagrees"), 90)),
        lambda env: _tr(QT_TRANSLATE_NOOP("CaseView", "Registers a linked %1 case (possible until %2).")).replace(
            "%1", label(KIND, "review" if env.case.kind == "petition" else "recheck")).replace(
            "%2", fmt_date(env.case.remedy_due_on))),
    Step("repeat_visit", lambda env, v: pt.record_repeat_visit(
        env.uow(), case_id=env.case.id, source=v["source"], note=v["note"]), (
        Field("combo", "source", QT_TRANSLATE_NOOP("CaseView", "Source"), lambda env: {"items": _sources(env)}),
        _text("note", QT_TRANSLATE_NOOP("CaseView", "Note"), 70)),
        _intro(QT_TRANSLATE_NOOP("CaseView",
                                 "The same matter raised again is recorded on this case, not as a new case."))),
)}


def build_form(view, action: str, case: pt.CaseView) -> FormDialog:
    """The form of ``action`` on ``case``, with ``view`` as its parent; saving calls the step's service."""
    step = STEPS[action]
    env = Env(view, case)
    args = [(f, f.args(env)) for f in step.fields]  # the reads happen before the form opens
    intro = step.intro(env) if step.intro else ""
    d = FormDialog(label(ACTION, action), lambda v: step.call(env, v), view, intro=intro, width=step.width)
    for f, kwargs in args:
        getattr(d, f"add_{f.kind}")(f.key, _tr(f.caption), **kwargs)
    return d
