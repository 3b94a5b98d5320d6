"""Petition lists and search, paged in SQL so they stay instant with a million cases.

Lists: my cases, my department's, due soon, overdue, all — and for the director: dissatisfied follow-ups and
open 督办 notes. Each list is one indexed query newest first (or by deadline for the clock lists) with
``LIMIT``/``OFFSET``; filters by status, category, source, department, village and date range.

Search finds Chinese substrings of the case number, petitioner names, content and requests:

- terms of three characters or more go through the trigram index (PostgreSQL pg_trgm GIN index on
  PG_SEARCH_EXPRESSION; SQLite FTS5 ``petition_fts`` with the trigram tokenizer), both made by migration 0003;
- a search of only shorter terms (a two-character name such as 王芳) finds cases of people whose name starts
  with it, through the name index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, false, func, or_, select, true
from sqlalchemy.orm import aliased

from desktop.db import UnitOfWork
from desktop.models import Department, Petition, PetitionCategory, PetitionSupervision, User
from desktop.services.admin.calendar import load_coverage
from desktop.services.admin.settings import get_setting
from desktop.services.deadline_recompute import NOT_CONCLUDED
from desktop.services.deadlines import clock_state
from desktop.services.petitions.access import require_case_access
from desktop.services.petitions.search import (
    _search_condition,
)

VIEWS = ("mine", "department", "due_soon", "overdue", "all", "dissatisfied", "supervised")
CLOCK_VIEWS = ("due_soon", "overdue")
SORT_KEYS = ("received", "case_no", "due")


@dataclass(frozen=True)
class PetitionFilter:
    status: str | None = None
    category_id: int | None = None  # a domain (first level) includes its categories
    source: str | None = None
    department_id: int | None = None
    unassigned: bool = False  # only cases with no department (still with the center)
    village: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None  # inclusive
    text: str = ""


@dataclass(frozen=True)
class PetitionRow:
    id: int
    case_no: str
    kind: str
    received_at: dt.datetime
    source: str
    category: str
    domain: str
    petitioner_names: str
    village: str
    department: str
    handler: str
    status: str
    due_on: dt.date | None
    due_kind: str
    clock: str
    days_left: int | None
    repeat_count: int
    dissatisfied: bool
    satisfaction: str | None
    supervised: bool  # an unanswered 督办 note is open
    version: int
    provisional: bool = False  # the running deadline falls in a provisional calendar year (may still move)


@dataclass(frozen=True)
class DepartmentLoad:
    """The director's overview: cases whose clock runs out soon, per department ("" = the center)."""

    department_id: int | None
    department: str
    overdue: int
    due_today: int
    due_soon: int
    oldest_due_on: dt.date | None


# ---------------------------------------------------------------- conditions (inside an open unit of work)

def _view_condition(uow, view: str, today: dt.date):
    actor = uow.actor
    if view == "mine":
        return Petition.handler_id == actor.user_id if actor.user_id is not None else false()
    if view == "department":
        return Petition.department_id == actor.department_id if actor.department_id is not None else false()
    if view == "due_soon":
        soon = today + dt.timedelta(days=get_setting(uow, "petition_due_soon_days"))
        return and_(Petition.due_on >= today, Petition.due_on <= soon)
    if view == "overdue":
        return Petition.due_on < today
    if view == "dissatisfied":
        return Petition.dissatisfied == true()
    if view == "supervised":
        return Petition.id.in_(select(PetitionSupervision.petition_id)
                               .where(PetitionSupervision.answered_at.is_(None)))
    return true()


def _filter_conditions(uow, f: PetitionFilter) -> list:
    out = []
    if f.status:
        out.append(Petition.status == f.status)
    if f.category_id is not None:
        children = select(PetitionCategory.id).where(PetitionCategory.parent_id == f.category_id)
        out.append(or_(Petition.category_id == f.category_id, Petition.category_id.in_(children)))
    if f.source:
        out.append(Petition.source == f.source)
    if f.department_id is not None:
        out.append(Petition.department_id == f.department_id)
    if f.unassigned:
        out.append(Petition.department_id.is_(None))
    if f.village.strip():
        out.append(Petition.village == f.village.strip())
    if f.received_from:
        out.append(Petition.received_at >= dt.datetime.combine(f.received_from, dt.time()))
    if f.received_to:
        out.append(Petition.received_at < dt.datetime.combine(f.received_to + dt.timedelta(days=1), dt.time()))
    if f.text.strip():
        out.append(_search_condition(uow, f.text.strip()))
    return out


