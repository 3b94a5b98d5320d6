"""Intake of work orders: 12345 hotline work orders and grid reports (网格上报) imported from their platforms'
Excel/CSV files into the petition flow, and the handling results exported back.

The flow of one file:

1. ``open_work_order_file`` reads it (desktop.services.intake.files) and proposes a column mapping: the
   mapping remembered for the source where the file has those headers, the headers' names otherwise.
2. ``preview_import`` plans every row without writing: what will be created, what is a repeat of a case
   in progress, what was imported before (unchanged, or changed — with the differences), and what is
   wrong with each rejected row.
3. ``import_work_orders`` plans again inside ONE writing transaction (the database may have changed since
   the preview) and writes: either every valid row, or — in strict mode, when any row is invalid —
   nothing. A row is written whole or not at all. The mapping is remembered in the same transaction.

Rules:

- **Idempotent.** (source, work-order number) is unique (``imported_work_order``). A work order imported
  before is not created again; when its values changed the difference is shown and, if the clerk asks,
  applied to the case (content, category, village, grid, time received) and its caller, written to the
  audit log as ``intake.update`` with before and after. A case no longer open is not rewritten.
- **Repeat detection** (信访工作条例: the same matter raised again while in progress gets a notice, not a
  new case) runs on every new row, against the stored cases and the rows above it in the same file: the
  caller is matched to stored people by phone, or by name and village (as desktop.services.people does);
  a case of theirs that is in progress with content at least ``petition_similarity_percent`` alike, or a
  matter of theirs settled by 复核 in the same category, makes the row a repeat: the work order is linked
  to that case and recorded as a repeat visit on it. The clerk may register a repeat as a new case
  instead (never a matter settled by 复核). Other cases of the caller still in progress are shown.
- **Categories.** The platform's category names are matched to our level-two categories by name, then
  through the synonym table an administrator edits, also for each part of a path such as
  "城市管理-市容环境-占道经营"; an unmatched name goes to 其他 and the preview marks it.
- **Bulk.** Lookups are loaded once per file into dicts (people by phone and by name and village, their
  cases, existing work-order keys, categories, synonyms); case numbers are taken as one block from the
  counter; rows are written in chunks with one flush per table per chunk, reporting progress and checking
  for cancel between chunks. A cancel rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, bindparam, insert, or_, select, text, tuple_, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop import crypto, fileperms
from desktop.models import (
    CaseCounter,
    CategorySynonym,
    Center,
    Department,
    ImportBatch,
    ImportedWorkOrder,
    IntakeLayout,
    Person,
    Petition,
    PetitionCategory,
    PetitionParty,
    PetitionReply,
    PetitionStep,
)
from desktop.models.audit import _plain, audit_row, queue_entries
from desktop.reports import intake as files_out
from desktop.services import deadlines
from desktop.services.audit import record_event
from desktop.services.calendar import load_calendar
from desktop.services.case_numbers import PETITION as PETITION_NUMBERS
from desktop.services.case_numbers import format_case_number
from desktop.services.deadlines import DUE_ACCEPT
from desktop.services.errors import Duplicate, Invalid, NotFound, PermissionDenied, ServiceError
from desktop.services.intake.files import (
    ADDRESS,
    CALLER_NAME,
    CATEGORY,
    CONTENT,
    EXCEL_EPOCH,
    EXCEL_EPOCH_1904,
    FIELDS,
    GRID,
    PHONE,
    RECEIVED_AT,
    REQUESTED_DEADLINE,
    REQUIRED,
    VILLAGE,
    WORK_ORDER_NO,
    BadValue,
    CancelCheck,
    Cancelled,
    Progress,
    SheetData,
    detect_mapping,
    norm,
    one_line,
    parse_datetime,
    parse_phone,
    read_work_order_file,
    text_value,
)
from desktop.services.people import NAME_MAX, PersonInput, mask_phone, upsert_person
from desktop.services.permissions import Permission, can, require
from desktop.services.petitions import (
    CLOSED,
    CONCLUDED,
    IN_PROGRESS,
    NOT_ACCEPTED,
    OPEN,
    PETITION,
    QUERY_CODE_ALPHABET,
    RECHECK,
    REGISTERED,
    TEXT_MAX,
    WITHDRAWN,
    actor_name,
    similarity,
)
from desktop.services.settings import get_setting

HOTLINE, GRID_REPORT = "hotline", "grid"  # petition sources (desktop.services.petition_flow.SOURCES)
SOURCES = (HOTLINE, GRID_REPORT)
SOURCE_ALIASES = {"12345": HOTLINE, "hotline": HOTLINE, "grid": GRID_REPORT}
SOURCE_LABELS = {HOTLINE: "12345工单", GRID_REPORT: "网格上报"}  # in the files written for the clerk
OTHER_CATEGORY = "其他"  # the seed's catch-all category; unmatched names go there
LENGTHS = {WORK_ORDER_NO: 40, CALLER_NAME: NAME_MAX, ADDRESS: 200, VILLAGE: 40, GRID: 40, CONTENT: TEXT_MAX}
PERSON_KEY = ("name", "phone", "address", "village", "grid")  # what tells two new callers apart
CHUNK = 2000  # rows written per round of multi-row inserts (progress and cancel between)
LOOKUP_CHUNK = 500  # values per IN (...) of a lookup query
FUTURE_TOLERANCE = dt.timedelta(hours=1)  # a PC clock a little behind the platform's

# statuses of a row in the preview
NEW, REPEAT, CHANGED, UNCHANGED, REJECTED = "new", "repeat", "changed", "unchanged", "rejected"
ROW_STATUSES = (NEW, REPEAT, CHANGED, UNCHANGED, REJECTED)

EXPORT_FIELDS = ("work_order_no", "case_no", "result", "concluded_at", "satisfaction", "status", "department",
                 "received_at", "requested_deadline", "on_time")
DEFAULT_EXPORT_COLUMNS = (("work_order_no", "工单编号"), ("result", "办理结果"), ("concluded_at", "办结时间"),
                          ("satisfaction", "满意度"))
DEFAULT_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M")


# ---------------------------------------------------------------- typed failures

class MappingIncomplete(ServiceError):
    """A required field has no column. facts: missing (tuple of field names)."""


class NoFallbackCategory(ServiceError):
    """Some category names match none of ours and there is no level-two category 其他 to put them in.
    facts: name."""


class StrictImportRefused(ServiceError):
    """Strict mode and some rows are invalid: nothing was imported. facts: rejected, total."""


# ---------------------------------------------------------------- DTOs

@dataclass(frozen=True)
class OpenedFile:
    sheet: SheetData
    mapping: dict[str, str]  # proposed: our field -> the file's header label
    remembered: dict[str, str]  # the mapping remembered for the source (may name headers this file lacks)
    origin: str  # "remembered" (every remembered header is in the file) / "detected" / "mixed"


@dataclass(frozen=True)
class RowProblem:
    field: str
    reason: str  # missing / too_long / date_format / date_invalid / future / phone / before_received /
    #              duplicate_in_file / repeated_row
    value: str = ""
    maximum: int | None = None


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str  # as shown (phones masked)
    new: str


@dataclass(frozen=True)
class PreviewRow:
    row_no: int
    status: str  # new / repeat / changed / unchanged / rejected
    work_order_no: str
    received_at: dt.datetime | None
    caller_name: str
    phone_masked: str
    phone_fixed: bool  # a lost leading zero was restored
    address: str
    village: str
    grid: str
    category_text: str  # as the file names it
    category: str  # ours
    category_matched: bool  # False: went to 其他
    content: str
    requested_due_on: dt.date | None
    problems: tuple[RowProblem, ...] = ()
    case_id: int | None = None  # the case it is (or will be recorded on)
    case_no: str = ""
    repeat_of_row: int | None = None  # a repeat of a case another row of this file creates
    similarity: int = 0
    final: bool = False  # the matter was settled by 复核
    open_cases: tuple[str, ...] = ()  # the caller's other cases in progress
    changes: tuple[FieldChange, ...] = ()
    update_blocked: str = ""  # the case's status when a change cannot be applied to a closed case
    registered_as_new: bool = False  # a repeat the clerk chose to register as a new case


@dataclass(frozen=True)
class ImportCounts:
    total: int = 0
    new: int = 0
    repeat: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    empty_rows: int = 0
    other_category: int = 0


@dataclass(frozen=True)
class ImportPreview:
    source: str
    file_name: str
    sheet: str
    header_row: int
    mapping: dict[str, str]
    rows: tuple[PreviewRow, ...]
    counts: ImportCounts
    unmatched_categories: tuple[str, ...]

    def problems(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.status == REJECTED)


@dataclass(frozen=True)
class ImportResult:
    batch_id: int
    source: str
    counts: ImportCounts
    created: int
    repeats: int
    updated: int
    rejected_rows: tuple[PreviewRow, ...]
    first_case_no: str
    last_case_no: str


@dataclass(frozen=True)
class BatchInfo:
    id: int
    source: str
    file_name: str
    imported_at: dt.datetime
    actor_name: str
    rows_total: int
    created: int
    repeats: int
    updated: int
    unchanged: int
    rejected: int
    strict: bool


@dataclass(frozen=True)
class WorkOrderInfo:
    source: str
    work_order_no: str
    linked_as: str
    received_at: dt.datetime | None
    requested_due_on: dt.date | None
    imported_at: dt.datetime
    batch_id: int


@dataclass(frozen=True)
class SynonymInfo:
    id: int
    name: str
    category_id: int
    category: str
    domain: str


@dataclass(frozen=True)
class UnmatchedName:
    name: str
    rows: int  # rows that went to 其他 under this name in the batches looked at
    last_seen: dt.datetime


@dataclass(frozen=True)
class ExportColumn:
    field: str
    header: str


@dataclass(frozen=True)
class ExportLayout:
    columns: tuple[ExportColumn, ...]
    datetime_format: str


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    since: dt.date
    until: dt.date


# ---------------------------------------------------------------- helpers

def source_code(name: str) -> str:
    """"12345" / "hotline" -> hotline, "grid" -> grid."""
    code = SOURCE_ALIASES.get((name or "").strip().lower())
    if code is None:
        raise Invalid(field="source", reason="unknown", value=name)
    return code


def _require_import(uow) -> None:
    require(uow, Permission.IMPORT_WORK_ORDERS)


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _json(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def content_hash(uow, data: dict) -> str:
    """Tells a changed work order from an unchanged one. Keyed with the database's data key: the values
    include the caller's phone, which a plain hash would give away to anyone trying every number."""
    plain = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return crypto.key_for(uow.session.get_bind().dialect).digest(plain.encode("ascii"))


