"""Case numbers: （2026）虎信字第034号 for petitions (kind 信), （2026）虎调字第012号 for mediation (kind 调).

One counter row per kind and year, bumped in the transaction that registers the case:

- SQLite: writers already hold the database write lock (``BEGIN IMMEDIATE``), so the bump is serial.
- PostgreSQL: ``UPDATE … RETURNING`` takes the row lock; a second clerk's transaction waits on it and then
  reads the first clerk's committed value. A year's first number is created with ``INSERT … ON CONFLICT DO
  NOTHING`` so two first registrations of a year cannot both insert.

A registration that rolls back takes its bump with it, so numbers are unique and without gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.db import UnitOfWork
from desktop.models import CaseCounter, Center
from desktop.services.errors import Invalid

PETITION = "信"
MEDIATION = "调"
MATTER = "码"  # the matter register's codes (desktop.services.matters)
KINDS = (PETITION, MEDIATION, MATTER)


@dataclass(frozen=True)
class CaseNumber:
    kind: str
    year: int
    seq: int
    text: str


def format_case_number(*, abbr: str, kind: str, year: int, seq: int) -> str:
    """（2026）虎信字第034号: at least three digits, more when the year needs them."""
    return f"（{year}）{abbr}{kind}字第{seq:03d}号"


def _bump(uow, kind: str, year: int) -> int | None:
    stmt = (update(CaseCounter).where(CaseCounter.kind == kind, CaseCounter.year == year)
            .values(last_no=CaseCounter.last_no + 1).returning(CaseCounter.last_no)
            .execution_options(synchronize_session=False))
    return uow.session.execute(stmt).scalar()


def next_case_number(uow: UnitOfWork, *, kind: str, year: int) -> CaseNumber:
    """Inside an open writing unit of work: take the next number of ``kind`` for ``year``."""
    if kind not in KINDS:
        raise Invalid(field="kind", reason="unknown", value=kind)
    seq = _bump(uow, kind, year)
    if seq is None:
        insert = pg_insert if uow.kind == "postgresql" else sqlite_insert
        uow.session.execute(insert(CaseCounter).values(kind=kind, year=year, last_no=0).on_conflict_do_nothing())
        seq = _bump(uow, kind, year)
    abbr = uow.session.scalar(select(Center.case_abbr).limit(1)) or ""
    return CaseNumber(kind, year, seq, format_case_number(abbr=abbr, kind=kind, year=year, seq=seq))


def last_case_number(uow: UnitOfWork, *, kind: str, year: int) -> int:
    """The last number issued (0 when none yet); for checks and reports."""
    with uow:
        return uow.session.scalar(select(CaseCounter.last_no).where(
            CaseCounter.kind == kind, CaseCounter.year == year)) or 0


def take_serials(uow: UnitOfWork, *, kind: str, year: int, count: int) -> range:
    """Inside an open writing unit of work: ``count`` consecutive numbers of ``kind`` for ``year`` in one
    counter update (an import's batch takes its cases' numbers and matter codes this way)."""
    if kind not in KINDS:
        raise Invalid(field="kind", reason="unknown", value=kind)
    if count == 0:
        return range(0)
    stmt = (update(CaseCounter).where(CaseCounter.kind == kind, CaseCounter.year == year)
            .values(last_no=CaseCounter.last_no + count).returning(CaseCounter.last_no)
            .execution_options(synchronize_session=False))
    last = uow.session.execute(stmt).scalar()
    if last is None:
        insert = pg_insert if uow.kind == "postgresql" else sqlite_insert
        uow.session.execute(insert(CaseCounter).values(kind=kind, year=year, last_no=0).on_conflict_do_nothing())
        last = uow.session.execute(stmt).scalar()
    return range(last - count + 1, last + 1)
