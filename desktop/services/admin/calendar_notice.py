"""Reading the State Council's holiday notice, 《国务院办公厅关于YYYY年部分节假日安排的通知》.

The notice is short and regular: a title naming the year, then one numbered item per holiday::

    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、
    2月28日（周六）上班。

Each item gives the days off (a range, "放假" with "调休", "共N天", "与周末连休", "不调休") and the make-up
working days ("…上班"); a sentence of advice ("鼓励…") is passed over. Everything else inside the items is
refused with the line it stopped at, so a half-understood notice is never saved. The weekday a notice
prints next to a date (周四, 星期日) and the number of days (共N天) are checked against the calendar.

Text comes pasted, or from a saved .txt (UTF-8 or GB18030), .html (tags stripped) or .pdf (its text layer,
read with pypdf). Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from desktop.services.errors import ServiceError

MAX_FILE_BYTES = 5 * 1024 * 1024
NOTICE_SUFFIXES = (".txt", ".html", ".htm", ".pdf")
WEEKDAYS = "一二三四五六日"


class NoticeNotUnderstood(ServiceError):
    """The text is not a notice OneStop can read to the end; nothing was saved.
    facts: line_no (1-based; 0 when the text has no line to point at), line (the text of that line),
    reason: empty / no_year / no_holidays / sentence / date / weekday / day_count / conflict / out_of_year /
    name; and for some reasons: day (ISO date), printed (the weekday printed), actual (its real weekday
    index, Monday 0), expected (days counted), stated (the 共N天)."""


class NoticeUnreadable(ServiceError):
    """A notice file that cannot be read. facts: file, reason: missing / suffix / too_large / encoding /
    pdf / no_text, detail."""


@dataclass(frozen=True)
class NoticeHoliday:
    name: str                          # 春节; 国庆节、中秋节
    days_off: tuple[dt.date, ...]      # every day of the break, weekends included
    workdays: tuple[dt.date, ...]      # the make-up working days (调休上班)
    line_no: int


@dataclass(frozen=True)
class NoticeDay:
    """A day the notice makes different from the Monday–Friday week (what the calendar stores)."""

    day: dt.date
    is_workday: bool
    note: str


@dataclass(frozen=True)
class Notice:
    year: int
    title: str  # as printed, without 《》; "" when the text starts below the title
    holidays: tuple[NoticeHoliday, ...]

    def days_off(self) -> dict[dt.date, str]:
        return {d: h.name for h in self.holidays for d in h.days_off}

    def workdays(self) -> dict[dt.date, str]:
        return {d: h.name for h in self.holidays for d in h.workdays}

    def exceptions(self) -> list[NoticeDay]:
        """The days to store: days off on weekdays, make-up working days on weekends (notes as the package
        gives them: 春节, 调休上班（春节）)."""
        out = [NoticeDay(d, False, name[:60]) for d, name in self.days_off().items() if d.weekday() < 5]
        out += [NoticeDay(d, True, f"调休上班（{name}）"[:60]) for d, name in self.workdays().items()
                if d.weekday() >= 5]
        return sorted(out, key=lambda r: r.day)


# ---------------------------------------------------------------- reading files

class _TextOfHtml(HTMLParser):
    BLOCKS = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article",
              "table", "td", "th", "ul", "ol", "pre", "blockquote", "hr"}
    SKIP = {"script", "style", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in self.SKIP:
            self.skipping += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page, one block per line (the page title first)."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    body = "".join(parser.parts)
    title = "".join(parser.title).strip()
    return (title + "\n" if title else "") + body


def _decode(data: bytes, file: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeUnreadable(file=file, reason="encoding", detail="")


def read_notice_file(path: str | Path) -> str:
    """The text of a saved notice: .txt, .html/.htm (tags stripped) or .pdf (its text layer)."""
    p = Path(path)
    name = p.name
    suffix = p.suffix.lower()
    if suffix not in NOTICE_SUFFIXES:
        raise NoticeUnreadable(file=name, reason="suffix", detail=suffix)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise NoticeUnreadable(file=name, reason="too_large", detail=str(size))
        data = p.read_bytes()
    except FileNotFoundError:
        raise NoticeUnreadable(file=name, reason="missing", detail=str(p)) from None
    except OSError as exc:
        raise NoticeUnreadable(file=name, reason="missing", detail=exc.strerror or str(exc)) from None
    if suffix == ".pdf":
        return _pdf_text(data, name)
    text = _decode(data, name)
    if suffix in (".html", ".htm"):
        return html_text(text)
    return text


def _pdf_text(data: bytes, name: str) -> str:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise NoticeUnreadable(file=name, reason="pdf", detail=str(exc)[:200]) from None
    if not text.strip():
        raise NoticeUnreadable(file=name, reason="no_text", detail="")  # a scan without a text layer
    return text


# ---------------------------------------------------------------- parsing

ITEM = re.compile(r"^([一二三四五六七八九十]{1,3})、(.+?):(.*)$")
NAME = re.compile(r"^[\u4e00-\u9fff、]{2,16}$")
TITLE = re.compile(r"(国务院办公厅关于(\d{4})年部分节假日安排的通知)")
YEAR_IN_INTRO = re.compile(r"现将(\d{4})年")
DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\(([^)]*)\))?"
END = r"(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日(?:\(([^)]*)\))?"
OFF = re.compile(rf"^{DATE}(?:至{END})?放假(.*)$")
ONE_DATE = re.compile(rf"^{DATE}$")
ADVICE = ("鼓励", "提倡")
TAIL_FIRST = re.compile(r"^(调休)?(?:共?(\d+)天)?(调休)?$")
TAIL_MORE = re.compile(r"^(?:共(\d+)天|与周末连休|不调休|调休)$")
WEEKDAY_IN = re.compile(r"(?:周|星期)([一二三四五六日天])")
RULE_WORDS = ("上班", "放假", "调休")
DATE_ANYWHERE = re.compile(r"\d{1,2}月\d{1,2}日")
LINE_END = ("。", ":", ";", "!", "?")


def _clean(line: str) -> str:
    """NFKC (full-width digits, parentheses and colons to ASCII) and no whitespace: PDF text layers put
    spaces between Chinese characters."""
    text = unicodedata.normalize("NFKC", line)
    text = text.replace("〔", "[").replace("〕", "]").replace("，", ",").replace("；", ";")
    return "".join(text.split())


@dataclass
class _Line:
    no: int  # 1-based number of its first physical line
    raw: str  # as given (first physical line), for the error message
    text: str  # cleaned, wrapped lines joined


def _logical_lines(text: str) -> list[_Line]:
    """Physical lines joined where a sentence wraps (a line not ending a sentence, followed by one that does
    not start a new item): PDF text layers and narrow pages break lines anywhere."""
    out: list[_Line] = []
    joinable = False
    for i, raw in enumerate(text.splitlines(), start=1):
        clean = _clean(raw)
        if not clean:
            joinable = False
            continue
        if joinable and out and not ITEM.match(clean):
            out[-1].text += clean
        else:
            out.append(_Line(i, raw.strip(), clean))
        joinable = not clean.endswith(LINE_END)
    return out


def _refuse(line: _Line | None, reason: str, **facts) -> NoticeNotUnderstood:
    return NoticeNotUnderstood(line_no=line.no if line else 0, line=line.raw if line else "", reason=reason,
                               **facts)


def _date(line: _Line, year: int, y: str | None, m: str, d: str, printed: str | None) -> dt.date:
    try:
        day = dt.date(int(y) if y else year, int(m), int(d))
    except ValueError:
        raise _refuse(line, "date", day=f"{y or year}-{m}-{d}") from None
    if printed:
        found = WEEKDAY_IN.search(printed)
        if found:
            index = WEEKDAYS.index("日" if found.group(1) == "天" else found.group(1))
            if index != day.weekday():
                raise _refuse(line, "weekday", day=day.isoformat(), printed=found.group(0), actual=day.weekday())
    if not dt.date(year - 1, 12, 1) <= day <= dt.date(year + 1, 1, 31):
        raise _refuse(line, "out_of_year", day=day.isoformat())
    return day


def _days_off(line: _Line, year: int, sentence: str) -> list[dt.date] | None:
    m = OFF.match(sentence)
    if m is None:
        return None
    y1, m1, d1, p1, y2, m2, d2, p2, tail = m.groups()
    first = _date(line, year, y1, m1, d1, p1)
    if d2 is None:
        last = first
    else:
        month = m2 or str(first.month)
        end_year = y2 or str(first.year)
        if not y2 and (int(month), int(d2)) < (first.month, first.day):
            end_year = str(first.year + 1)  # 12月31日至1月2日
        last = _date(line, year, end_year, month, d2, p2)
    if last < first or (last - first).days > 40:
        raise _refuse(line, "date", day=last.isoformat())
    pieces = tail.split(",")
    head = TAIL_FIRST.match(pieces[0])
    if head is None:
        return None
    stated = [head.group(2)] if head.group(2) else []
    for piece in pieces[1:]:
        more = TAIL_MORE.match(piece)
        if more is None:
            return None
        if more.group(1):
            stated.append(more.group(1))
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    for n in stated:
        if int(n) != len(days):
            raise _refuse(line, "day_count", expected=len(days), stated=int(n))
    return days


def _make_up_days(line: _Line, year: int, sentence: str) -> list[dt.date] | None:
    if not sentence.endswith("上班"):
        return None
    listed = re.split(r"[、,和及]", sentence[:-2])
    out = []
    for item in listed:
        m = ONE_DATE.match(item)
        if m is None:
            return None
        out.append(_date(line, year, *m.groups()))
    return out


def _holiday(line: _Line, year: int) -> NoticeHoliday:
    m = ITEM.match(line.text)
    name, body = m.group(2), m.group(3)
    if not NAME.match(name):
        raise _refuse(line, "name")
    off: list[dt.date] = []
    work: list[dt.date] = []
    for sentence in (s for s in body.split("。") if s):
        if sentence.startswith(ADVICE):
            continue  # 鼓励各单位……安排职工在除夕休息: advice, not a rule
        days = _days_off(line, year, sentence)
        if days is not None:
            off += days
            continue
        days = _make_up_days(line, year, sentence)
        if days is None:
            raise _refuse(line, "sentence", sentence=sentence)
        work += days
    if not off:
        raise _refuse(line, "sentence", sentence=body)
    both = set(off) & set(work)
    if both:
        raise _refuse(line, "conflict", day=min(both).isoformat())
    return NoticeHoliday(name, tuple(sorted(set(off))), tuple(sorted(set(work))), line.no)


def parse_notice(text: str) -> Notice:
    """The holidays and make-up working days of a notice; NoticeNotUnderstood names the line it stopped at."""
    lines = _logical_lines(text or "")
    if not lines:
        raise _refuse(None, "empty")
    title, year = "", None
    for line in lines:
        if ITEM.match(line.text):
            break
        found = TITLE.search(line.text)
        if found and not title:
            title, year = found.group(1), int(found.group(2))
        intro = YEAR_IN_INTRO.search(line.text)
        if intro and year is None:
            year = int(intro.group(1))
    if year is None:
        raise _refuse(lines[0], "no_year")
    holidays: list[NoticeHoliday] = []
    pending: _Line | None = None  # a line after an item that is not an item itself
    for line in lines:
        if ITEM.match(line.text):
            if pending is not None:  # between two items: it must belong to the first
                raise _refuse(pending, "sentence", sentence=pending.text)
            holidays.append(_holiday(line, year))
            continue
        if not holidays:
            continue  # the title, the addressees, the introduction
        if pending is None and _continues(line, year, holidays):
            continue
        if pending is None and DATE_ANYWHERE.search(line.text) and any(w in line.text for w in RULE_WORDS):
            raise _refuse(line, "sentence", sentence=line.text)  # looks like a rule, but is not one we read
        pending = pending or line  # the closing paragraph and the signature, unless an item follows
    if not holidays:
        raise _refuse(lines[-1], "no_holidays")
    seen: dict[dt.date, tuple[bool, NoticeHoliday]] = {}
    for h in holidays:
        for day, is_workday in [(d, False) for d in h.days_off] + [(d, True) for d in h.workdays]:
            if day in seen and seen[day][0] != is_workday:
                line = next(x for x in lines if x.no == h.line_no)
                raise _refuse(line, "conflict", day=day.isoformat())
            seen[day] = (is_workday, h)
    return Notice(year, title, tuple(holidays))


def _continues(line: _Line, year: int, holidays: list[NoticeHoliday]) -> bool:
    """A wrapped line of the last item that starts a new sentence (the make-up days on the next line)."""
    sentences = [s for s in line.text.split("。") if s]
    if not sentences:
        return False
    work: list[dt.date] = []
    for sentence in sentences:
        if sentence.startswith(ADVICE) and DATE_ANYWHERE.search(sentence):
            continue
        days = _make_up_days(line, year, sentence)
        if days is None:
            return False
        work += days
    if not work:
        return False
    last = holidays[-1]
    if set(work) & set(last.days_off):
        raise _refuse(line, "conflict", day=min(set(work) & set(last.days_off)).isoformat())
    holidays[-1] = NoticeHoliday(last.name, last.days_off, tuple(sorted(set(last.workdays) | set(work))),
                                 last.line_no)
    return True
