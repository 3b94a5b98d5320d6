"""Importing a file: the plan made again inside ONE writing transaction, then every valid row written in
chunks (callers, cases, parties, steps, work-order keys), the repeat visits recorded and, if asked, the
changes applied. The only commit is at the end; a cancel rolls everything back."""

from __future__ import annotations

import datetime as dt
import secrets
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.models import (
    CaseCounter,
    Center,
    ImportBatch,
    ImportedWorkOrder,
    Person,
    Petition,
    PetitionParty,
    PetitionStep,
)
from desktop.services import deadlines
from desktop.services.admin.calendar import load_calendar
from desktop.services.case_numbers import PETITION as PETITION_NUMBERS
from desktop.services.case_numbers import format_case_number
from desktop.services.deadlines import DUE_ACCEPT
from desktop.services.intake._common import (
    CHANGED,
    CHUNK,
    NEW,
    PERSON_KEY,
    REJECTED,
    REPEAT,
    _chunks,
    _json,
    _no_progress,
    _not_cancelled,
    _require_import,
    content_hash,
    source_code,
)
from desktop.services.intake.bulk import _bulk_insert
from desktop.services.intake.dto import ImportResult
from desktop.services.intake.errors import Cancelled, StrictImportRefused
from desktop.services.intake.headers import ADDRESS, CALLER_NAME, CONTENT, GRID, PHONE, VILLAGE, WORK_ORDER_NO
from desktop.services.intake.mapping import _remember
from desktop.services.intake.plan import _category_names, _Plan, _plan, _preview_row
from desktop.services.intake.rows import _Row
from desktop.services.intake.sheet import CancelCheck, Progress, SheetData
from desktop.services.intake.updates import _apply_update, _record_repeats
from desktop.services.petitions import PETITION, QUERY_CODE_ALPHABET, REGISTERED, actor_name


def _lock_source(uow, source: str) -> None:
    """Two imports of one source wait for each other (SQLite writers already do: BEGIN IMMEDIATE)."""
    if uow.kind == "postgresql":
        key = zlib.crc32(f"onestop.intake.{source}".encode())
        uow.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _take_case_numbers(uow, year: int, count: int) -> list[tuple[int, str]]:
    """``count`` consecutive petition numbers for ``year`` in one counter update (the counter of
    desktop.services.case_numbers, so numbers stay unique and without gaps)."""
    if count == 0:
        return []
    stmt = (update(CaseCounter).where(CaseCounter.kind == PETITION_NUMBERS, CaseCounter.year == year)
            .values(last_no=CaseCounter.last_no + count).returning(CaseCounter.last_no)
            .execution_options(synchronize_session=False))
    last = uow.session.execute(stmt).scalar()
    if last is None:
        upsert = pg_insert if uow.kind == "postgresql" else sqlite_insert
        uow.session.execute(upsert(CaseCounter).values(kind=PETITION_NUMBERS, year=year, last_no=0)
                            .on_conflict_do_nothing())
        last = uow.session.execute(stmt).scalar()
    abbr = uow.session.scalar(select(Center.case_abbr).limit(1)) or ""
    return [(seq, format_case_number(abbr=abbr, kind=PETITION_NUMBERS, year=year, seq=seq))
            for seq in range(last - count + 1, last + 1)]


def _query_codes(uow, count: int) -> list[str]:
    """``count`` distinct receipt query codes that no stored case has."""
    codes: list[str] = []
    taken: set[str] = set()
    while len(codes) < count:
        batch = []
        while len(batch) < count - len(codes):
            code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
            if code not in taken:
                taken.add(code)
                batch.append(code)
        clash = set()
        for chunk in _chunks(batch):
            clash.update(uow.session.scalars(select(Petition.query_code).where(Petition.query_code.in_(chunk))))
        codes.extend(c for c in batch if c not in clash)
    return codes