def _order(view: str, sort_key: str | None, descending: bool):
    if sort_key is None:
        return [Petition.due_on.asc(), Petition.id.asc()] if view in CLOCK_VIEWS else [Petition.id.desc()]
    column = {"received": Petition.received_at, "case_no": Petition.id, "due": Petition.due_on}[sort_key]
    if sort_key == "case_no":
        return [column.desc() if descending else column.asc()]
    return [column.desc() if descending else column.asc(), Petition.id.desc() if descending else Petition.id.asc()]


# ---------------------------------------------------------------- services

def _rows(uow, conditions: list, order: list, offset: int, limit: int) -> list[PetitionRow]:
    """Inside an open unit of work: one page of list rows (names joined from the small tables)."""
    today = uow.now().date()
    category = aliased(PetitionCategory)
    domain = aliased(PetitionCategory)
    supervised = exists().where(PetitionSupervision.petition_id == Petition.id,
                                PetitionSupervision.answered_at.is_(None))
    q = (select(Petition.id, Petition.case_no, Petition.kind, Petition.received_at, Petition.source,
                category.name, domain.name, Petition.petitioner_names, Petition.village, Department.name,
                User.full_name, Petition.status, Petition.due_on, Petition.due_kind, Petition.repeat_count,
                Petition.dissatisfied, Petition.satisfaction, supervised.label("supervised"), Petition.version)
         .join(category, category.id == Petition.category_id)
         .outerjoin(domain, domain.id == category.parent_id)
         .outerjoin(Department, Department.id == Petition.department_id)
         .outerjoin(User, User.id == Petition.handler_id)
         .where(*conditions).order_by(*order).offset(offset).limit(limit))
    soon = get_setting(uow, "petition_due_soon_days")
    coverage = load_coverage(uow)
    out = []
    for r in uow.session.execute(q):
        clock = clock_state(r[12], today, soon)
        out.append(PetitionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], r[9] or "",
                               r[10] or "", r[11], r[12], r[13], clock.state, clock.days_left, r[14], r[15],
                               r[16], bool(r[17]), r[18],
                               provisional=r[11] in NOT_CONCLUDED and coverage.provisional(r[12])))
    return out


def list_petitions(uow: UnitOfWork, *, view: str = "all", filters: PetitionFilter = PetitionFilter(), offset: int = 0,
                   limit: int = 100, sort_key: str | None = None, descending: bool = False) -> list[PetitionRow]:
    """One page of a list. Without ``sort_key``: newest first, or the nearest deadline first for the
    clock lists. Sortable: "received", "case_no", "due"."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if sort_key is not None and sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_key!r}")
    with uow:
        require_case_access(uow)
        conditions = [_view_condition(uow, view, uow.now().date()), *_filter_conditions(uow, filters)]
        return _rows(uow, conditions, _order(view, sort_key, descending), offset, limit)


def count_petitions(uow: UnitOfWork, *, view: str = "all", filters: PetitionFilter = PetitionFilter()) -> int:
    """How many cases a list holds (meant for the short clock lists, where it is one index range)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    with uow:
        require_case_access(uow)
        q = select(func.count()).select_from(Petition).where(
            _view_condition(uow, view, uow.now().date()), *_filter_conditions(uow, filters))
        return uow.session.scalar(q) or 0


def department_load(uow: UnitOfWork) -> list[DepartmentLoad]:
    """Per department, the cases overdue, due today and due soon — worst first."""
    with uow:
        require_case_access(uow)
        today = uow.now().date()
        soon = today + dt.timedelta(days=get_setting(uow, "petition_due_soon_days"))
        q = (select(Petition.department_id, Department.name,
                    func.sum(case((Petition.due_on < today, 1), else_=0)),
                    func.sum(case((Petition.due_on == today, 1), else_=0)),
                    func.sum(case((Petition.due_on > today, 1), else_=0)),
                    func.min(Petition.due_on))
             .outerjoin(Department, Department.id == Petition.department_id)
             .where(Petition.due_on <= soon)
             .group_by(Petition.department_id, Department.name))
        rows = [DepartmentLoad(r[0], r[1] or "", int(r[2] or 0), int(r[3] or 0), int(r[4] or 0), r[5])
                for r in uow.session.execute(q)]
        rows.sort(key=lambda d: (-d.overdue, -d.due_today, -d.due_soon, d.department))
        return rows


def find_by_query_code(uow: UnitOfWork, *, query_code: str) -> PetitionRow | None:
    """The case a receipt's query code belongs to (for a petitioner asking by phone)."""
    with uow:
        require_case_access(uow)
        rows = _rows(uow, [Petition.query_code == (query_code or "").strip().upper()], [Petition.id], 0, 1)
        return rows[0] if rows else None