def _shown(field_name: str, value) -> str:
    if value in (None, ""):
        return ""
    if field_name == PHONE:
        return mask_phone(str(value))
    if field_name == RECEIVED_AT:
        return str(value).replace("T", " ")[:16]
    return str(value)


def _remembered(uow, source: str) -> dict[str, str]:
    row = uow.session.get(IntakeLayout, (source, "import"))
    mapping = (row.layout or {}).get("mapping", {}) if row is not None else {}
    return {k: v for k, v in mapping.items() if k in FIELDS and isinstance(v, str) and v}


def propose_mapping(sheet: SheetData, remembered: dict[str, str]) -> tuple[dict[str, str], str]:
    """The remembered mapping where the file has those headers, detection by name for the rest."""
    headers = set(sheet.headers)
    kept = {f: h for f, h in remembered.items() if h in headers}
    detected = detect_mapping(sheet.headers)
    mapping = dict(kept)
    used = set(kept.values())
    for f, h in detected.items():
        if f not in mapping and h not in used:
            mapping[f] = h
            used.add(h)
    if remembered and kept == remembered:
        origin = "remembered"
    elif kept:
        origin = "mixed"
    else:
        origin = "detected"
    return {f: mapping[f] for f in FIELDS if f in mapping}, origin


def check_mapping(sheet: SheetData, mapping: dict[str, str]) -> dict[str, int]:
    """The column of each mapped field; refuses a mapping that lacks a required field, names a header the
    file does not have, or uses one header for two fields."""
    clean = {f: h for f, h in mapping.items() if h}
    unknown = [f for f in clean if f not in FIELDS]
    if unknown:
        raise Invalid(field="mapping", reason="unknown_field", value=unknown[0])
    missing = tuple(f for f in REQUIRED if f not in clean)
    if missing:
        raise MappingIncomplete(missing=missing)
    seen: dict[str, str] = {}
    columns = {}
    for f, h in clean.items():
        if h in seen:
            raise Invalid(field="mapping", reason="duplicate_header", value=h)
        seen[h] = f
        i = sheet.column(h)
        if i is None:
            raise Invalid(field="mapping", reason="unknown_header", value=h)
        columns[f] = i
    return columns


# ---------------------------------------------------------------- reading a file

def open_work_order_file(uow, *, source: str, path: str | Path | None = None, data: bytes | None = None,
                         file_name: str | None = None, sheet: str | None = None, header_row: int | None = None,
                         progress: Progress | None = None, cancelled: CancelCheck | None = None) -> OpenedFile:
    """Read a work-order file (from ``path`` or ``data``) and propose the column mapping for ``source``.
    The remembered mapping's headers help find the header row. No transaction stays open while the file
    is read."""
    source = source_code(source)
    with uow:
        _require_import(uow)
        remembered = _remembered(uow, source)
        max_rows = get_setting(uow, "intake_max_rows")
    sheet_data = read_work_order_file(data if data is not None else path, file_name=file_name, sheet=sheet,
                                      header_row=header_row, known_headers=tuple(remembered.values()),
                                      max_rows=max_rows, progress=progress or _no_progress,
                                      cancelled=cancelled or _not_cancelled)
    mapping, origin = propose_mapping(sheet_data, remembered)
    return OpenedFile(sheet_data, mapping, remembered, origin)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _not_cancelled() -> bool:
    return False


# ---------------------------------------------------------------- normalising rows

@dataclass
class _Row:
    row_no: int
    values: dict  # normalised, JSON-ready (dates ISO)
    received_at: dt.datetime | None
    requested_due_on: dt.date | None
    problems: list[RowProblem]
    phone_fixed: bool = False
    category_id: int | None = None
    category_matched: bool = True
    status: str = ""
    case_id: int | None = None
    case_no: str = ""
    repeat_of_row: int | None = None
    similarity: int = 0
    final: bool = False
    open_cases: tuple[str, ...] = ()
    changes: tuple[FieldChange, ...] = ()
    update_blocked: str = ""
    registered_as_new: bool = False
    existing: object = None  # the stored key row of an imported work order