def import_work_orders(uow, *, source: str, sheet: SheetData, mapping: dict[str, str], strict: bool = False,
                       apply_updates: bool = False, register_as_new: Collection[int] = (),
                       remember_mapping: bool = True, progress: Progress | None = None,
                       cancelled: CancelCheck | None = None) -> ImportResult:
    """Import the rows of ``sheet`` in one transaction (see the package docstring). In strict mode any
    invalid row refuses the whole file (StrictImportRefused, nothing written). ``apply_updates`` writes the
    changes of work orders imported before. Cancelled (raised when ``cancelled()`` turns true) rolls back."""
    source = source_code(source)
    progress = progress or _no_progress
    cancelled = cancelled or _not_cancelled
    with uow:
        _require_import(uow)
        _lock_source(uow, source)
        plan = _plan(uow, source=source, sheet=sheet, mapping=mapping, register_as_new=register_as_new,
                     progress=progress, cancelled=cancelled)
        counts = plan.counts
        if strict and counts.rejected:
            raise StrictImportRefused(rejected=counts.rejected, total=counts.total)
        uow.action = "intake.import"
        now = uow.now()
        batch = _new_batch(uow, plan, strict, now)
        new_rows = [r for r in plan.rows if r.status == NEW]
        w = _start_writing(uow, plan, batch, len(new_rows), now)
        work = [r for r in plan.rows if r.status in (NEW, REPEAT)]
        total_work = len(work) + (counts.changed if apply_updates else 0)
        written = 0
        for chunk in _chunks(work, CHUNK):
            if cancelled():
                raise Cancelled(stage="write")
            _write_chunk(w, chunk)
            written += len(chunk)
            progress("write", written, total_work)
        # repeat visits: one timeline entry per work order, the count once per case
        if w.repeat_counts:
            _record_repeats(uow, [r for r in plan.rows if r.status == REPEAT], w.repeat_counts, w.step_base)
            progress("write", written, total_work)
        updated = _apply_updates(uow, plan, batch, written, total_work, progress, cancelled) if apply_updates else 0
        if remember_mapping:
            _remember(uow, source, mapping)
        if updated:
            batch.updated = updated
        uow.session.flush()
        names = _category_names(uow)
        rejected = tuple(_preview_row(r, names) for r in plan.rows if r.status == REJECTED)
        first = w.case_no_of_row[new_rows[0].row_no] if new_rows else ""
        last = w.case_no_of_row[new_rows[-1].row_no] if new_rows else ""
        uow.commit()
        progress("done", total_work, total_work)
        return ImportResult(batch.id, source, counts, len(new_rows), counts.repeat, updated, rejected, first, last)


def _new_batch(uow, plan: _Plan, strict: bool, now: dt.datetime) -> ImportBatch:
    sheet, counts = plan.sheet, plan.counts
    batch = ImportBatch(source=plan.source, file_name=sheet.file_name[:200], file_sha256=sheet.sha256,
                        sheet=sheet.sheet[:100], header_row=sheet.header_row, mapping=dict(plan.mapping),
                        strict=strict, imported_at=now, actor_id=uow.actor.user_id,
                        actor_name=actor_name(uow)[:40], rows_total=counts.total, created=counts.new,
                        repeats=counts.repeat, updated=0, unchanged=counts.unchanged, rejected=counts.rejected,
                        empty_rows=counts.empty_rows, other_category=counts.other_category,
                        unmatched_categories=sorted(plan.unmatched))
    uow.session.add(batch)
    uow.session.flush()
    return batch


@dataclass
class _Writing:
    """What writing the new and repeat rows carries from one chunk to the next."""

    uow: object
    source: str
    now: dt.datetime
    batch_id: int
    numbers: Iterator[tuple[int, str]]  # the case numbers taken for the new rows
    codes: Iterator[str]  # their receipt query codes
    accept_due: dt.date
    people: dict[object, int]  # (name, phone) -> person id, stored or new
    step_base: dict
    case_of_row: dict[int, int] = field(default_factory=dict)
    case_no_of_row: dict[int, str] = field(default_factory=dict)
    repeat_counts: dict[int, int] = field(default_factory=dict)


def _start_writing(uow, plan: _Plan, batch: ImportBatch, new: int, now: dt.datetime) -> _Writing:
    numbers = iter(_take_case_numbers(uow, now.year, new))
    codes = iter(_query_codes(uow, new))
    accept_due = deadlines.due_date(uow, load_calendar(uow), "accept_notice", now.date())
    return _Writing(uow, plan.source, now, batch.id, numbers, codes, accept_due, dict(plan.people_by_key),
                    {"source": plan.source, "batch_id": batch.id})


