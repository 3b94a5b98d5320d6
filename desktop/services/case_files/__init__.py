"""Case files (卷宗) of closed cases: built, finalised, stored, read back and exported.

- ``preview_case_file`` builds the PDF of a closed petition or dispute without storing it.
- ``finalise_case_file`` stores version 1: the PDF bytes (in the database, so a backup carries them), their
  SHA-256 and page count, who finalised it and when. From then on the stored file is what is opened and
  exported; it is never silently rebuilt.
- ``new_case_file_version`` is the only way to a new version: an explicit action with a reason, a new row;
  every earlier version is kept.
- ``open_case_file`` reads a stored version back and checks its SHA-256 (``CaseFileCorrupt`` on a mismatch).
- ``export_case_files`` writes every case closed in a date range to a folder, one PDF per case plus
  ``manifest.csv``, finalising the cases that have no stored version yet; with progress and cancel, each file
  written under a temporary name and renamed when complete, so a cancelled export leaves no partial file.

A petition is closed in status closed, not_accepted or withdrawn; a dispute once agreed, failed, terminated or
referred. A case that is not closed raises ``CaseNotClosed``; a case lacking what its case file needs raises
``CaseFileIncomplete`` naming every missing item.

Dispute case files carry the registration form and the agreement with full ID numbers, as the committee's
archive copy: building or opening one is a reveal of personal data (REVEAL_PERSONAL_DATA, audited).

Modules, lowest first: dto, access (permissions, case rows, closed or not), volumes (building the PDF),
versions (storing and reading versions), export (the batch export). Import the names below from the package;
the errors live in desktop.services.case_file_errors and are named here too.
"""

from desktop.services.case_file_errors import (
    CaseFileCorrupt,
    CaseFileExists,
    CaseFileIncomplete,
    CaseFileNotFinalised,
    CaseNotClosed,
    ExportCancelled,
)
from desktop.services.case_files.access import KINDS, may_export
from desktop.services.case_files.dto import (
    CaseFileInfo,
    CaseFileState,
    ClosedCase,
    ExportedFile,
    ExportResult,
    StoredCaseFile,
)
from desktop.services.case_files.export import (
    MANIFEST,
    MANIFEST_COLUMNS,
    closed_cases,
    export_case_files,
    file_name,
)
from desktop.services.case_files.versions import (
    REASON_MAX,
    case_file_state,
    finalise_case_file,
    finalise_in,
    list_case_file_versions,
    new_case_file_version,
    open_case_file,
)
from desktop.services.case_files.volumes import preview_case_file

__all__ = [
    "KINDS", "MANIFEST", "MANIFEST_COLUMNS", "REASON_MAX", "CaseFileCorrupt", "CaseFileExists", "CaseFileIncomplete",
    "CaseFileInfo", "CaseFileNotFinalised", "CaseFileState", "CaseNotClosed", "ClosedCase", "ExportCancelled",
    "ExportResult", "ExportedFile", "StoredCaseFile", "case_file_state", "closed_cases", "export_case_files",
    "file_name", "finalise_case_file", "finalise_in", "list_case_file_versions", "may_export",
    "new_case_file_version", "open_case_file", "preview_case_file",
]