def _normalise(row_no: int, cells: tuple, columns: dict[str, int], now: dt.datetime, epoch) -> _Row:
    problems: list[RowProblem] = []
    values: dict = {}
    received = due = None
    phone_fixed = False

    def cell(f: str):
        return cells[columns[f]] if f in columns and columns[f] < len(cells) else None

    for f in (WORK_ORDER_NO, CALLER_NAME, ADDRESS, VILLAGE, GRID, CATEGORY):
        if f in columns:
            values[f] = one_line(cell(f))
    if CONTENT in columns:
        values[CONTENT] = "\n".join(line.rstrip() for line in text_value(cell(CONTENT)).splitlines()).strip()
    if PHONE in columns:
        raw = cell(PHONE)
        try:
            values[PHONE], phone_fixed = parse_phone(raw)
        except BadValue:
            problems.append(RowProblem(PHONE, "phone", text_value(raw)))
            values[PHONE] = text_value(raw)
    if RECEIVED_AT in columns:
        raw = cell(RECEIVED_AT)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            problems.append(RowProblem(RECEIVED_AT, "missing"))
        else:
            try:
                received = parse_datetime(raw, epoch=epoch)
                if received > now + FUTURE_TOLERANCE:
                    problems.append(RowProblem(RECEIVED_AT, "future", text_value(raw)))
            except BadValue as exc:
                problems.append(RowProblem(RECEIVED_AT, exc.reason, text_value(raw)))
        values[RECEIVED_AT] = _json(received) if received else text_value(raw)
    if REQUESTED_DEADLINE in columns:
        raw = cell(REQUESTED_DEADLINE)
        if raw is not None and not (isinstance(raw, str) and not raw.strip()):
            try:
                due = parse_datetime(raw, epoch=epoch).date()
                if received is not None and due < received.date():
                    problems.append(RowProblem(REQUESTED_DEADLINE, "before_received", text_value(raw)))
            except BadValue as exc:
                problems.append(RowProblem(REQUESTED_DEADLINE, exc.reason, text_value(raw)))
        values[REQUESTED_DEADLINE] = due.isoformat() if due else text_value(raw)
    for f in REQUIRED:
        if not values.get(f):
            problems.append(RowProblem(f, "missing"))
    for f, maximum in LENGTHS.items():
        if len(values.get(f) or "") > maximum:
            problems.append(RowProblem(f, "too_long", maximum=maximum))
    return _Row(row_no, values, received, due, problems, phone_fixed)


# ---------------------------------------------------------------- categories

@dataclass
class _Categories:
    by_name: dict[str, int]  # normalised level-two name -> id
    by_path: dict[str, int]  # normalised domain + name -> id
    synonyms: dict[str, int]
    names: dict[int, str]
    other_id: int | None
    cache: dict[str, tuple[int | None, bool]] = field(default_factory=dict)

    def match(self, text: str) -> tuple[int | None, bool]:
        """(category id, matched); an unmatched name gives (the 其他 id, False)."""
        if text in self.cache:
            return self.cache[text]
        found = self._find(text)
        result = (found, True) if found is not None else (self.other_id, False)
        self.cache[text] = result
        return result

    def _find(self, text: str) -> int | None:
        key = norm(text)
        if not key:
            return None
        for table in (self.synonyms, self.by_name, self.by_path):
            if key in table:
                return table[key]
        parts = [norm(p) for p in _split_path(text)]
        parts = [p for p in parts if p]
        for i in range(len(parts) - 1, -1, -1):  # the most specific part first
            for table in (self.synonyms, self.by_name):
                if parts[i] in table:
                    return table[parts[i]]
            if i > 0 and parts[i - 1] + parts[i] in self.by_path:
                return self.by_path[parts[i - 1] + parts[i]]
        return None


def _split_path(text: str) -> list[str]:
    import re

    return re.split(r"\s*(?:->|>|＞|/|／|\\|-|—|－|\||｜|、|,|，|;|；)\s*", text)


def _load_categories(uow) -> _Categories:
    rows = list(uow.session.execute(select(PetitionCategory.id, PetitionCategory.parent_id, PetitionCategory.name,
                                           PetitionCategory.active).order_by(PetitionCategory.sort_order,
                                                                             PetitionCategory.id)))
    domains = {r.id: r.name for r in rows if r.parent_id is None}
    by_name: dict[str, int] = {}
    by_path: dict[str, int] = {}
    names: dict[int, str] = {}
    other_id = None
    for r in rows:
        if r.parent_id is None:
            continue
        names[r.id] = r.name
        if not r.active:
            continue
        by_name.setdefault(norm(r.name), r.id)
        by_path.setdefault(norm(domains.get(r.parent_id, "")) + norm(r.name), r.id)
        if r.name == OTHER_CATEGORY and other_id is None:
            other_id = r.id
    synonyms = {s.key: s.category_id for s in uow.session.execute(
        select(CategorySynonym.key, CategorySynonym.category_id))}
    return _Categories(by_name, by_path, synonyms, names, other_id)


# ---------------------------------------------------------------- the plan (inside an open unit of work)

@dataclass
class _Plan:
    source: str
    sheet: SheetData
    mapping: dict[str, str]
    rows: list[_Row]
    unmatched: dict[str, int]
    people_by_key: dict[tuple[str, str], int]  # (name, phone) -> a stored person to reuse
    counts: ImportCounts = field(default_factory=ImportCounts)


def _settled_ids(uow) -> set[int]:
    """Cases whose matter was settled by a concluded 复核: the 复核 cases, the 复查 they review and the
    petitions those review (desktop.services.petitions._settled_by_recheck, for every case at once)."""
    review = Petition.__table__.alias("review")
    recheck = Petition.__table__.alias("recheck")
    out: set[int] = set()
    for rid, parent, grandparent in uow.session.execute(
            select(recheck.c.id, recheck.c.parent_id, review.c.parent_id)
            .select_from(recheck.outerjoin(review, review.c.id == recheck.c.parent_id))
            .where(recheck.c.kind == RECHECK, recheck.c.status.in_((CONCLUDED, CLOSED)))):
        out.update(i for i in (rid, parent, grandparent) if i is not None)
    return out


@dataclass
class _Case:
    id: int
    case_no: str
    status: str
    category_id: int
    contents: list[str]  # its content and the contents of the cases it reviews
    settled: bool


def _load_people_and_cases(uow, rows: list[_Row]):
    """People who may be the callers of ``rows`` (same phone, or same name and village), and their cases
    that repeat detection looks at: in progress, or settled by 复核."""
    s = uow.session
    phones = sorted({r.values.get(PHONE) for r in rows if r.values.get(PHONE)})
    pairs = sorted({(r.values.get(CALLER_NAME, ""), r.values.get(VILLAGE, "")) for r in rows
                    if r.values.get(CALLER_NAME) and r.values.get(VILLAGE)})
    people: dict[int, tuple[str, str, str]] = {}
    for chunk in _chunks(phones):
        for pid, name, phone, village in s.execute(select(Person.id, Person.name, Person.phone, Person.village)
                                                   .where(Person.phone_hash.in_(chunk))):
            people[pid] = (name, phone, village)
    for chunk in _chunks(pairs):
        for pid, name, phone, village in s.execute(select(Person.id, Person.name, Person.phone, Person.village)
                                                   .where(tuple_(Person.name, Person.village).in_(chunk))):
            people[pid] = (name, phone, village)
    by_phone: dict[str, set[int]] = {}
    by_name_village: dict[tuple[str, str], set[int]] = {}
    reuse: dict[tuple[str, str], int] = {}
    for pid, (name, phone, village) in sorted(people.items()):
        if phone:
            by_phone.setdefault(phone, set()).add(pid)
            reuse.setdefault((name, phone), pid)
        if village:
            by_name_village.setdefault((name, village), set()).add(pid)
    settled = _settled_ids(uow)
    cases: dict[int, _Case] = {}
    cases_of: dict[int, list[int]] = {}
    wanted = tuple(IN_PROGRESS | {CLOSED})
    parents: dict[int, int] = {}
    for chunk in _chunks(sorted(people)):
        for person_id, cid, case_no, status, category_id, content, parent_id in s.execute(
                select(PetitionParty.person_id, Petition.id, Petition.case_no, Petition.status,
                       Petition.category_id, Petition.content, Petition.parent_id)
                .join(Petition, Petition.id == PetitionParty.petition_id)
                .where(PetitionParty.person_id.in_(chunk), Petition.status.in_(wanted))):
            is_settled = cid in settled
            if status not in IN_PROGRESS and not is_settled:
                continue
            cases.setdefault(cid, _Case(cid, case_no, status, category_id, [content], is_settled))
            cases_of.setdefault(person_id, []).append(cid)
            if parent_id is not None and is_settled:
                parents[cid] = parent_id
    # a settled 复查/复核 case is compared with the matter it reviews too
    pending = dict(parents)
    while pending:
        ids = sorted(set(pending.values()))
        found = {}
        for chunk in _chunks(ids):
            for pid, content, parent_id in s.execute(select(Petition.id, Petition.content, Petition.parent_id)
                                                     .where(Petition.id.in_(chunk))):
                found[pid] = (content, parent_id)
        nxt = {}
        for cid, parent in pending.items():
            if parent in found:
                content, grand = found[parent]
                cases[cid].contents.append(content)
                if grand is not None:
                    nxt[cid] = grand
        pending = nxt
    return by_phone, by_name_village, reuse, cases, cases_of


