"""事项路线图: the route a matter took, one row per step, as a section of the case file (一案一码).

Each row gives the step (its route in 黑体, then the step's own name, who handled it and the reason the matter
moved onto it), when it was entered and left, the time spent on it and its legal deadline (marked 超期 when
the step ended, or was still open when the volume was compiled, after it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import short_date
from desktop.documents.fonts import HEI
from desktop.documents.layout import CELL, CELL_LABEL, GBT9704, NOTE, WUHAO, Kit, Section, SectionStart
from desktop.documents.typography import Span

TITLE = "事项路线图"
ROW = CELL.derive(size=WUHAO, leading=WUHAO * 1.5, align="left")
ROW_CENTER = ROW.derive(align="center")
HEAD = CELL_LABEL.derive(size=WUHAO, leading=WUHAO * 1.5)


@dataclass(frozen=True)
class RouteStep:
    """One step: ``route`` (the route in words: 窗口办理, 信访, 人民调解, 司法确认 …), ``name`` (the step as staff
    named it), ``handler`` (the window or department; never a phone), ``entered_at``/``left_at`` (None: still
    current), ``days`` (time spent, in days, to the compiling time for a current step), ``due_on`` (the legal
    deadline, None where the step has none) and ``reason`` (why the matter moved onto the step)."""

    route: str
    name: str
    handler: str
    entered_at: datetime
    left_at: datetime | None
    days: float
    due_on: date | None = None
    reason: str = ""


def days_text(days: float) -> str:
    """「不足1天」, 「2.5天」, 「12天」: one decimal under ten days, whole days from ten."""
    if days < 1:
        return "不足1天"
    if days < 10:
        text = f"{days:.1f}".removesuffix(".0")
        return f"{text}天"
    return f"{round(days)}天"


def overdue(step: RouteStep, as_of: date) -> bool:
    if step.due_on is None:
        return False
    end = step.left_at.date() if step.left_at is not None else as_of
    return end > step.due_on


def _when(at: datetime | None) -> str:
    return f"{short_date(at)}\n{at:%H:%M}" if at is not None else "办理中"


def route_map_story(code: str, steps: tuple[RouteStep, ...], as_of: date, kit: Kit) -> list[Flowable]:
    """The section: title, the matter code, the table of steps and a note on how time is counted."""
    w = GBT9704.frame_width
    head = [kit.cell(t, HEAD) for t in ("序号", "办理环节（承办单位、转入原因）", "进入时间", "离开时间", "用时",
                                        "法定期限")]
    rows: list[list] = [head]
    for n, s in enumerate(steps, start=1):
        step = [Span(s.route, role=HEI), Span(f"　{s.name}")]
        if s.handler:
            step.append(Span(f"\n承办：{s.handler}"))
        if s.reason:
            step.append(Span(f"\n原因：{s.reason}"))
        due = short_date(s.due_on) if s.due_on else "—"
        if overdue(s, as_of):
            due += "\n（超期）"
        rows.append([kit.cell(str(n), ROW_CENTER), kit.cell(step, ROW), kit.cell(_when(s.entered_at), ROW_CENTER),
                     kit.cell(_when(s.left_at), ROW_CENTER), kit.cell(days_text(s.days), ROW_CENTER),
                     kit.cell(due, ROW_CENTER)])
    widths = [11 * mm, 0, 22 * mm, 22 * mm, 17 * mm, 22 * mm]
    widths[1] = w - sum(widths)
    return [
        kit.title(TITLE),
        kit.number_line(f"事项编码：{code}"),
        kit.grid(rows, widths, header_rows=1),
        kit.p(f"用时按进入至离开的时间计算；办理中的环节计至立卷日期（{as_of.year}年{as_of.month}月{as_of.day}日）。",
              NOTE.derive(space_before=3 * mm)),
    ]


def volume_section(key: str, code: str, steps: tuple[RouteStep, ...], as_of: date, kit: Kit) -> list[Flowable]:
    """The route map as a section of a case file, on a new page, its pages numbered on with the volume."""
    return [PageBreak(), SectionStart(Section(key, volume=True)), *route_map_story(code, steps, as_of, kit)]
