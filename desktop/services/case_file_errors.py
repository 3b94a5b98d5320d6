"""The typed failures of case files (卷宗), apart from the service so that screens can name them without
loading the PDF machinery."""

from desktop.services.errors import ServiceError


class CaseNotClosed(ServiceError):
    """Only a closed case has a case file. facts: case_kind, case_no, status."""


class CaseFileIncomplete(ServiceError):
    """The case lacks what its case file needs. facts: case_kind, case_no, missing (codes such as "handler",
    "closed_on", "documents[2].facts")."""


class CaseFileExists(ServiceError):
    """The case file is already finalised; a new version needs an explicit reason. facts: case_no, version_no."""


class CaseFileNotFinalised(ServiceError):
    """No stored version yet. facts: case_no."""


class CaseFileCorrupt(ServiceError):
    """A stored case file no longer matches its SHA-256. facts: case_no, version_no, expected, actual."""


class ExportCancelled(ServiceError):
    """The batch export was cancelled; the files already complete stay. facts: done, total."""