def _plan(uow, *, source: str, sheet: SheetData, mapping: dict[str, str], register_as_new: Collection[int],
          progress: Progress, cancelled: CancelCheck) -> _Plan:
    """Inside an open unit of work: what importing ``sheet`` would do, row by row."""
    columns = check_mapping(sheet, mapping)
    now = uow.now()
    epoch = EXCEL_EPOCH_1904 if sheet.date1904 else EXCEL_EPOCH
    total = len(sheet.rows)
    rows: list[_Row] = []
    for i, (row_no, cells) in enumerate(sheet.rows, start=1):
        rows.append(_normalise(row_no, cells, columns, now, epoch))
        if i % 5000 == 0:
            if cancelled():
                raise Cancelled(stage="check")
            progress("check", i, total)

    # the same work-order number twice in the file
    by_no: dict[str, list[_Row]] = {}
    for r in rows:
        if r.values.get(WORK_ORDER_NO):
            by_no.setdefault(r.values[WORK_ORDER_NO], []).append(r)
    for same in by_no.values():
        if len(same) < 2:
            continue
        first = same[0]
        if all(r.values == first.values for r in same):
            for r in same[1:]:
                r.problems.append(RowProblem(WORK_ORDER_NO, "repeated_row", str(first.row_no)))
        else:
            for r in same:
                others = "、".join(str(o.row_no) for o in same if o is not r)
                r.problems.append(RowProblem(WORK_ORDER_NO, "duplicate_in_file", others))

    # categories
    categories = _load_categories(uow)
    unmatched: dict[str, int] = {}
    for r in rows:
        text_ = r.values.get(CATEGORY, "")
        r.category_id, r.category_matched = categories.match(text_)
        if not r.category_matched and not r.problems and text_:
            unmatched[text_] = unmatched.get(text_, 0) + 1
    if categories.other_id is None and any(r.category_id is None and not r.problems for r in rows):
        raise NoFallbackCategory(name=OTHER_CATEGORY)

    # work orders imported before
    valid = [r for r in rows if not r.problems]
    numbers = [r.values[WORK_ORDER_NO] for r in valid]
    # (the stored values are fetched only for keys whose hash differs: an unchanged file costs one
    # small query per 500 rows)
    existing: dict[str, object] = {}  # rows (id, work_order_no, petition_id, linked_as, content_hash)
    k = ImportedWorkOrder
    for chunk in _chunks(numbers):
        for key in uow.session.execute(select(k.id, k.work_order_no, k.petition_id, k.linked_as, k.content_hash)
                                       .where(k.source == source, k.work_order_no.in_(chunk))):
            existing[key.work_order_no] = key
    fresh: list[_Row] = []
    differ: list[_Row] = []
    for r in valid:
        key = existing.get(r.values[WORK_ORDER_NO])
        if key is None:
            fresh.append(r)
            continue
        r.existing, r.case_id = key, key.petition_id
        if content_hash(uow, r.values) == key.content_hash:
            r.status = UNCHANGED
        else:
            differ.append(r)
    stored: dict[int, dict] = {}
    for chunk in _chunks([r.existing.id for r in differ]):
        stored.update(uow.session.execute(select(k.id, k.data).where(k.id.in_(chunk))).all())
    case_rows = {}
    for chunk in _chunks(sorted({r.case_id for r in valid if r.existing is not None})):
        for cid, case_no, status in uow.session.execute(select(Petition.id, Petition.case_no, Petition.status)
                                                        .where(Petition.id.in_(chunk))):
            case_rows[cid] = (case_no, status)
    for r in valid:
        if r.existing is not None:
            r.case_no = case_rows.get(r.case_id, ("", ""))[0]
    for r in differ:
        # a field one of the two files lacks is no change: the platform's export had other columns
        old = stored.get(r.existing.id) or {}
        changes = tuple(FieldChange(f, _shown(f, old[f]), _shown(f, r.values[f])) for f in FIELDS
                        if f != WORK_ORDER_NO and f in old and f in r.values and (old[f] or "") != (r.values[f] or ""))
        if changes:
            r.status, r.changes = CHANGED, changes
            status = case_rows.get(r.case_id, ("", ""))[1]
            if r.existing.linked_as == "new" and status not in OPEN:
                r.update_blocked = status
        else:
            r.status = UNCHANGED
    if cancelled():
        raise Cancelled(stage="check")

    # repeat detection for the new rows
    by_phone, by_name_village, reuse, cases, cases_of = _load_people_and_cases(uow, fresh)
    threshold = get_setting(uow, "petition_similarity_percent")
    in_file: dict[object, list[_Row]] = {}  # caller key -> rows of this file that create a case
    wanted_new = set(register_as_new)
    for i, r in enumerate(fresh, start=1):
        name, phone, village = r.values.get(CALLER_NAME, ""), r.values.get(PHONE, ""), r.values.get(VILLAGE, "")
        keys = [("phone", phone)] if phone else []
        if village:
            keys.append(("name_village", name, village))
        person_ids = set(by_phone.get(phone, ())) if phone else set()
        if village:
            person_ids |= by_name_village.get((name, village), set())
        content = r.values.get(CONTENT, "")
        # candidates as (settled by 复核, similarity, recency, the case or the earlier row)
        candidates: list[tuple[bool, int, int, object]] = []
        open_cases = []
        for cid in sorted({c for pid in person_ids for c in cases_of.get(pid, ())}):
            case = cases[cid]
            score = max(similarity(content, c) for c in case.contents)
            if case.settled and case.category_id == r.category_id and score >= threshold:
                candidates.append((True, score, cid, case))
            elif case.status in IN_PROGRESS and score >= threshold:
                candidates.append((False, score, cid, case))
            elif case.status in IN_PROGRESS:
                open_cases.append(case.case_no)
        for key in keys:
            for earlier in in_file.get(key, ()):
                score = similarity(content, earlier.values.get(CONTENT, ""))
                if score >= threshold:
                    candidates.append((False, score, 10 ** 12 + earlier.row_no, earlier))
        best = max(candidates, key=lambda c: c[:3]) if candidates else None
        if best is not None and (best[0] or r.row_no not in wanted_new):
            r.status, r.similarity, r.final = REPEAT, best[1], best[0]
            target = best[3]
            if isinstance(target, _Case):
                r.case_id, r.case_no = target.id, target.case_no
            else:
                r.repeat_of_row = target.row_no
        else:
            r.status = NEW
            r.registered_as_new = best is not None
            open_cases += [c[3].case_no for c in candidates if isinstance(c[3], _Case)]
            for key in keys:
                in_file.setdefault(key, []).append(r)
        r.open_cases = tuple(dict.fromkeys(open_cases))
        if i % 5000 == 0:
            if cancelled():
                raise Cancelled(stage="check")
            progress("check", len(rows) - len(fresh) + i, total)
    for r in rows:
        if r.problems:
            r.status = REJECTED
    progress("check", total, total)
    counts = ImportCounts(
        total=len(rows), new=sum(r.status == NEW for r in rows), repeat=sum(r.status == REPEAT for r in rows),
        changed=sum(r.status == CHANGED for r in rows), unchanged=sum(r.status == UNCHANGED for r in rows),
        rejected=sum(r.status == REJECTED for r in rows), empty_rows=sheet.empty_rows,
        other_category=sum(1 for r in rows if r.status == NEW and not r.category_matched))
    return _Plan(source, sheet, mapping, rows, unmatched, reuse, counts)


