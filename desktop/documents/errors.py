"""Typed failures of document rendering. Like the services' errors they carry facts, not sentences; the UI turns
them into translated messages. A document checks its DTO completely before it draws anything, so a failure never
leaves a half-filled document behind."""

from __future__ import annotations

from desktop.facts import FactsError


class DocumentError(FactsError):
    """Base of every expected failure while rendering a document."""


class MissingData(DocumentError):
    """The DTO lacks data the document needs. facts: document (its kind, e.g. "mediation_agreement"),
    missing (list of field paths such as ``parties[1].id_number``, in the order the document uses them)."""

    def __init__(self, *, missing: list[str], document: str = ""):
        super().__init__(document=document, missing=list(missing))


class InvalidData(DocumentError):
    """A value is present but cannot be printed as it is. facts: document, field, reason (a code:
    "negative", "order" (a date before the one it follows), "too_few" (fewer items than the document needs))."""

    def __init__(self, *, field: str, reason: str, document: str = ""):
        super().__init__(document=document, field=field, reason=reason)
