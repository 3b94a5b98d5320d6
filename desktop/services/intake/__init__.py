"""Intake of work orders (package; issue #19 split of the former intake.py): 12345 hotline work orders
and grid reports (网格上报) imported from their platforms' Excel/CSV files into the petition flow, and the
handling results exported back.

The flow of one file:

1. ``open_work_order_file`` (reading) reads it (files) and proposes a column mapping: the mapping
   remembered for the source where the file has those headers, the headers' names otherwise.
2. ``preview_import`` (plan) plans every row without writing: what will be created, what is a repeat of
   a case in progress, what was imported before (unchanged, or changed — with the differences), and what
   is wrong with each rejected row.
3. ``import_work_orders`` (importing) plans again (the database may have changed since the preview) and
   writes the rows in batches of ``WRITE_BATCH``, each its own short transaction, so other windows (the
   queue's *call next*) never wait long for the database. The import's record (``ImportBatch.state``:
   running, complete, failed; rows done) makes it all or nothing for the clerk: an import that stops is
   taken back, and one whose process died is taken over by importing the same file again, which writes
   only the rows it had not reached (batches, discard). In strict mode, when any row is invalid, nothing is
   written. A row is written whole or not at all. The repeat visits, the mapping remembered and the
   record's completion go in the last transaction; work orders of imports not complete are not listed.

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
  counter for each batch; rows are written in batches with one multi-row insert per table, reporting
  progress and checking for cancel between batches. A cancel takes back everything written.

Modules. Reading a file: ``files`` (finding the header row; names every piece for callers), ``headers``
(our fields and the header names), ``cells`` (dates, phones, codes), ``workbooks`` (.xlsx/.xls/.csv as raw
rows), ``sheet`` (SheetData). Importing: ``reading``, ``mapping``, ``rows`` (a row normalised),
``categories``, ``changes`` (work orders imported before), ``callers`` and ``repeats`` (repeat detection),
``plan`` (and the preview), ``importing``, ``batches`` (the import's record as it goes), ``writing`` (the
rows of one batch), ``bulk`` (multi-row inserts), ``updates`` (repeat visits, changes applied), ``discard``
(an import that stopped taken back). Then ``report`` (the error report), ``history``, ``synonyms``, ``export``; ``errors`` and
``dto`` hold the typed failures and the results, ``_common`` the constants and shared helpers.
"""

from desktop.services.intake import files
from desktop.services.intake._common import (
    CHANGED,
    CHUNK,
    DATETIME_FORMATS,
    DEFAULT_DATETIME_FORMAT,
    DEFAULT_EXPORT_COLUMNS,
    EXPORT_FIELDS,
    FUTURE_TOLERANCE,
    GRID_REPORT,
    HOTLINE,
    LENGTHS,
    LOOKUP_CHUNK,
    NEW,
    OTHER_CATEGORY,
    PERSON_KEY,
    REJECTED,
    REPEAT,
    ROW_STATUSES,
    SOURCE_ALIASES,
    SOURCE_LABELS,
    SOURCES,
    UNCHANGED,
    content_hash,
    source_code,
)
from desktop.services.intake.batches import BATCH_STATES, COMPLETE, FAILED, RUNNING
from desktop.services.intake.dto import (
    BatchInfo,
    ExportColumn,
    ExportLayout,
    ExportResult,
    FieldChange,
    ImportCounts,
    ImportPreview,
    ImportResult,
    OpenedFile,
    PreviewRow,
    RowProblem,
    SynonymInfo,
    UnmatchedName,
    WorkOrderInfo,
)
from desktop.services.intake.errors import (
    MappingIncomplete,
    NoFallbackCategory,
    StrictImportRefused,
)
from desktop.services.intake.export import (
    export_results,
    get_export_layout,
    save_export_layout,
)
from desktop.services.intake.history import (
    list_batches,
    work_orders_of_case,
)
from desktop.services.intake.importing import (
    WRITE_BATCH,
    import_work_orders,
)
from desktop.services.intake.mapping import (
    check_mapping,
    propose_mapping,
    remembered_mapping,
)
from desktop.services.intake.plan import (
    preview_import,
)
from desktop.services.intake.reading import (
    open_work_order_file,
)
from desktop.services.intake.report import (
    error_report,
    write_error_report,
)
from desktop.services.intake.synonyms import (
    delete_synonym,
    list_synonyms,
    save_synonym,
    unmatched_category_names,
)

__all__ = [
    "files",
    "HOTLINE",
    "GRID_REPORT",
    "NEW",
    "REPEAT",
    "CHANGED",
    "UNCHANGED",
    "REJECTED",
    "SOURCES",
    "SOURCE_ALIASES",
    "SOURCE_LABELS",
    "OTHER_CATEGORY",
    "LENGTHS",
    "PERSON_KEY",
    "CHUNK",
    "WRITE_BATCH",
    "RUNNING",
    "COMPLETE",
    "FAILED",
    "BATCH_STATES",
    "LOOKUP_CHUNK",
    "FUTURE_TOLERANCE",
    "ROW_STATUSES",
    "EXPORT_FIELDS",
    "DEFAULT_EXPORT_COLUMNS",
    "DEFAULT_DATETIME_FORMAT",
    "DATETIME_FORMATS",
    "MappingIncomplete",
    "NoFallbackCategory",
    "StrictImportRefused",
    "OpenedFile",
    "RowProblem",
    "FieldChange",
    "PreviewRow",
    "ImportCounts",
    "ImportPreview",
    "ImportResult",
    "BatchInfo",
    "WorkOrderInfo",
    "SynonymInfo",
    "UnmatchedName",
    "ExportColumn",
    "ExportLayout",
    "ExportResult",
    "source_code",
    "content_hash",
    "propose_mapping",
    "check_mapping",
    "open_work_order_file",
    "preview_import",
    "import_work_orders",
    "remembered_mapping",
    "error_report",
    "write_error_report",
    "list_batches",
    "work_orders_of_case",
    "list_synonyms",
    "save_synonym",
    "delete_synonym",
    "unmatched_category_names",
    "get_export_layout",
    "save_export_layout",
    "export_results",
]