def _preview_row(r: _Row, names: dict[int, str]) -> PreviewRow:
    v = r.values
    return PreviewRow(
        r.row_no, r.status, v.get(WORK_ORDER_NO, ""), r.received_at, v.get(CALLER_NAME, ""),
        mask_phone(v.get(PHONE, "")) if not any(p.field == PHONE for p in r.problems) else v.get(PHONE, ""),
        r.phone_fixed, v.get(ADDRESS, ""), v.get(VILLAGE, ""), v.get(GRID, ""), v.get(CATEGORY, ""),
        names.get(r.category_id, "") if r.category_id else "", r.category_matched, v.get(CONTENT, ""),
        r.requested_due_on, tuple(r.problems), r.case_id, r.case_no, r.repeat_of_row, r.similarity, r.final,
        r.open_cases, r.changes, r.update_blocked, r.registered_as_new)


def _category_names(uow) -> dict[int, str]:
    return dict(uow.session.execute(select(PetitionCategory.id, PetitionCategory.name)).all())


def preview_import(uow, *, source: str, sheet: SheetData, mapping: dict[str, str],
                   register_as_new: Collection[int] = (), progress: Progress | None = None,
                   cancelled: CancelCheck | None = None) -> ImportPreview:
    """What importing ``sheet`` with ``mapping`` would do, row by row; writes nothing.
    ``register_as_new``: row numbers of repeats the clerk wants registered as new cases."""
    source = source_code(source)
    with uow:
        _require_import(uow)
        plan = _plan(uow, source=source, sheet=sheet, mapping=mapping, register_as_new=register_as_new,
                     progress=progress or _no_progress, cancelled=cancelled or _not_cancelled)
        names = _category_names(uow)
        return ImportPreview(source, sheet.file_name, sheet.sheet, sheet.header_row, dict(mapping),
                             tuple(_preview_row(r, names) for r in plan.rows), plan.counts,
                             tuple(sorted(plan.unmatched, key=lambda n: (-plan.unmatched[n], n))))


# ---------------------------------------------------------------- writing (inside the import transaction)

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


def _fast_plain(value, secret: bool):
    """desktop.models.audit._plain, without its checks for the common plain values."""
    if secret:
        return "***"
    if value is None or type(value) in (str, int, bool, float):
        return value
    return _plain(value)


def _columns(model) -> list[tuple[str, object, bool]]:
    return [(attr.key, attr.columns[0], attr.columns[0].info.get("audit") == "secret")
            for attr in sa_inspect(model).column_attrs]


def _bulk_insert(uow, model, rows: list[dict], *, key: tuple[str, ...] = ()) -> list[int]:
    """Inside an open unit of work: insert ``rows`` in bulk and return the new ids in the order of ``rows``.

    PostgreSQL: the ids come from the table's sequence in one query and the rows go in by COPY. SQLite:
    multi-row INSERT … RETURNING; SQLite cannot return ids in parameter order without one statement per
    row, so the ids are matched back through ``key``, the columns that tell rows apart (rows equal in them
    are interchangeable).

    Every column is given (defaults filled in), and an audited model gets the same audit entries the flush
    listener of desktop.models.audit writes for an ORM insert — without building ORM objects, which for
    50,000 cases would cost most of the import time."""
    if not rows:
        return []
    columns = _columns(model)
    table = model.__table__
    primary = [k for k, col, _ in columns if col.primary_key]
    generated = len(primary) == 1 and primary[0] not in rows[0]
    full = []
    for row in rows:
        values = {}
        for k, col, _ in columns:
            if k in row:
                values[k] = row[k]
            elif generated and k == primary[0]:
                continue
            elif col.default is not None and col.default.is_scalar:
                values[k] = col.default.arg
            else:
                values[k] = None
        full.append(crypto.fill_lookup_hashes(model, values))  # the hash of an encrypted value, given plain
    audited = getattr(model, "__audited__", True)
    ids: list[int] = []
    if uow.kind == "postgresql":
        # the ids come from the table's sequence in one query, the rows go in by COPY
        if generated and (key or audited):
            ids = list(uow.session.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, :c)) FROM generate_series(1, :n)"),
                {"t": table.name, "c": primary[0], "n": len(full)}).scalars())
            for new_id, values in zip(ids, full, strict=True):
                values[primary[0]] = new_id
        _copy(uow, table, full)
    elif generated and key:
        result = uow.session.execute(insert(table).returning(table.c[primary[0]], *[table.c[k] for k in key]),
                                     full)
        pool: dict[tuple, list[int]] = {}
        for new_id, *values in result:
            pool.setdefault(tuple(values), []).append(new_id)
        for ids_of in pool.values():
            ids_of.reverse()
        ids = [pool[tuple(values[k] for k in key)].pop() for values in full]
    else:
        if generated and audited:
            raise ValueError(f"audited bulk insert into {table.name} needs a key to match the new ids")
        uow.session.execute(insert(table), full)
    if audited:
        entries = []
        for i, values in enumerate(full):
            after = {k: _fast_plain(ids[i] if generated and k == primary[0] else values.get(k), secret)
                     for k, _col, secret in columns}
            entity_id = str(ids[i]) if generated else ",".join(str(_plain(values[k])) for k in primary)
            entries.append(audit_row(uow.session, operation="insert", entity=table.name, entity_id=entity_id,
                                     after=after))
        queue_entries(uow.session, entries)  # appended to the audit chain at commit (by COPY when many)
    return ids


def _copy(uow, table, rows: list[dict]) -> None:
    """Inside an open unit of work on PostgreSQL: ``rows`` into ``table`` by COPY, in the session's
    transaction (a multi-row INSERT of 50,000 rows spends most of its time building statements)."""
    if not rows:
        return
    names = list(rows[0])
    json_columns = {c.name for c in table.columns if crypto.is_json(c)}
    connection = uow.session.connection()
    driver = connection.connection.driver_connection
    quoted = ", ".join(f'"{n}"' for n in names)
    # COPY skips SQLAlchemy's parameter processing: encrypted columns are encrypted (and hashed) here
    sealed = [n for n in names if isinstance(table.c[n].type, crypto.ENCRYPTED_TYPES)]
    with driver.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            if sealed:
                row = {**row, **{n: crypto.bind_value(table.c[n], row[n], connection.dialect) for n in sealed}}
            copy.write_row([json.dumps(row[n], ensure_ascii=False) if n in json_columns and row[n] is not None
                            else row[n] for n in names])


def _record_repeats(uow, rows: list[_Row], counts: dict[int, int], step_base: dict) -> None:
    """Inside the import transaction: the repeat visits of ``rows`` on their cases — the count and the
    version of each case raised once (audited like an ORM update), one timeline entry per work order."""
    s = uow.session
    now = uow.now()
    before: dict[int, tuple] = {}
    for chunk in _chunks(sorted(counts)):
        for row in s.execute(select(Petition.id, Petition.repeat_count, Petition.updated_at, Petition.version,
                                    Petition.status).where(Petition.id.in_(chunk))):
            before[row.id] = (row.repeat_count, row.updated_at, row.version, row.status)
    changes = [{"pid": pid, "new_count": old[0] + counts[pid], "now": now, "old_version": old[2],
                "new_version": old[2] + 1} for pid, old in sorted(before.items())]
    t = Petition.__table__
    stmt = (update(t).where(t.c.id == bindparam("pid"), t.c.version == bindparam("old_version"))
            .values(repeat_count=bindparam("new_count"), updated_at=bindparam("now"),
                    version=bindparam("new_version")))
    for chunk in _chunks(changes, CHUNK):
        s.connection().execute(stmt, chunk)
    queue_entries(s, [audit_row(
        s, operation="update", entity="petition", entity_id=str(c["pid"]),
        before={"repeat_count": before[c["pid"]][0], "updated_at": _plain(before[c["pid"]][1]),
                "version": c["old_version"]},
        after={"repeat_count": c["new_count"], "updated_at": _plain(now), "version": c["new_version"]})
        for c in changes])
    steps = [{"petition_id": r.case_id, "action": "repeat_visit", "at": now, "actor_id": uow.actor.user_id,
              "actor_name": actor_name(uow), "from_status": before[r.case_id][3], "to_status": before[r.case_id][3],
              "note": "", "detail": {**step_base, "work_order_no": r.values[WORK_ORDER_NO], "ticket_id": None,
                                     "final": r.final, "similarity": r.similarity}} for r in rows]
    for chunk in _chunks(steps, CHUNK):
        _bulk_insert(uow, PetitionStep, chunk)


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


