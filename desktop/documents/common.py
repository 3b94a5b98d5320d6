"""Pieces several documents share: parties, personal-information masking, Chinese dates, and the DTO check
that runs before anything is drawn."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from desktop.documents.errors import MissingData

PERSON = "person"
ORGANISATION = "organisation"
APPLICANT = "applicant"
RESPONDENT = "respondent"

SIDE_LABEL = {APPLICANT: "申请人", RESPONDENT: "被申请人"}


@dataclass(frozen=True)
class Party:
    """A party to a dispute or a petitioner.

    ``kind`` is "person" (a natural person) or "organisation". ``side`` is "applicant" or "respondent"
    (mediation); petitions leave it as "applicant". Persons fill ``gender`` (男/女), ``ethnicity`` (民族, e.g. 汉族),
    ``birth_date``, ``id_number`` (resident ID, 18 characters, given in full: each document decides whether it
    prints it in full or masked), ``phone`` and ``address`` (住址). Organisations fill ``address`` (住所),
    ``representative`` (法定代表人或主要负责人) and optionally ``credit_code`` (统一社会信用代码).
    ``agent`` names an authorised agent (委托代理人) if there is one.
    """

    name: str
    side: str = APPLICANT
    kind: str = PERSON
    gender: str | None = None
    ethnicity: str | None = None
    birth_date: date | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    occupation: str | None = None  # 职业或工作单位
    representative: str | None = None
    credit_code: str | None = None
    agent: str | None = None

    @property
    def side_label(self) -> str:
        return SIDE_LABEL.get(self.side, "当事人")


# --- personal information -----------------------------------------------------------------------------------
def mask_id(value: str | None) -> str:
    """``3201**********1234``: the first and last four characters of an ID number, the rest starred."""
    if not value:
        return ""
    v = value.strip()
    if "*" in v or len(v) <= 8:
        return v if "*" in v else "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str | None) -> str:
    """``138****5678`` for an 11-digit mobile number; other numbers keep their last four digits."""
    if not value:
        return ""
    v = value.strip()
    if "*" in v:
        return v
    if len(v) == 11 and v.isdigit():
        return v[:3] + "****" + v[-4:]
    if len(v) <= 4:
        return "*" * len(v)
    return "*" * (len(v) - 4) + v[-4:]


def mask_name(value: str | None) -> str:
    """``张*`` / ``欧阳**``: the family name (first character) only."""
    if not value:
        return ""
    v = value.strip()
    return v[0] + "*" * (len(v) - 1) if len(v) > 1 else v


# --- sentences ----------------------------------------------------------------------------------------------
_SOFT_ENDS = "。；，、;,.:： \u3000\n\t"  # dropped at a clause's end: the joiner puts its own mark there
_HARD_ENDS = "？！?!…"  # kept, and they end the clause themselves
_CLOSERS = "）)」』》〉”’\"'"


def join_clauses(parts: Iterable[str | None], sep: str = "；", end: str = "。") -> str:
    """Joins texts typed separately (the petitioner's account, their requests) into one sentence with one mark
    between clauses and one at the end: 「补偿。」+「按标准支付」 -> 「补偿；按标准支付。」, never 「补偿。；按标准」.
    A clause ending in ？ or ！ keeps it and needs no other mark."""
    clauses = []
    for part in parts:
        text = (part or "").strip().rstrip(_SOFT_ENDS)
        if text:
            clauses.append(text)
    out = ""
    for i, text in enumerate(clauses):
        if i and out.rstrip(_CLOSERS)[-1:] not in _HARD_ENDS:
            out += sep
        out += text
    if out and out.rstrip(_CLOSERS)[-1:] not in _HARD_ENDS:
        out += end
    return out


# --- dates --------------------------------------------------------------------------------------------------
def cn_date(d: date | datetime | None) -> str:
    """2026年11月20日"""
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日"


def short_date(d: date | datetime | None) -> str:
    """2026.11.20 (the dates of a 卷内目录)"""
    return f"{d.year}.{d.month:02d}.{d.day:02d}" if d else ""


def cn_datetime(d: datetime | None) -> str:
    """2026年11月20日 10:03"""
    if d is None:
        return ""
    return f"{cn_date(d)} {d.hour:02d}:{d.minute:02d}"


def cn_time_range(start: datetime, end: datetime | None) -> str:
    """2026年11月20日 09:00至10:30"""
    if end is None:
        return cn_datetime(start)
    if end.date() == start.date():
        return f"{cn_datetime(start)}至{end.hour:02d}:{end.minute:02d}"
    return f"{cn_datetime(start)}至{cn_datetime(end)}"


BLANK_DATE = "　　年　　月　　日"

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (numbers of 「一、」「（一）」 items); 100 and up stay Arabic."""
    if 0 <= n < 10:
        return _DIGITS[n]
    if 10 <= n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if 20 <= n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def gender_label(value: str | None) -> str:
    return {"M": "男", "F": "女", "male": "男", "female": "女"}.get(value or "", value or "")


# --- the check before drawing -------------------------------------------------------------------------------
def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (tuple, list, dict, set, frozenset)):
        return len(value) == 0
    return False


class Check:
    """Collects every missing item of a DTO, then raises one :class:`MissingData` naming them all."""

    def __init__(self, document: str):
        self.document = document
        self.missing: list[str] = []

    def require(self, obj, *names: str, prefix: str = "") -> Check:
        for name in names:
            if _empty(getattr(obj, name, None)):
                self.missing.append(f"{prefix}{name}")
        return self

    def require_value(self, value, name: str) -> Check:
        if _empty(value):
            self.missing.append(name)
        return self

    def require_party(self, party: Party, prefix: str, *, person: Iterable[str], organisation: Iterable[str]) -> Check:
        self.require(party, "name", prefix=prefix)
        self.require(party, *(person if party.kind != ORGANISATION else organisation), prefix=prefix)
        return self

    def done(self) -> None:
        if self.missing:
            raise MissingData(missing=self.missing, document=self.document)
