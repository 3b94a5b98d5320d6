"""Words of the work-order intake on screen: our fields, row statuses, the reasons a row is rejected, and
the sentences for the intake's typed failures (registered in desktop/ui/message_registry.py)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.ui.message_registry import register, register_fields, register_invalid

CTX = "IntakeTexts"


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


FIELD_LABELS = {
    "work_order_no": QT_TRANSLATE_NOOP("IntakeTexts", "Work-order number"),
    "received_at": QT_TRANSLATE_NOOP("IntakeTexts", "Time received"),
    "caller_name": QT_TRANSLATE_NOOP("IntakeTexts", "Caller name"),
    "phone": QT_TRANSLATE_NOOP("IntakeTexts", "Phone"),
    "address": QT_TRANSLATE_NOOP("IntakeTexts", "Address"),
    "village": QT_TRANSLATE_NOOP("IntakeTexts", "Village / community"),
    "grid": QT_TRANSLATE_NOOP("IntakeTexts", "Grid code"),
    "category": QT_TRANSLATE_NOOP("IntakeTexts", "Category"),
    "content": QT_TRANSLATE_NOOP("IntakeTexts", "Content"),
    "requested_deadline": QT_TRANSLATE_NOOP("IntakeTexts", "Requested deadline"),
}
SOURCE_LABELS = {
    "hotline": QT_TRANSLATE_NOOP("IntakeTexts", "12345 hotline work orders"),
    "grid": QT_TRANSLATE_NOOP("IntakeTexts", "Grid reports"),
}
STATUS_LABELS = {
    "new": QT_TRANSLATE_NOOP("IntakeTexts", "New"),
    "repeat": QT_TRANSLATE_NOOP("IntakeTexts", "Repeat"),
    "changed": QT_TRANSLATE_NOOP("IntakeTexts", "Changed"),
    "unchanged": QT_TRANSLATE_NOOP("IntakeTexts", "Unchanged"),
    "rejected": QT_TRANSLATE_NOOP("IntakeTexts", "Rejected"),
}
BATCH_STATE_LABELS = {  # an import's record (desktop.services.intake.batches)
    "complete": QT_TRANSLATE_NOOP("IntakeTexts", "Complete"),
    "running": QT_TRANSLATE_NOOP("IntakeTexts", "Unfinished: %1 of %2 rows written; import the file again to continue"),
    "failed": QT_TRANSLATE_NOOP("IntakeTexts", "Stopped; nothing was kept"),
}
STATUS_COLOURS = {"new": "#e6f4ea", "repeat": "#fff4ce", "changed": "#e3ecfa", "unchanged": "#f1f1f1",
                  "rejected": "#fbe3e4"}
REASONS = {
    "missing": QT_TRANSLATE_NOOP("IntakeTexts", "%1 is empty"),
    "too_long": QT_TRANSLATE_NOOP("IntakeTexts", "%1 is too long (at most %3 characters)"),
    "date_format": QT_TRANSLATE_NOOP("IntakeTexts", "%1 “%2” is not a date"),
    "date_invalid": QT_TRANSLATE_NOOP("IntakeTexts", "%1 “%2” is a day that does not exist"),
    "future": QT_TRANSLATE_NOOP("IntakeTexts", "%1 “%2” is in the future"),
    "phone": QT_TRANSLATE_NOOP("IntakeTexts", "%1 “%2” is not a mobile or landline number"),
    "before_received": QT_TRANSLATE_NOOP("IntakeTexts", "%1 “%2” is before the time received"),
    "duplicate_in_file": QT_TRANSLATE_NOOP("IntakeTexts",
                                           "The work-order number occurs again with other content (row %2)"),
    "repeated_row": QT_TRANSLATE_NOOP("IntakeTexts", "The same row as row %2"),
}
FILE_KINDS = {
    "pdf": QT_TRANSLATE_NOOP("IntakeTexts", "a PDF document"),
    "image": QT_TRANSLATE_NOOP("IntakeTexts", "a picture"),
    "html": QT_TRANSLATE_NOOP("IntakeTexts", "a web page"),
    "xml": QT_TRANSLATE_NOOP("IntakeTexts", "an XML file"),
    "zip": QT_TRANSLATE_NOOP("IntakeTexts", "a zip archive"),
    "binary": QT_TRANSLATE_NOOP("IntakeTexts", "a binary file"),
    "encoding": QT_TRANSLATE_NOOP("IntakeTexts", "text in an unknown encoding"),
    "text": QT_TRANSLATE_NOOP("IntakeTexts", "plain text, not a table"),
}
EXPORT_FIELDS = {
    "work_order_no": QT_TRANSLATE_NOOP("IntakeTexts", "Work-order number"),
    "case_no": QT_TRANSLATE_NOOP("IntakeTexts", "Case number"),
    "result": QT_TRANSLATE_NOOP("IntakeTexts", "Result"),
    "concluded_at": QT_TRANSLATE_NOOP("IntakeTexts", "Time concluded"),
    "satisfaction": QT_TRANSLATE_NOOP("IntakeTexts", "Satisfaction"),
    "status": QT_TRANSLATE_NOOP("IntakeTexts", "Status"),
    "department": QT_TRANSLATE_NOOP("IntakeTexts", "Department"),
    "received_at": QT_TRANSLATE_NOOP("IntakeTexts", "Time received"),
    "requested_deadline": QT_TRANSLATE_NOOP("IntakeTexts", "Requested deadline"),
    "on_time": QT_TRANSLATE_NOOP("IntakeTexts", "Concluded on time"),
}


def field_label(field: str) -> str:
    return _t(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def source_label(source: str) -> str:
    return _t(SOURCE_LABELS[source]) if source in SOURCE_LABELS else source


def batch_state_label(state: str, rows_done: int, rows_total: int) -> str:
    """How far an import got, for the list of recent imports."""
    if state not in BATCH_STATE_LABELS:
        return state
    return _t(BATCH_STATE_LABELS[state]).replace("%1", str(rows_done)).replace("%2", str(rows_total))


def status_label(status: str) -> str:
    return _t(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def export_field_label(field: str) -> str:
    return _t(EXPORT_FIELDS[field]) if field in EXPORT_FIELDS else field


def problem_text(problem) -> str:
    template = REASONS.get(problem.reason)
    if template is None:
        return _t(QT_TRANSLATE_NOOP("IntakeTexts", "%1 is not valid")).replace("%1", field_label(problem.field))
    return (_t(template).replace("%1", field_label(problem.field)).replace("%2", problem.value or "")
            .replace("%3", str(problem.maximum or "")))


def _fields(names) -> str:
    return _t(QT_TRANSLATE_NOOP("IntakeTexts", ", ")).join(field_label(n) for n in names)


def _file_kind(kind: str) -> str:
    return _t(FILE_KINDS[kind]) if kind in FILE_KINDS else kind


MESSAGES = [
    ("desktop.services.intake.errors.NotASpreadsheet", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "“%1” is not a spreadsheet (it looks like %2). Export the work orders from the platform "
                       "as .xlsx, .xls or .csv.")).replace("%1", str(f.get("file", ""))).replace(
        "%2", _file_kind(f.get("detected", "")))),
    ("desktop.services.intake.errors.EncryptedWorkbook", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "“%1” is protected by a password. Open it in Excel, remove the password (File › Info › "
                       "Protect Workbook) and save it, then import it again.")).replace("%1", str(f.get("file", "")))),
    ("desktop.services.intake.errors.UnreadableFile", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "“%1” cannot be read; it may be damaged (%2).")).replace(
        "%1", str(f.get("file", ""))).replace("%2", str(f.get("detail", "")))),
    ("desktop.services.intake.errors.EmptyFile", lambda f: _t(QT_TRANSLATE_NOOP("IntakeTexts", "“%1” has no data rows.")).replace(
        "%1", str(f.get("file", "")))),
    ("desktop.services.intake.errors.NoRecognisableHeaders", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "No header row was recognised in the first %1 rows of “%2”. Choose the header row by hand "
                       "and map the columns yourself.")).replace("%1", str(f.get("rows_scanned", ""))).replace(
        "%2", str(f.get("file", "")))),
    ("desktop.services.intake.errors.SheetNotFound", lambda f: _t(QT_TRANSLATE_NOOP("IntakeTexts", "The file has no sheet “%1”.")).replace(
        "%1", str(f.get("sheet", "")))),
    ("desktop.services.intake.errors.HeaderRowOutOfRange", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "Row %1 is not among the first %2 rows of the sheet.")).replace(
        "%1", str(f.get("header_row", ""))).replace("%2", str(f.get("rows", "")))),
    ("desktop.services.intake.errors.TooManyRows", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "The file has more than %1 rows. Split it, or ask an administrator to raise the limit."))
        .replace("%1", f"{f.get('maximum') or 0:,}")),
    ("desktop.services.intake.errors.Cancelled", lambda f: _t(QT_TRANSLATE_NOOP("IntakeTexts", "Cancelled. Nothing was imported."))),
    ("desktop.services.intake.errors.MappingIncomplete", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "Choose the column of: %1.")).replace("%1", _fields(f.get("missing", ())))),
    ("desktop.services.intake.errors.NoFallbackCategory", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "Some category names match none of ours, and there is no category “%1” to put them in. "
                       "Ask an administrator to add it or to add synonyms.")).replace("%1", str(f.get("name", "")))),
    ("desktop.services.intake.errors.StrictImportRefused", lambda f: _t(QT_TRANSLATE_NOOP(
        "IntakeTexts", "Strict mode: %1 of %2 rows are invalid, so nothing was imported. Save the error report, "
                       "correct the file and import it again.")).replace("%1", str(f.get("rejected", ""))).replace(
        "%2", str(f.get("total", "")))),
]


def invalid_text(f: dict) -> str | None:
    """Sentences for the reasons of Invalid that the intake uses; None for the others."""
    reason, value = f.get("reason"), str(f.get("value", ""))
    if f.get("field") == "mapping":
        if reason == "duplicate_header":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The column “%1” is chosen for two fields.")).replace(
                "%1", value)
        if reason == "unknown_header":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The file has no column “%1”.")).replace("%1", value)
    if f.get("field") == "columns":
        if reason == "work_order_no_required":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The export must contain the work-order number."))
        if reason == "duplicate_column":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The column “%1” appears twice.")).replace("%1", value)
        if reason == "empty_header":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "Every column needs a header."))
        if reason == "empty":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "Choose at least one column."))
    if f.get("field") == "path":
        if reason == "not_writable":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The file “%1” cannot be written: %2")).replace(
                "%1", value).replace("%2", str(f.get("detail", "")))
        if reason == "suffix":
            return _t(QT_TRANSLATE_NOOP("IntakeTexts", "Save the export as .xlsx or .csv."))
    if f.get("field") == "datetime_format" and reason == "format":
        return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The time format is not valid (e.g. %Y-%m-%d %H:%M)."))
    if f.get("field") == "until" and reason == "before_start":
        return _t(QT_TRANSLATE_NOOP("IntakeTexts", "The end date is before the start date."))
    if f.get("field") == "category_id" and reason == "level_two":
        return _t(QT_TRANSLATE_NOOP("IntakeTexts", "Choose a category, not a domain."))
    return None


FIELDS = {
    "synonym": QT_TRANSLATE_NOOP("Fields", "Category name on the platform"),
    "category_id": QT_TRANSLATE_NOOP("Fields", "Category"),
    "columns": QT_TRANSLATE_NOOP("Fields", "Columns"),
    "datetime_format": QT_TRANSLATE_NOOP("Fields", "Time format"),
    "mapping": QT_TRANSLATE_NOOP("Fields", "Column mapping"),
    "source": QT_TRANSLATE_NOOP("Fields", "Source"),
    "intake_max_rows": QT_TRANSLATE_NOOP("Fields", "Work-order import: most rows in one file"),
}

register(MESSAGES)
register_fields(FIELDS, replace=False)
register_invalid(invalid_text, rank=3)