def _apply_update(uow, r: _Row, key: ImportedWorkOrder, batch: ImportBatch) -> None:
    """Write a changed work order's new values to its case and caller (a case created from it), or only to
    the key (a repeat visit on someone else's case); audited with before and after."""
    old = dict(key.data or {})
    new = {**old, **r.values}
    changed = [c.field for c in r.changes]
    if key.linked_as == "new":
        p = uow.session.get(Petition, key.petition_id)
        values = {}
        if CONTENT in r.values:
            values["content"] = r.values[CONTENT]
        if CATEGORY in r.values and r.category_id is not None:
            values["category_id"] = r.category_id
        if VILLAGE in r.values:
            values["village"] = r.values[VILLAGE]
        if GRID in r.values:
            values["grid"] = r.values[GRID]
        if r.received_at is not None:
            values["received_at"] = r.received_at
        for k, v in values.items():
            if getattr(p, k) != v:
                setattr(p, k, v)
        caller = {f for f in (CALLER_NAME, PHONE, ADDRESS, VILLAGE, GRID) if f in changed}
        if caller:
            person = uow.session.scalar(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                        .where(PetitionParty.petition_id == p.id)
                                        .order_by(PetitionParty.position).limit(1))
            if person is not None:
                upsert_person(uow, PersonInput(
                    name=new.get(CALLER_NAME) or person.name, phone=new.get(PHONE) if PHONE in r.values else None,
                    address=new.get(ADDRESS, person.address), village=new.get(VILLAGE, person.village),
                    grid=new.get(GRID, person.grid), organisation=person.organisation, person_id=person.id))
        p.updated_at = uow.now()
        uow.session.add(PetitionStep(petition_id=p.id, action="edit", at=uow.now(), actor_id=uow.actor.user_id,
                                     actor_name=actor_name(uow), from_status=p.status, to_status=p.status,
                                     note="", detail={"changed": changed, "source": key.source,
                                                      "work_order_no": key.work_order_no,
                                                      "batch_id": batch.id}))
    key.data = new
    key.content_hash = content_hash(uow, new)
    key.received_at = r.received_at or key.received_at
    if REQUESTED_DEADLINE in r.values:
        key.requested_due_on = r.requested_due_on
    key.updated_batch_id, key.updated_at = batch.id, uow.now()
    record_event(uow, action="intake.update", entity="petition", entity_id=str(key.petition_id), detail={
        "source": key.source, "work_order_no": key.work_order_no, "batch_id": batch.id,
        "linked_as": key.linked_as,
        "before": {c.field: c.old for c in r.changes}, "after": {c.field: c.new for c in r.changes}})


def import_work_orders(uow, *, source: str, sheet: SheetData, mapping: dict[str, str], strict: bool = False,
                       apply_updates: bool = False, register_as_new: Collection[int] = (),
                       remember_mapping: bool = True, progress: Progress | None = None,
                       cancelled: CancelCheck | None = None) -> ImportResult:
    """Import the rows of ``sheet`` in one transaction (see the module docstring). In strict mode any
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
        s = uow.session
        now = uow.now()
        batch = ImportBatch(source=source, file_name=sheet.file_name[:200], file_sha256=sheet.sha256,
                            sheet=sheet.sheet[:100], header_row=sheet.header_row, mapping=dict(mapping),
                            strict=strict, imported_at=now, actor_id=uow.actor.user_id,
                            actor_name=actor_name(uow)[:40], rows_total=counts.total, created=counts.new,
                            repeats=counts.repeat, updated=0, unchanged=counts.unchanged, rejected=counts.rejected,
                            empty_rows=counts.empty_rows, other_category=counts.other_category,
                            unmatched_categories=sorted(plan.unmatched))
        s.add(batch)
        s.flush()

        new_rows = [r for r in plan.rows if r.status == NEW]
        numbers = iter(_take_case_numbers(uow, now.year, len(new_rows)))
        codes = iter(_query_codes(uow, len(new_rows)))
        accept_due = deadlines.due_date(uow, load_calendar(uow), "accept_notice", now.date())
        people: dict[object, int] = dict(plan.people_by_key)  # (name, phone) -> person id, stored or new
        case_of_row: dict[int, int] = {}
        case_no_of_row: dict[int, str] = {}
        work = [r for r in plan.rows if r.status in (NEW, REPEAT)]
        total_work = len(work) + (counts.changed if apply_updates else 0)
        repeat_counts: dict[int, int] = {}
        step_base = {"source": source, "batch_id": batch.id}
        written = 0
        for chunk in _chunks(work, CHUNK):
            if cancelled():
                raise Cancelled(stage="write")
            # callers first (their ids go into the party rows); the same name and phone is one person
            new_people: dict[object, dict] = {}
            person_key: dict[int, object] = {}
            for r in chunk:
                if r.status != NEW:
                    continue
                v = r.values
                key = (v[CALLER_NAME], v.get(PHONE, "")) if v.get(PHONE) else ("row", r.row_no)
                person_key[r.row_no] = key
                if key not in people and key not in new_people:
                    new_people[key] = {"name": v[CALLER_NAME], "phone": v.get(PHONE, ""),
                                       "address": v.get(ADDRESS, ""), "village": v.get(VILLAGE, ""),
                                       "grid": v.get(GRID, ""), "organisation": "", "created_at": now,
                                       "updated_at": now, "version": 1}
            ids = _bulk_insert(uow, Person, list(new_people.values()), key=PERSON_KEY)
            people.update(zip(new_people, ids, strict=True))
            # the cases
            petitions = []
            for r in chunk:
                if r.status != NEW:
                    continue
                v = r.values
                seq, case_no = next(numbers)
                petitions.append({
                    "case_no": case_no, "case_year": now.year, "case_seq": seq, "kind": PETITION, "source": source,
                    "category_id": r.category_id, "content": v[CONTENT], "requests": "",
                    "petitioner_names": v[CALLER_NAME], "village": v.get(VILLAGE, ""), "grid": v.get(GRID, ""),
                    "status": REGISTERED, "received_at": r.received_at or now, "query_code": next(codes),
                    "registered_by_id": uow.actor.user_id, "handler_id": uow.actor.user_id,
                    "accept_due_on": accept_due, "extended_days": 0, "hearing_days": 0, "dissatisfied": False,
                    "repeat_count": 0, "new_case_reason": "", "due_on": accept_due, "due_kind": DUE_ACCEPT,
                    "updated_at": now, "version": 1})
            case_ids = iter(_bulk_insert(uow, Petition, petitions, key=("case_no",)))
            case_nos = iter(p["case_no"] for p in petitions)
            parties, steps, keys = [], [], []
            for r in chunk:
                v = r.values
                if r.status == NEW:
                    case_id = next(case_ids)
                    case_of_row[r.row_no], case_no_of_row[r.row_no] = case_id, next(case_nos)
                    parties.append({"petition_id": case_id, "person_id": people[person_key[r.row_no]],
                                    "position": 0})
                    steps.append({"petition_id": case_id, "action": "register", "at": now,
                                  "actor_id": uow.actor.user_id, "actor_name": actor_name(uow), "from_status": "",
                                  "to_status": REGISTERED, "note": "",
                                  "detail": {**step_base, "work_order_no": v[WORK_ORDER_NO], "ticket_id": None,
                                             "attachments": 0, "accept_due_on": accept_due.isoformat(),
                                             "requested_due_on": _json(r.requested_due_on),
                                             "open_cases": list(r.open_cases)}})
                    linked_as = "new"
                else:
                    case_id = r.case_id if r.case_id is not None else case_of_row[r.repeat_of_row]
                    r.case_id = case_id
                    r.case_no = r.case_no or case_no_of_row.get(r.repeat_of_row, "")
                    repeat_counts[case_id] = repeat_counts.get(case_id, 0) + 1
                    linked_as = "repeat"
                keys.append({"source": source, "work_order_no": v[WORK_ORDER_NO], "petition_id": case_id,
                             "linked_as": linked_as, "content_hash": content_hash(uow, v), "data": v,
                             "received_at": r.received_at, "requested_due_on": r.requested_due_on,
                             "batch_id": batch.id, "updated_batch_id": None, "imported_at": now,
                             "updated_at": None})
            _bulk_insert(uow, PetitionParty, parties)
            _bulk_insert(uow, PetitionStep, steps)
            _bulk_insert(uow, ImportedWorkOrder, keys)
            written += len(chunk)
            progress("write", written, total_work)

        # repeat visits: one timeline entry per work order, the count once per case
        if repeat_counts:
            _record_repeats(uow, [r for r in plan.rows if r.status == REPEAT], repeat_counts, step_base)
            progress("write", written, total_work)

        updated = 0
        if apply_updates:
            for r in plan.rows:
                if r.status != CHANGED or r.update_blocked:
                    continue
                key = s.get(ImportedWorkOrder, r.existing.id)
                _apply_update(uow, r, key, batch)
                updated += 1
                if updated % 200 == 0:
                    if cancelled():
                        raise Cancelled(stage="write")
                    s.flush()
                    progress("write", written + updated, total_work)

        if remember_mapping:
            _remember(uow, source, mapping)
        if updated:
            batch.updated = updated
        s.flush()
        names = _category_names(uow)
        rejected = tuple(_preview_row(r, names) for r in plan.rows if r.status == REJECTED)
        first = case_no_of_row[new_rows[0].row_no] if new_rows else ""
        last = case_no_of_row[new_rows[-1].row_no] if new_rows else ""
        uow.commit()
        progress("done", total_work, total_work)
        return ImportResult(batch.id, source, counts, len(new_rows), counts.repeat, updated, rejected, first, last)


def _remember(uow, source: str, mapping: dict[str, str]) -> None:
    clean = {f: h for f, h in mapping.items() if f in FIELDS and h}
    row = uow.session.get(IntakeLayout, (source, "import"))
    if row is None:
        uow.session.add(IntakeLayout(source=source, purpose="import", layout={"mapping": clean},
                                     updated_at=uow.now(), updated_by_name=actor_name(uow)[:40]))
    elif (row.layout or {}).get("mapping") != clean:
        row.layout = {**(row.layout or {}), "mapping": clean}
        row.updated_at, row.updated_by_name = uow.now(), actor_name(uow)[:40]


def remembered_mapping(uow, *, source: str) -> dict[str, str]:
    source = source_code(source)
    with uow:
        _require_import(uow)
        return _remembered(uow, source)


# ---------------------------------------------------------------- the error report

def error_report(rows: Sequence[PreviewRow], sheet: SheetData, *, source: str, generated_at: dt.datetime) -> bytes:
    """The rejected rows as an .xlsx workbook: row number, work-order number, reasons, and the row's cells."""
    cells = dict(sheet.rows)
    rejected = [files_out.RejectedRow(r.row_no, r.work_order_no,
                                      tuple((p.field, p.reason, p.value, p.maximum) for p in r.problems),
                                      cells.get(r.row_no, ())) for r in rows if r.status == REJECTED]
    return files_out.error_report(rejected, headers=sheet.headers, file_name=sheet.file_name,
                                  source_label=SOURCE_LABELS[source_code(source)], generated_at=generated_at)


