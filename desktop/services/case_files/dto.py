"""What the case file services return: frozen DTOs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseFileInfo:
    id: int
    case_kind: str
    case_id: int
    case_no: str
    version_no: int
    sha256: str
    size: int
    pages: int
    closed_on: dt.date
    finalised_at: dt.datetime
    finalised_by: str
    reason: str


@dataclass(frozen=True)
class StoredCaseFile:
    info: CaseFileInfo
    data: bytes


@dataclass(frozen=True)
class CaseFileState:
    """What the case view offers: may it be finalised, and its stored versions (oldest first)."""

    case_kind: str
    case_id: int
    case_no: str
    closed: bool
    versions: tuple[CaseFileInfo, ...]


@dataclass(frozen=True)
class ClosedCase:
    case_kind: str
    case_id: int
    case_no: str
    closed_on: dt.date


@dataclass(frozen=True)
class ExportedFile:
    case_kind: str
    case_no: str
    version_no: int
    sha256: str
    pages: int
    file_name: str
    finalised_now: bool


@dataclass(frozen=True)
class ExportResult:
    folder: str
    files: tuple[ExportedFile, ...]
    manifest: str

    @property
    def finalised(self) -> int:
        return sum(1 for f in self.files if f.finalised_now)
