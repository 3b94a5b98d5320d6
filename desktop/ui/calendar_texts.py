"""Texts of the working-day calendar shared by the administration screen, the banner, the deadline-change
list, the case lists and the kiosk (translation context "Calendar"), and the messages of its failures
(registered in desktop/ui/message_registry.py)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QLocale

from desktop.services.admin import calendar as cal
from desktop.services.queue import HallClosed
from desktop.ui.message_registry import register, register_fields
from desktop.ui.text import labeller, translator

t = translator("Calendar")


RULES = {
    "accept_notice": QT_TRANSLATE_NOOP("Calendar", "Tell whether accepted"),
    "objection": QT_TRANSLATE_NOOP("Calendar", "Objection period"),
    "conclude": QT_TRANSLATE_NOOP("Calendar", "Conclude"),
    "review_opinion": QT_TRANSLATE_NOOP("Calendar", "复查 opinion"),
    "recheck_opinion": QT_TRANSLATE_NOOP("Calendar", "复核 opinion"),
    "mediation_term": QT_TRANSLATE_NOOP("Calendar", "Mediation term"),
    "rating_follow_up": QT_TRANSLATE_NOOP("Calendar", "Bad-rating follow-up"),
}
CAUSES = {
    "notice": QT_TRANSLATE_NOOP("Calendar", "State Council notice"),
    "package": QT_TRANSLATE_NOOP("Calendar", "Official holidays of this version"),
    "day": QT_TRANSLATE_NOOP("Calendar", "A day changed by hand"),
    "range": QT_TRANSLATE_NOOP("Calendar", "Days changed by hand"),
    "confirm": QT_TRANSLATE_NOOP("Calendar", "Year confirmed by hand"),
}
SOURCES = {
    "package": QT_TRANSLATE_NOOP("Calendar", "official holidays shipped with OneStop (%1)"),
    "notice": QT_TRANSLATE_NOOP("Calendar", "State Council notice 《%1》"),
    "hand": QT_TRANSLATE_NOOP("Calendar", "entered by hand and confirmed (%1)"),
}
CASE_KINDS = {
    "petition": QT_TRANSLATE_NOOP("Calendar", "Petition"),
    "dispute": QT_TRANSLATE_NOOP("Calendar", "Dispute"),
    "follow_up": QT_TRANSLATE_NOOP("Calendar", "Bad-rating follow-up"),
}
FIELDS = {
    "calendar_warn_month": QT_TRANSLATE_NOOP("Fields", "Calendar: warn about next year's holidays from (month)"),
    "calendar_warn_day": QT_TRANSLATE_NOOP("Fields", "Calendar: warn about next year's holidays from (day)"),
    "hall_open_on_days_off": QT_TRANSLATE_NOOP("Fields", "Kiosk: issue ordinary tickets on days off (staffed holiday)"),
    "last_day": QT_TRANSLATE_NOOP("Fields", "Last day"),
}


def join_sentences(*parts: str) -> str:
    """Sentences one after the other: a space between English ones, none after Chinese punctuation."""
    out = ""
    for part in (p for p in parts if p):
        out += part if not out or out.endswith(("。", "！", "？", "；", "）", "”", "」")) else " " + part
    return out


label = labeller(t)


def fmt_day(day: dt.date | None) -> str:
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), "yyyy-MM-dd ddd")


def weekday_name(index: int) -> str:
    return QLocale().dayName(index + 1, QLocale.FormatType.LongFormat)


def provisional_tip(day: dt.date | None) -> str:
    year = day.year if day else ""
    return t(QT_TRANSLATE_NOOP("Calendar", "Provisional: the holidays of %1 are not official in OneStop yet "
                                           "(weekends only). The date may move when the State Council's notice "
                                           "is imported.")).replace("%1", str(year))


def provisional_mark() -> str:
    return t(QT_TRANSLATE_NOOP("Calendar", "(provisional)"))


def source_text(c: cal.YearCoverage) -> str:
    if not c.official:
        return t(QT_TRANSLATE_NOOP("Calendar", "provisional: weekends only"))
    text = label(SOURCES, c.source).replace("%1", c.source_detail)
    if c.imported_at is not None:
        text += t(QT_TRANSLATE_NOOP("Calendar", ", entered %1 by %2")).replace(
            "%1", c.imported_at.strftime("%Y-%m-%d")).replace("%2", c.imported_by or "—")
    return text


# ---------------------------------------------------------------- messages of the calendar's failures

def _line(f: dict) -> str:
    return t(QT_TRANSLATE_NOOP("Calendar", "Line %1 (“%2”)")).replace("%1", str(f.get("line_no"))).replace(
        "%2", str(f.get("line", ""))[:80])


def _iso(value) -> str:
    try:
        return fmt_day(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _not_understood(f: dict) -> str:
    reason = f.get("reason")
    if reason == "empty":
        return t(QT_TRANSLATE_NOOP("Calendar", "The text is empty: paste the notice or open its file."))
    return join_sentences(_why_not_understood(f, reason), t(QT_TRANSLATE_NOOP("Calendar", "Nothing was saved.")))


def _why_not_understood(f: dict, reason) -> str:
    if reason == "no_year":
        return t(QT_TRANSLATE_NOOP("Calendar", "No year found: the notice names it in its title, as in "
                                               "《国务院办公厅关于2027年部分节假日安排的通知》."))
    if reason == "no_holidays":
        return t(QT_TRANSLATE_NOOP("Calendar", "No holiday found: the notice lists them as items such as "
                                               "“二、春节：2月5日至11日放假调休，共7天。”."))
    where = _line(f)
    if reason == "weekday":
        text = t(QT_TRANSLATE_NOOP("Calendar", "%1: %2 is printed as %3 but is a %4. Check the year and the date."))
        return text.replace("%1", where).replace("%2", _iso(f.get("day"))).replace("%3", str(f.get("printed"))).replace(
            "%4", weekday_name(int(f.get("actual", 0))))
    if reason == "day_count":
        text = t(QT_TRANSLATE_NOOP("Calendar", "%1: the range has %2 days, but the notice says %3."))
        return text.replace("%1", where).replace("%2", str(f.get("expected"))).replace("%3", str(f.get("stated")))
    if reason == "conflict":
        return t(QT_TRANSLATE_NOOP("Calendar", "%1: %2 is both a day off and a working day.")).replace(
            "%1", where).replace("%2", _iso(f.get("day")))
    if reason == "out_of_year":
        return t(QT_TRANSLATE_NOOP("Calendar", "%1: %2 is not in the notice's year.")).replace(
            "%1", where).replace("%2", _iso(f.get("day")))
    if reason == "date":
        return t(QT_TRANSLATE_NOOP("Calendar", "%1: “%2” is not a date.")).replace("%1", where).replace(
            "%2", str(f.get("day")))
    return t(QT_TRANSLATE_NOOP("Calendar", "%1 could not be read: it is neither a holiday's days off nor its "
                                           "make-up working days.")).replace("%1", where)


def _unreadable(f: dict) -> str:
    reason = f.get("reason")
    text = {
        "missing": QT_TRANSLATE_NOOP("Calendar", "The file %1 cannot be opened."),
        "suffix": QT_TRANSLATE_NOOP("Calendar", "%1 is not a notice file OneStop reads (.txt, .html or .pdf)."),
        "too_large": QT_TRANSLATE_NOOP("Calendar", "%1 is too large for a notice."),
        "encoding": QT_TRANSLATE_NOOP("Calendar", "%1 is neither UTF-8 nor GB18030 text."),
        "pdf": QT_TRANSLATE_NOOP("Calendar", "%1 is not a readable PDF file."),
        "no_text": QT_TRANSLATE_NOOP("Calendar", "%1 has no text layer (a scan): copy the text from the "
                                                 "government website instead."),
    }.get(reason, QT_TRANSLATE_NOOP("Calendar", "The file %1 cannot be opened."))
    return t(text).replace("%1", str(f.get("file", "")))


def _hall_closed(f: dict) -> str:
    day, nxt = f.get("day"), f.get("next_open")
    when = t(QT_TRANSLATE_NOOP("Calendar", "Tickets are issued again on %1, %2–%3.")).replace(
        "%1", fmt_day(nxt)).replace("%2", _hm(f.get("opens_at"))).replace("%3", _hm(f.get("closes_at")))
    if f.get("kind") == "holiday":
        holiday = f.get("note") or t(QT_TRANSLATE_NOOP("Calendar", "a public holiday"))
        text = t(QT_TRANSLATE_NOOP("Calendar", "The hall is closed today (%1): %2.")).replace(
            "%1", fmt_day(day)).replace("%2", holiday)
    else:
        text = t(QT_TRANSLATE_NOOP("Calendar", "The hall is closed today (%1): weekend.")).replace("%1", fmt_day(day))
    return join_sentences(text, when)


def _hm(value) -> str:
    return value.strftime("%H:%M") if value is not None else ""


MESSAGES: list = [
    (cal.NoticeNotUnderstood, _not_understood),
    (cal.NoticeUnreadable, _unreadable),
    (HallClosed, _hall_closed),
    (cal.CalendarRangeInvalid, lambda f: t(QT_TRANSLATE_NOOP("Calendar", "The last day must not be before the first."))
     if f.get("reason") == "before_first" else t(QT_TRANSLATE_NOOP(
         "Calendar", "Enter at most %1 days at once.")).replace("%1", str(f.get("maximum")))),
    (cal.YearWithoutHolidays, lambda f: t(QT_TRANSLATE_NOOP(
        "Calendar", "%1 has no holiday stored yet: import the notice or enter its holidays before marking the "
                    "year official.")).replace("%1", str(f.get("year")))),
]


def hall_closed_text(hall: cal.HallDay) -> str:
    """The kiosk's notice on a day off (the same sentence as a refused ticket)."""
    return _hall_closed({"day": hall.day, "next_open": hall.next_open, "kind": hall.kind, "note": hall.note,
                         "opens_at": hall.opens_at, "closes_at": hall.closes_at})

register(MESSAGES)
register_fields(FIELDS, replace=False)