def write_error_report(path: str | Path, rows: Sequence[PreviewRow], sheet: SheetData, *, source: str,
                       generated_at: dt.datetime) -> Path:
    path = Path(path)
    try:
        fileperms.write_private(path, error_report(rows, sheet, source=source, generated_at=generated_at))
    except OSError as exc:
        raise Invalid(field="path", reason="not_writable", value=str(path), detail=exc.strerror or str(exc)) \
            from None
    return path


# ---------------------------------------------------------------- history and links

def list_batches(uow, *, source: str | None = None, limit: int = 20) -> list[BatchInfo]:
    """The latest imports, newest first."""
    with uow:
        _require_import(uow)
        q = select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit)
        if source:
            q = q.where(ImportBatch.source == source_code(source))
        return [BatchInfo(b.id, b.source, b.file_name, b.imported_at, b.actor_name, b.rows_total, b.created,
                          b.repeats, b.updated, b.unchanged, b.rejected, b.strict) for b in uow.session.scalars(q)]


def work_orders_of_case(uow, *, case_id: int) -> list[WorkOrderInfo]:
    """The work orders that created a case or were recorded on it as repeat visits (for the case view)."""
    with uow:
        if uow.actor.role != "system" and not any(can(uow.actor.role, p) for p in (
                Permission.REGISTER_PETITION, Permission.HANDLE_PETITION, Permission.SUPERVISE_CASES,
                Permission.IMPORT_WORK_ORDERS)):
            raise PermissionDenied(role=uow.actor.role, permission=Permission.HANDLE_PETITION.value)
        rows = uow.session.scalars(select(ImportedWorkOrder).where(ImportedWorkOrder.petition_id == case_id)
                                   .order_by(ImportedWorkOrder.id))
        return [WorkOrderInfo(w.source, w.work_order_no, w.linked_as, w.received_at, w.requested_due_on,
                              w.imported_at, w.batch_id) for w in rows]


# ---------------------------------------------------------------- the synonym table

def _require_configure(uow) -> None:
    require(uow, Permission.CONFIGURE_CENTER)


def _may_read_synonyms(uow) -> None:
    if uow.actor.role == "system":
        return
    if not (can(uow.actor.role, Permission.CONFIGURE_CENTER) or can(uow.actor.role, Permission.IMPORT_WORK_ORDERS)):
        raise PermissionDenied(role=uow.actor.role, permission=Permission.CONFIGURE_CENTER.value)


def list_synonyms(uow) -> list[SynonymInfo]:
    with uow:
        _may_read_synonyms(uow)
        categories = {c.id: (c.name, c.parent_id) for c in uow.session.scalars(select(PetitionCategory))}
        out = []
        for syn in uow.session.scalars(select(CategorySynonym).order_by(CategorySynonym.name)):
            name, parent = categories.get(syn.category_id, ("", None))
            out.append(SynonymInfo(syn.id, syn.name, syn.category_id, name,
                                   categories.get(parent, ("", None))[0] if parent else ""))
        return out


def save_synonym(uow, *, name: str, category_id: int, synonym_id: int | None = None) -> SynonymInfo:
    """Add or change a synonym: the platform's category ``name`` means our level-two category."""
    with uow:
        _require_configure(uow)
        uow.action = "intake.synonym"
        name = " ".join((name or "").split())
        key = norm(name)
        if not key:
            raise Invalid(field="synonym", reason="empty")
        if len(name) > 60:
            raise Invalid(field="synonym", reason="length", maximum=60)
        category = uow.session.get(PetitionCategory, category_id)
        if category is None:
            raise NotFound(entity="petition_category", key=category_id)
        if category.parent_id is None:
            raise Invalid(field="category_id", reason="level_two")
        clash = uow.session.scalar(select(CategorySynonym).where(CategorySynonym.key == key))
        if clash is not None and clash.id != synonym_id:
            raise Duplicate(entity="category_synonym", field="synonym", value=clash.name)
        if synonym_id is None:
            syn = CategorySynonym(name=name, key=key, category_id=category_id, created_at=uow.now(),
                                  created_by_name=actor_name(uow)[:40])
            uow.session.add(syn)
        else:
            syn = uow.session.get(CategorySynonym, synonym_id)
            if syn is None:
                raise NotFound(entity="category_synonym", key=synonym_id)
            syn.name, syn.key, syn.category_id = name, key, category_id
        uow.session.flush()
        domain = uow.session.get(PetitionCategory, category.parent_id)
        info = SynonymInfo(syn.id, syn.name, category.id, category.name, domain.name if domain else "")
        uow.commit()
        return info


