"""A room's schedule for one day, printed for its door. It is public: it names the sessions, their times and the
staff who host them, never the parties (the DTO has no field for them; a service must not put names in the
``title``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, cn_date, cn_datetime
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import HEI, TITLE, FontSet, default_fonts
from desktop.documents.layout import GBT9704, NOTE, Kit, Section, render_document
from desktop.documents.typography import ParaStyle, Span

DOCUMENT = "room_schedule"
WEEKDAYS = "一二三四五六日"

ROOM = ParaStyle(role=TITLE, size=40, leading=56, align="center")
CENTER = ParaStyle(role=HEI, size=16, leading=24, align="center")
DAY = ParaStyle(role=HEI, size=20, leading=30, align="center", space_after=6 * mm)
ROW = ParaStyle(role=HEI, size=15, leading=21, align="left")
ROW_CENTER = ROW.derive(align="center")
HEAD = ParaStyle(role=HEI, size=15, leading=21, align="center")
EMPTY = ParaStyle(role=HEI, size=26, leading=40, align="center", space_before=30 * mm)


@dataclass(frozen=True)
class ScheduledSession:
    """``start``/``end`` (times of the day); ``title`` (what happens, e.g. 「邻里纠纷调解」, 「领导接访」 — no party
    names); ``host`` (the mediator or leader); ``case_number`` (may be None); ``mode`` (公开/不公开, may be None)."""

    start: time
    end: time
    title: str
    host: str
    case_number: str | None = None
    mode: str | None = None


@dataclass(frozen=True)
class RoomDaySchedule:
    """Fields: ``center_name``; ``room_name``; ``day``; ``sessions`` (in any order; printed by start time; empty
    prints 「今日暂无安排」); ``printed_at``."""

    center_name: str
    room_name: str
    day: date
    sessions: tuple[ScheduledSession, ...]
    printed_at: datetime


def validate(s: RoomDaySchedule) -> None:
    check = Check(DOCUMENT)
    check.require(s, "center_name", "room_name", "day", "printed_at")
    for i, x in enumerate(s.sessions or ()):
        check.require(x, "start", "end", "title", "host", prefix=f"sessions[{i}].")
    check.done()
    for i, x in enumerate(s.sessions):
        if x.end <= x.start:
            raise InvalidData(field=f"sessions[{i}].end", reason="order", document=DOCUMENT)


def story(s: RoomDaySchedule, kit: Kit) -> list[Flowable]:
    out: list[Flowable] = [
        kit.p(s.center_name, CENTER),
        Spacer(0, 4 * mm),
        kit.p(s.room_name, ROOM),
        kit.p(f"{cn_date(s.day)}　星期{WEEKDAYS[s.day.weekday()]}", DAY),
    ]
    sessions = sorted(s.sessions, key=lambda x: (x.start, x.end))
    if not sessions:
        out.append(kit.p("今日暂无安排", EMPTY))
    else:
        w = GBT9704.frame_width
        rows: list[list] = [[kit.p("时间", HEAD), kit.p("事项", HEAD), kit.p("主持", HEAD), kit.p("方式", HEAD)]]
        for x in sessions:
            what = [Span(x.title)] + ([Span(f"\n{x.case_number}", size=12)] if x.case_number else [])
            rows.append([kit.p(f"{x.start:%H:%M}—{x.end:%H:%M}", ROW_CENTER), kit.p(what, ROW),
                         kit.p(x.host, ROW_CENTER), kit.p(x.mode or "—", ROW_CENTER)])
        out.append(kit.grid(rows, [38 * mm, w - 38 * mm - 36 * mm - 20 * mm, 36 * mm, 20 * mm], header_rows=1))
    out += [
        Spacer(0, 8 * mm),
        kit.p("调解、接访进行中请保持安静，未经工作人员同意请勿入内。", NOTE.derive(align="center", size=12, leading=18)),
        kit.p(f"打印时间：{cn_datetime(s.printed_at)}", NOTE.derive(align="right")),
    ]
    return out


def render_room_schedule(s: RoomDaySchedule, *, fonts: FontSet | None = None) -> bytes:
    validate(s)
    fonts = fonts or default_fonts()
    return render_document(story(s, Kit(fonts)), title=f"{s.room_name} {cn_date(s.day)}", created_at=s.printed_at,
                           fonts=fonts, section=Section(DOCUMENT), author=s.center_name)
