"""The words the case view shows for one case: its facts line, the written reply, the rows of the statutory
clock, the linked cases, the six-steps strip, and how a step, a status change, an extension decision and a
file size read in its tables.

The texts keep the translation context "CaseView" of the view that shows them."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.services import petitions as pt
from desktop.services.petitions import SIX_STEPS
from desktop.ui.calendar_texts import RULES, provisional_mark
from desktop.ui.calendar_texts import label as calendar_label
from desktop.ui.petitions.widgets import (
    ACTION,
    DUE_KIND,
    KIND,
    METHOD,
    SOURCE,
    STATUS,
    clock_text,
    fmt_date,
    fmt_datetime,
    label,
)
from desktop.ui.petitions.widgets import SATISFACTION as SATISFACTION_LABELS
from desktop.ui.text import translator

_tr = translator("CaseView")
SIX = dict(zip(SIX_STEPS, "接转见办结访", strict=True))


def facts(c: pt.CaseView) -> str:
    """The facts line of the Overview tab: source, category, reception, query code, who has the case…"""
    rows = [
        (_tr(QT_TRANSLATE_NOOP("CaseView", "Source")), label(SOURCE, c.source)),
        (_tr(QT_TRANSLATE_NOOP("CaseView", "Category")), f"{c.domain}／{c.category}"),
        (_tr(QT_TRANSLATE_NOOP("CaseView", "Received")), f"{fmt_datetime(c.received_at)}（{c.registered_by}）"),
        (_tr(QT_TRANSLATE_NOOP("CaseView", "Query code")), c.query_code),
        (_tr(QT_TRANSLATE_NOOP("CaseView", "Department")), c.department or "—"),
        (_tr(QT_TRANSLATE_NOOP("CaseView", "Handler")), c.handler or "—"),
    ]
    if c.ticket_number:  # the ticket as staff know it (A064), never its database id
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Queue ticket")), c.ticket_number))
    if c.repeat_count:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Repeat visits")), str(c.repeat_count)))
    if c.satisfaction:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Satisfaction")), label(SATISFACTION_LABELS, c.satisfaction)))
    if c.new_case_reason:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Why a new case")), c.new_case_reason))
    if c.final:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Final")),
                     _tr(QT_TRANSLATE_NOOP("CaseView", "settled by 复核: the same matter is not accepted again"))))
    return "　".join(f"<b>{k}：</b>{v}" for k, v in rows)


def reply(r: pt.ReplyInfo) -> str:
    """The written reply: facts, basis, the decision on each request, who issued it and when."""
    decisions = "\n".join(f"{i}. {d.request} —— {d.decision}" for i, d in enumerate(r.decisions, 1))
    found, basis = _tr(QT_TRANSLATE_NOOP("CaseView", "Facts")), _tr(QT_TRANSLATE_NOOP("CaseView", "Basis"))
    return f"{found}：{r.facts}\n{basis}：{r.basis}\n{decisions}\n{r.issuing_body}　{fmt_date(r.issued_on)}"


def due_chip(c: pt.CaseView) -> str:
    """The clock chip of the head: which deadline, when, and how much time is left."""
    return _tr(QT_TRANSLATE_NOOP("CaseView", "%1 due %2 — %3")).replace("%1", label(DUE_KIND, c.due_kind)).replace(
        "%2", fmt_date(c.due_on)).replace("%3", clock_text(c.clock, c.days_left))


def mark(c: pt.CaseView, field: str) -> str:
    """The provisional mark of a deadline counted on a year without official holidays, else ""."""
    return " " + provisional_mark() if field in c.provisional else ""


def clock_rows(c: pt.CaseView) -> list[tuple[str, str]]:
    """The rows of the statutory clock: received, the deadlines that apply, replied, closed."""
    rows = [(_tr(QT_TRANSLATE_NOOP("CaseView", "Received")), fmt_date(c.received_at.date()))]
    if c.accept_due_on:
        done = _tr(QT_TRANSLATE_NOOP("CaseView", "accepted %1")).replace("%1", fmt_date(c.accepted_on)) \
            if c.accepted_on else _tr(QT_TRANSLATE_NOOP("CaseView", "not yet"))
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Tell whether accepted by")),
                     f"{fmt_date(c.accept_due_on)}（{done}）" + mark(c, "accept_due_on")))
    if c.objection_due_on:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Objection possible until")),
                     fmt_date(c.objection_due_on) + mark(c, "objection_due_on")))
    if c.conclude_due_on:
        extra = []
        if c.extended_days:
            extra.append(_tr(QT_TRANSLATE_NOOP("CaseView", "+%1 d extension")).replace("%1", str(c.extended_days)))
        if c.hearing_days:
            extra.append(_tr(QT_TRANSLATE_NOOP("CaseView", "+%1 d hearing")).replace("%1", str(c.hearing_days)))
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Conclude by")),
                     fmt_date(c.conclude_due_on) + (f"（{'，'.join(extra)}）" if extra else "")
                     + mark(c, "conclude_due_on")))
    if c.replied_on:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Replied")), fmt_date(c.replied_on)))
    if c.remedy_due_on:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Review may be requested until")), fmt_date(c.remedy_due_on)))
    if c.follow_up_due_on and c.status == "concluded":
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Follow up by")), fmt_date(c.follow_up_due_on)))
    if c.closed_on:
        rows.append((_tr(QT_TRANSLATE_NOOP("CaseView", "Closed")), fmt_date(c.closed_on)))
    return rows


def links(c: pt.CaseView) -> str:
    """The case this one reviews and the review cases of this one, one a line."""
    lines = []
    if c.parent:
        lines.append(_tr(QT_TRANSLATE_NOOP("CaseView", "Reviews case %1 (%2)")).replace(
            "%1", c.parent.case_no).replace("%2", label(STATUS, c.parent.status)))
    for child in c.children:
        lines.append(_tr(QT_TRANSLATE_NOOP("CaseView", "%1: case %2 (%3)")).replace("%1", label(KIND, child.kind))
                     .replace("%2", child.case_no).replace("%3", label(STATUS, child.status)))
    return "<br>".join(lines)


def six_steps(c: pt.CaseView) -> str:
    """接 转 见 办 结 访: done ones green, the next one outlined; a closed-early case shows where it ended."""
    done = {s.action for s in c.steps}
    parts, current = [], True
    for action in SIX_STEPS:
        char = SIX[action]
        if action in done:
            parts.append(f"<span style='background:#1e7b34;color:white;padding:2px 6px'>&nbsp;{char}&nbsp;</span>")
        elif current and c.status not in ("not_accepted", "withdrawn", "closed"):
            parts.append(f"<span style='border:1px solid #1e7b34;color:#1e7b34'>&nbsp;{char}&nbsp;</span>")
            current = False
        else:
            parts.append(f"<span style='color:#9aa0a6'>&nbsp;{char}&nbsp;</span>")
    return " ".join(parts)


def status_change(s: pt.StepInfo) -> str:
    if s.from_status == s.to_status:
        return label(STATUS, s.to_status)
    return f"{label(STATUS, s.from_status) or '—'} → {label(STATUS, s.to_status)}"


def _days(d: dict) -> str:
    return _tr(QT_TRANSLATE_NOOP("CaseView", "%1 days")).replace("%1", str(d.get("days", "")))


def step_text(s: pt.StepInfo) -> str:
    """What a step of the timeline did: its details (department, meeting, days, verdict…) and its note."""
    d = s.detail or {}
    parts = [s.note] if s.note else []
    if s.action == "assign":
        parts.insert(0, _tr(QT_TRANSLATE_NOOP("CaseView", "to %1")).replace("%1", d.get("department", "")))
    elif s.action == "meet":
        parts.insert(0, f"{d.get('met_on', '')} {d.get('place', '')}".strip())
    elif s.action == "request_extension":
        parts.insert(0, _days(d))
    elif s.action == "decide_extension":
        verdict = _tr(QT_TRANSLATE_NOOP("CaseView", "approved")) if d.get("approved") else \
            _tr(QT_TRANSLATE_NOOP("CaseView", "refused"))
        parts.insert(0, f"{verdict} {_days(d)}")
    elif s.action == "follow_up":
        parts.insert(0, f"{label(SATISFACTION_LABELS, d.get('satisfaction'))} · {label(METHOD, d.get('method'))}")
    elif s.action == "repeat_visit":
        parts.insert(0, label(SOURCE, d.get("source")))
    elif s.action == "request_review":
        parts.insert(0, f"{label(KIND, d.get('kind'))} {d.get('case_no', '')}")
    elif s.action == "supervise":
        parts.insert(0, _tr(QT_TRANSLATE_NOOP("CaseView", "due %1")).replace("%1", d.get("due_on", "")))
    elif s.action == "recompute":
        parts.insert(0, f"{calendar_label(RULES, d.get('rule', ''))} {d.get('old', '')} → {d.get('new', '')}")
    elif s.action == "refuse" and d.get("basis"):
        parts.append(d["basis"])
    return "；".join(p for p in parts if p)


def timeline_row(s: pt.StepInfo) -> list[str]:
    return [fmt_datetime(s.at), label(ACTION, s.action), s.actor_name, status_change(s), step_text(s)]


def supervision_answer(s: pt.SupervisionInfo) -> str:
    if not s.answered_at:
        return _tr(QT_TRANSLATE_NOOP("CaseView", "not answered yet"))
    return f"{s.answer}（{s.answered_by_name} {fmt_datetime(s.answered_at)}）"


def extension_decision(e: pt.ExtensionInfo) -> str:
    if e.status == "pending":
        return _tr(QT_TRANSLATE_NOOP("CaseView", "waiting for the director"))
    if e.status == "lapsed":
        return _tr(QT_TRANSLATE_NOOP("CaseView", "lapsed"))
    verdict = _tr(QT_TRANSLATE_NOOP("CaseView", "approved")) if e.status == "approved" else \
        _tr(QT_TRANSLATE_NOOP("CaseView", "refused"))
    return f"{verdict}（{e.decided_by_name} {fmt_datetime(e.decided_at)}）{e.decision_note}"


def size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"