def _write_chunk(w: _Writing, chunk: list[_Row]) -> None:
    """One round of multi-row inserts: callers first (their ids go into the party rows), the cases, then
    the parties, register steps and work-order keys."""
    person_key = _insert_callers(w, chunk)
    petitions = _insert_cases(w, chunk)
    case_ids = iter(petitions)
    parties, steps, keys = [], [], []
    for r in chunk:
        if r.status == NEW:
            case_id, case_no = next(case_ids)
            w.case_of_row[r.row_no], w.case_no_of_row[r.row_no] = case_id, case_no
            parties.append({"petition_id": case_id, "person_id": w.people[person_key[r.row_no]], "position": 0})
            steps.append(_register_step(w, r, case_id))
            linked_as = "new"
        else:
            case_id = r.case_id if r.case_id is not None else w.case_of_row[r.repeat_of_row]
            r.case_id = case_id
            r.case_no = r.case_no or w.case_no_of_row.get(r.repeat_of_row, "")
            w.repeat_counts[case_id] = w.repeat_counts.get(case_id, 0) + 1
            linked_as = "repeat"
        v = r.values
        keys.append({"source": w.source, "work_order_no": v[WORK_ORDER_NO], "petition_id": case_id,
                     "linked_as": linked_as, "content_hash": content_hash(w.uow, v), "data": v,
                     "received_at": r.received_at, "requested_due_on": r.requested_due_on,
                     "batch_id": w.batch_id, "updated_batch_id": None, "imported_at": w.now, "updated_at": None})
    _bulk_insert(w.uow, PetitionParty, parties)
    _bulk_insert(w.uow, PetitionStep, steps)
    _bulk_insert(w.uow, ImportedWorkOrder, keys)


def _insert_callers(w: _Writing, chunk: list[_Row]) -> dict[int, object]:
    """The callers of the new rows not stored yet (the same name and phone is one person); returns each
    new row's caller key."""
    new_people: dict[object, dict] = {}
    person_key: dict[int, object] = {}
    for r in chunk:
        if r.status != NEW:
            continue
        v = r.values
        key = (v[CALLER_NAME], v.get(PHONE, "")) if v.get(PHONE) else ("row", r.row_no)
        person_key[r.row_no] = key
        if key not in w.people and key not in new_people:
            new_people[key] = {"name": v[CALLER_NAME], "phone": v.get(PHONE, ""), "address": v.get(ADDRESS, ""),
                               "village": v.get(VILLAGE, ""), "grid": v.get(GRID, ""), "organisation": "",
                               "created_at": w.now, "updated_at": w.now, "version": 1}
    ids = _bulk_insert(w.uow, Person, list(new_people.values()), key=PERSON_KEY)
    w.people.update(zip(new_people, ids, strict=True))
    return person_key


def _insert_cases(w: _Writing, chunk: list[_Row]) -> list[tuple[int, str]]:
    """The cases of the new rows; returns (id, case number) of each, in the order of the rows."""
    uow, now = w.uow, w.now
    petitions = []
    for r in chunk:
        if r.status != NEW:
            continue
        v = r.values
        seq, case_no = next(w.numbers)
        petitions.append({
            "case_no": case_no, "case_year": now.year, "case_seq": seq, "kind": PETITION, "source": w.source,
            "category_id": r.category_id, "content": v[CONTENT], "requests": "",
            "petitioner_names": v[CALLER_NAME], "village": v.get(VILLAGE, ""), "grid": v.get(GRID, ""),
            "status": REGISTERED, "received_at": r.received_at or now, "query_code": next(w.codes),
            "registered_by_id": uow.actor.user_id, "handler_id": uow.actor.user_id,
            "accept_due_on": w.accept_due, "extended_days": 0, "hearing_days": 0, "dissatisfied": False,
            "repeat_count": 0, "new_case_reason": "", "due_on": w.accept_due, "due_kind": DUE_ACCEPT,
            "updated_at": now, "version": 1})
    ids = _bulk_insert(uow, Petition, petitions, key=("case_no",))
    return list(zip(ids, (p["case_no"] for p in petitions), strict=True))


def _register_step(w: _Writing, r: _Row, case_id: int) -> dict:
    uow = w.uow
    return {"petition_id": case_id, "action": "register", "at": w.now, "actor_id": uow.actor.user_id,
            "actor_name": actor_name(uow), "from_status": "", "to_status": REGISTERED, "note": "",
            "detail": {**w.step_base, "work_order_no": r.values[WORK_ORDER_NO], "ticket_id": None,
                       "attachments": 0, "accept_due_on": w.accept_due.isoformat(),
                       "requested_due_on": _json(r.requested_due_on), "open_cases": list(r.open_cases)}}


def _apply_updates(uow, plan: _Plan, batch: ImportBatch, written: int, total_work: int, progress: Progress,
                   cancelled: CancelCheck) -> int:
    """The changes of work orders imported before, applied (not to a closed case); returns how many. The
    session is flushed every 200 (progress and cancel between)."""
    updated = 0
    for r in plan.rows:
        if r.status != CHANGED or r.update_blocked:
            continue
        key = uow.session.get(ImportedWorkOrder, r.existing.id)
        _apply_update(uow, r, key, batch)
        updated += 1
        if updated % 200 == 0:
            if cancelled():
                raise Cancelled(stage="write")
            uow.session.flush()
            progress("write", written + updated, total_work)
    return updated
