"""What the intake services return: frozen snapshots, never live ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from desktop.services.intake._common import REJECTED
from desktop.services.intake.sheet import SheetData


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
    resumed: bool = False  # an interrupted import of the same file was taken over and completed


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
    state: str = "complete"  # running / complete / failed (desktop.services.intake.batches)
    rows_done: int = 0  # rows written so far


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
