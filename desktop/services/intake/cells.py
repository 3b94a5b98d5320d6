"""Cell values normalised per field: text and codes (1.0 -> "1"), dates written as text in many forms
or as Excel serial numbers, phones stored as numbers (the lost leading zero of a landline is restored)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from desktop.services.people import InvalidPhone, normalize_phone


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value) -> str:
    """A cell as the clerk would read it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def text_value(value) -> str:
    """A cell that holds text or a code: numbers lose a spurious ".0", whitespace is trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return display(value)
    return str(value).strip()


def one_line(value) -> str:
    return " ".join(text_value(value).split())


EXCEL_EPOCH = dt.datetime(1899, 12, 30)
EXCEL_EPOCH_1904 = dt.datetime(1904, 1, 1)  # workbooks made on old Macs
SERIAL_MIN, SERIAL_MAX = 20000, 80000  # 1954 .. 2119: a number in this range in a date column is a serial
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:(?:\s+|T|\s*)(上午|下午|AM|PM|am|pm)?\s*(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*分?"
    r"(?:\s*[:：]?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?)?\s*(上午|下午|AM|PM|am|pm)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:\s*(\d{2}):?(\d{2})(?::?(\d{2}))?)?")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


class BadValue(ValueError):
    """A cell that does not hold what its column needs. ``reason`` is the code the preview shows."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def from_serial(serial: float, *, epoch: dt.datetime = EXCEL_EPOCH) -> dt.datetime:
    if not SERIAL_MIN <= serial <= SERIAL_MAX:
        raise BadValue("date_format")
    moment = epoch + dt.timedelta(days=serial)
    return moment.replace(microsecond=0) + (dt.timedelta(seconds=1) if moment.microsecond >= 500_000 else
                                            dt.timedelta())


def parse_datetime(value, *, epoch: dt.datetime = EXCEL_EPOCH) -> dt.datetime:
    """A moment from a cell: a real date, an Excel serial number (as number or text), or text such as
    2026/11/3, 2026-11-03 08:05, 2026年11月3日, 2026年11月3日 8时5分, 2026.11.3, 20261103."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, bool):
        raise BadValue("date_format")
    if isinstance(value, int | float):
        if isinstance(value, int) or float(value).is_integer():
            match = _COMPACT.fullmatch(str(int(value)))
            if match and len(str(int(value))) == 8:
                return _build(match.group(1), match.group(2), match.group(3))
        return from_serial(float(value), epoch=epoch)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        raise BadValue("empty")
    match = _DATE.fullmatch(text)
    if match:
        year, month, day, half, hour, minute, second, half_after = match.groups()
        return _build(year, month, day, hour, minute, second, half or half_after)
    match = _COMPACT.fullmatch(text)
    if match:
        return _build(*match.groups())
    if _NUMBER.fullmatch(text):
        return from_serial(float(text), epoch=epoch)
    raise BadValue("date_format")


def _build(year, month, day, hour=None, minute=None, second=None, half=None) -> dt.datetime:
    h, m, s = int(hour or 0), int(minute or 0), int(second or 0)
    if half in ("下午", "PM", "pm") and h < 12:
        h += 12
    elif half in ("上午", "AM", "am") and h == 12:
        h = 0
    try:
        return dt.datetime(int(year), int(month), int(day), h, m, s)
    except ValueError:
        raise BadValue("date_invalid") from None


def parse_phone(value) -> tuple[str, bool]:
    """A phone from a cell, normalised as desktop.services.people stores it, and whether a leading zero
    that Excel dropped (a landline stored as a number) had to be restored. Of several numbers in one cell
    ("138…/0512-…") the first valid one is taken. "" when the cell is empty."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise BadValue("phone")
        candidates = [str(int(value))]
    else:
        text = unicodedata.normalize("NFKC", text_value(value))
        if not text:
            return "", False
        if _NUMBER.fullmatch(text) and ("e" in text.lower() or text.endswith(".0")):
            candidates = [str(int(float(text)))]  # 1.3812345678E+10 from a CSV written by Excel
        else:  # the whole cell ("+86 139 1234 5678"), then each of several numbers, then each word
            candidates = list(dict.fromkeys([text] + [c for c in re.split(r"[/,;、，；]+|或", text) if c.strip()]
                                            + text.split()))
    for candidate in candidates:
        try:
            return normalize_phone(candidate), False
        except InvalidPhone:
            pass
        digits = re.sub(r"\D", "", candidate)
        if digits and not digits.startswith("0"):  # a landline stored as a number: 51265551234, 1012345678
            try:
                return normalize_phone("0" + digits), True
            except InvalidPhone:
                pass
    raise BadValue("phone")