def delete_synonym(uow, *, synonym_id: int) -> None:
    with uow:
        _require_configure(uow)
        uow.action = "intake.synonym"
        syn = uow.session.get(CategorySynonym, synonym_id)
        if syn is None:
            raise NotFound(entity="category_synonym", key=synonym_id)
        uow.session.delete(syn)
        uow.commit()


def unmatched_category_names(uow, *, batches: int = 50) -> list[UnmatchedName]:
    """Platform category names that went to 其他 in the latest imports and still match nothing: what the
    administrator should add to the synonym table."""
    with uow:
        _may_read_synonyms(uow)
        categories = _load_categories(uow)
        seen: dict[str, tuple[int, dt.datetime]] = {}
        for names, at in uow.session.execute(select(ImportBatch.unmatched_categories, ImportBatch.imported_at)
                                             .order_by(ImportBatch.id.desc()).limit(batches)):
            for name in names or ():
                if not name or categories.match(name)[1]:
                    continue
                rows, last = seen.get(name, (0, at))
                seen[name] = (rows + 1, max(last, at))
        return [UnmatchedName(n, rows, last) for n, (rows, last) in
                sorted(seen.items(), key=lambda kv: (-kv[1][0], kv[0]))]


# ---------------------------------------------------------------- the export back to the platform

def _layout(uow, source: str) -> ExportLayout:
    row = uow.session.get(IntakeLayout, (source, "export"))
    stored = (row.layout or {}) if row is not None else {}
    columns = tuple(ExportColumn(c["field"], c["header"]) for c in stored.get("columns", ())
                    if c.get("field") in EXPORT_FIELDS and c.get("header"))
    return ExportLayout(columns or tuple(ExportColumn(f, h) for f, h in DEFAULT_EXPORT_COLUMNS),
                        stored.get("datetime_format") or DEFAULT_DATETIME_FORMAT)


def get_export_layout(uow, *, source: str) -> ExportLayout:
    source = source_code(source)
    with uow:
        _require_import(uow)
        return _layout(uow, source)


def save_export_layout(uow, *, source: str, layout: ExportLayout) -> ExportLayout:
    """The columns (our field, the platform's header, in the platform's order) and the time format."""
    source = source_code(source)
    with uow:
        _require_import(uow)
        uow.action = "intake.export_layout"
        if not layout.columns:
            raise Invalid(field="columns", reason="empty")
        fields_seen: set[str] = set()
        headers_seen: set[str] = set()
        columns = []
        for c in layout.columns:
            header = " ".join((c.header or "").split())
            if c.field not in EXPORT_FIELDS:
                raise Invalid(field="columns", reason="unknown", value=c.field)
            if not header:
                raise Invalid(field="columns", reason="empty_header", value=c.field)
            if c.field in fields_seen or header in headers_seen:
                raise Invalid(field="columns", reason="duplicate_column", value=header)
            fields_seen.add(c.field)
            headers_seen.add(header)
            columns.append({"field": c.field, "header": header[:60]})
        if WORK_ORDER_NO not in fields_seen:
            raise Invalid(field="columns", reason="work_order_no_required")
        fmt = layout.datetime_format or DEFAULT_DATETIME_FORMAT
        try:
            dt.datetime(2026, 11, 3, 8, 5).strftime(fmt)
        except ValueError:
            raise Invalid(field="datetime_format", reason="format") from None
        if "%" not in fmt:
            raise Invalid(field="datetime_format", reason="format")
        value = {"columns": columns, "datetime_format": fmt}
        row = uow.session.get(IntakeLayout, (source, "export"))
        if row is None:
            uow.session.add(IntakeLayout(source=source, purpose="export", layout=value, updated_at=uow.now(),
                                         updated_by_name=actor_name(uow)[:40]))
        elif row.layout != value:
            row.layout, row.updated_at, row.updated_by_name = value, uow.now(), actor_name(uow)[:40]
        uow.commit()
        return _layout_from(value)


def _layout_from(value: dict) -> ExportLayout:
    return ExportLayout(tuple(ExportColumn(c["field"], c["header"]) for c in value["columns"]),
                        value["datetime_format"])


def _result_rows(uow, source: str, since: dt.date, until: dt.date) -> list[files_out.ResultRow]:
    s = uow.session
    answered = and_(Petition.replied_on >= since, Petition.replied_on <= until)
    ended = and_(Petition.status.in_((NOT_ACCEPTED, WITHDRAWN)), Petition.closed_on >= since,
                 Petition.closed_on <= until)
    rows = list(s.execute(
        select(ImportedWorkOrder.work_order_no, ImportedWorkOrder.received_at, ImportedWorkOrder.requested_due_on,
               Petition.id, Petition.case_no, Petition.status, Petition.satisfaction, Petition.department_id)
        .join(Petition, Petition.id == ImportedWorkOrder.petition_id)
        .where(ImportedWorkOrder.source == source, or_(answered, ended))
        .order_by(ImportedWorkOrder.work_order_no)))
    ids = sorted({r.id for r in rows})
    replies: dict[int, PetitionReply] = {}
    ends: dict[int, tuple[dt.datetime, str]] = {}
    for chunk in _chunks(ids):
        for reply in s.scalars(select(PetitionReply).where(PetitionReply.petition_id.in_(chunk))):
            replies[reply.petition_id] = reply
        for pid, _action, at, note in s.execute(
                select(PetitionStep.petition_id, PetitionStep.action, PetitionStep.at, PetitionStep.note)
                .where(PetitionStep.petition_id.in_(chunk),
                       PetitionStep.action.in_(("conclude", "refuse", "withdraw")))
                .order_by(PetitionStep.id)):
            ends[pid] = (at, note)  # the latest one wins
    departments = dict(s.execute(select(Department.id, Department.name)).all())
    out = []
    for r in rows:
        reply = replies.get(r.id)
        at, note = ends.get(r.id, (None, ""))
        out.append(files_out.ResultRow(
            r.work_order_no, r.case_no, r.status, reply.facts if reply else "",
            tuple((d.get("request", ""), d.get("decision", "")) for d in (reply.decisions if reply else ())),
            note if r.status in (NOT_ACCEPTED, WITHDRAWN) else "", at, r.satisfaction,
            departments.get(r.department_id, ""), r.received_at, r.requested_due_on))
    return out


def export_results(uow, *, source: str, since: dt.date, out: str | Path, until: dt.date | None = None,
                   layout: ExportLayout | None = None) -> ExportResult:
    """Write the handling results of the source's work orders whose case was answered (or not accepted, or
    withdrawn) between ``since`` and ``until`` (today), in the source's export layout, to ``out`` (.xlsx or
    .csv). Recorded in the audit log."""
    source = source_code(source)
    path = Path(out)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise Invalid(field="path", reason="suffix", value=path.name)
    with uow:
        _require_import(uow)
        until = until or uow.now().date()
        if until < since:
            raise Invalid(field="until", reason="before_start")
        layout = layout or _layout(uow, source)
        rows = _result_rows(uow, source, since, until)
        try:
            files_out.write_export(rows, columns=[(c.field, c.header) for c in layout.columns],
                                   datetime_format=layout.datetime_format, path=path)
        except OSError as exc:
            raise Invalid(field="path", reason="not_writable", value=str(path), detail=exc.strerror or str(exc)) \
                from None
        record_event(uow, action="intake.export", entity="imported_work_order", entity_id=source,
                     detail={"since": since.isoformat(), "until": until.isoformat(), "rows": len(rows),
                             "file": path.name})
        uow.commit()
        return ExportResult(path, len(rows), since, until)
