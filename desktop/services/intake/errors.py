"""Typed failures of the work-order intake: a file that cannot be imported at all, a cancelled
import, and a mapping or file the import refuses. They carry facts; desktop/ui/petitions_import/texts.py
words them."""

from __future__ import annotations

from desktop.services.errors import ServiceError


class FileError(ServiceError):
    """A file that cannot be imported at all. facts: file (the name), and the facts of the subclass."""


class NotASpreadsheet(FileError):
    """The file is neither a workbook nor delimited text. facts: file, detected ("pdf", "zip", "binary",
    "html", "encoding", "image")."""


class EncryptedWorkbook(FileError):
    """A password-protected workbook: the clerk must save it without a password first. facts: file."""


class UnreadableFile(FileError):
    """A workbook or text file that is damaged or cannot be opened. facts: file, detail."""


class EmptyFile(FileError):
    """No data rows (or no cells at all). facts: file, sheet."""


class NoRecognisableHeaders(FileError):
    """No row among the first rows names our fields. facts: file, sheet, rows_scanned."""


class SheetNotFound(FileError):
    """facts: file, sheet, sheets."""


class HeaderRowOutOfRange(FileError):
    """The header row chosen by hand is not in the sheet. facts: file, header_row, rows."""


class TooManyRows(FileError):
    """facts: file, rows, maximum."""


class Cancelled(ServiceError):
    """The clerk cancelled a long import; nothing was written. facts: stage."""


class MappingIncomplete(ServiceError):
    """A required field has no column. facts: missing (tuple of field names)."""


class NoFallbackCategory(ServiceError):
    """Some category names match none of ours and there is no level-two category 其他 to put them in.
    facts: name."""


class StrictImportRefused(ServiceError):
    """Strict mode and some rows are invalid: nothing was imported. facts: rejected, total."""
