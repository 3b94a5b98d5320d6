"""The words of documents and case files on screen: readable names for the items a document lacks (the
documents name them by path, ``documents[1].parties[0].id_number``; a clerk reads «卷内第 2 份文书 · 当事人 1：
身份证号码»), and the messages of their failures. Light on purpose: desktop/ui/area_texts.py loads it at start to register them."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.documents import errors as doc_errors
from desktop.facts import FactsError
from desktop.services import case_file_errors as cf
from desktop.ui.message_registry import register, register_fields
from desktop.ui.text import translator

CONTEXT = "DocumentFields"

# lists: the label of one element, numbered from 1
ITEMS = {
    "documents": QT_TRANSLATE_NOOP("DocumentFields", "document %1 of the file"),
    "parties": QT_TRANSLATE_NOOP("DocumentFields", "party %1"),
    "petitioners": QT_TRANSLATE_NOOP("DocumentFields", "petitioner %1"),
    "entries": QT_TRANSLATE_NOOP("DocumentFields", "record entry %1"),
    "terms": QT_TRANSLATE_NOOP("DocumentFields", "term %1"),
    "decisions": QT_TRANSLATE_NOOP("DocumentFields", "decision %1"),
    "sessions": QT_TRANSLATE_NOOP("DocumentFields", "session %1"),
    "attachments": QT_TRANSLATE_NOOP("DocumentFields", "attachment %1"),
}

NAMES = {
    "accepted_on": QT_TRANSLATE_NOOP("DocumentFields", "date of acceptance"),
    "address": QT_TRANSLATE_NOOP("DocumentFields", "address"),
    "basis": QT_TRANSLATE_NOOP("DocumentFields", "legal basis"),
    "case_kind": QT_TRANSLATE_NOOP("DocumentFields", "kind of case"),
    "case_number": QT_TRANSLATE_NOOP("DocumentFields", "case number"),
    "category": QT_TRANSLATE_NOOP("DocumentFields", "category"),
    "cause": QT_TRANSLATE_NOOP("DocumentFields", "cause"),
    "center_name": QT_TRANSLATE_NOOP("DocumentFields", "name of the center"),
    "clerk": QT_TRANSLATE_NOOP("DocumentFields", "clerk"),
    "closed_on": QT_TRANSLATE_NOOP("DocumentFields", "date closed"),
    "committee": QT_TRANSLATE_NOOP("DocumentFields", "mediation committee"),
    "compiled_by": QT_TRANSLATE_NOOP("DocumentFields", "compiled by"),
    "compiled_on": QT_TRANSLATE_NOOP("DocumentFields", "date compiled"),
    "conclude_by": QT_TRANSLATE_NOOP("DocumentFields", "deadline"),
    "content": QT_TRANSLATE_NOOP("DocumentFields", "content"),
    "day": QT_TRANSLATE_NOOP("DocumentFields", "day"),
    "decision": QT_TRANSLATE_NOOP("DocumentFields", "decision"),
    "decisions": QT_TRANSLATE_NOOP("DocumentFields", "decisions"),
    "dispute_type": QT_TRANSLATE_NOOP("DocumentFields", "type of dispute"),
    "disputed_matters": QT_TRANSLATE_NOOP("DocumentFields", "matters in dispute"),
    "document_no": QT_TRANSLATE_NOOP("DocumentFields", "document number"),
    "documents": QT_TRANSLATE_NOOP("DocumentFields", "documents"),
    "due": QT_TRANSLATE_NOOP("DocumentFields", "due date"),
    "end": QT_TRANSLATE_NOOP("DocumentFields", "end time"),
    "entries": QT_TRANSLATE_NOOP("DocumentFields", "record entries"),
    "facts": QT_TRANSLATE_NOOP("DocumentFields", "facts"),
    "gender": QT_TRANSLATE_NOOP("DocumentFields", "gender"),
    "handler": QT_TRANSLATE_NOOP("DocumentFields", "handler"),
    "handling_body": QT_TRANSLATE_NOOP("DocumentFields", "handling body"),
    "host": QT_TRANSLATE_NOOP("DocumentFields", "host"),
    "id_number": QT_TRANSLATE_NOOP("DocumentFields", "ID number"),
    "interviewee": QT_TRANSLATE_NOOP("DocumentFields", "person visited"),
    "interviewee_role": QT_TRANSLATE_NOOP("DocumentFields", "role of the person visited"),
    "issued_at": QT_TRANSLATE_NOOP("DocumentFields", "time issued"),
    "issued_on": QT_TRANSLATE_NOOP("DocumentFields", "date issued"),
    "kind": QT_TRANSLATE_NOOP("DocumentFields", "kind"),
    "mediators": QT_TRANSLATE_NOOP("DocumentFields", "mediators"),
    "method": QT_TRANSLATE_NOOP("DocumentFields", "method"),
    "name": QT_TRANSLATE_NOOP("DocumentFields", "name"),
    "notice_days": QT_TRANSLATE_NOOP("DocumentFields", "notice period"),
    "number": QT_TRANSLATE_NOOP("DocumentFields", "number"),
    "office": QT_TRANSLATE_NOOP("DocumentFields", "issuing office"),
    "organisation": QT_TRANSLATE_NOOP("DocumentFields", "organisation"),
    "parties": QT_TRANSLATE_NOOP("DocumentFields", "parties"),
    "performance": QT_TRANSLATE_NOOP("DocumentFields", "performance of the terms"),
    "petitioner": QT_TRANSLATE_NOOP("DocumentFields", "petitioner"),
    "petitioner_name": QT_TRANSLATE_NOOP("DocumentFields", "petitioner's name"),
    "petitioners": QT_TRANSLATE_NOOP("DocumentFields", "petitioners"),
    "place": QT_TRANSLATE_NOOP("DocumentFields", "place"),
    "printed_at": QT_TRANSLATE_NOOP("DocumentFields", "time printed"),
    "query_code": QT_TRANSLATE_NOOP("DocumentFields", "query code"),
    "reason": QT_TRANSLATE_NOOP("DocumentFields", "reason"),
    "received_at": QT_TRANSLATE_NOOP("DocumentFields", "time received"),
    "received_on": QT_TRANSLATE_NOOP("DocumentFields", "date received"),
    "recorder": QT_TRANSLATE_NOOP("DocumentFields", "recorder"),
    "registered_on": QT_TRANSLATE_NOOP("DocumentFields", "date registered"),
    "registrar": QT_TRANSLATE_NOOP("DocumentFields", "registrar"),
    "registration_no": QT_TRANSLATE_NOOP("DocumentFields", "registration number"),
    "representative": QT_TRANSLATE_NOOP("DocumentFields", "legal representative"),
    "request": QT_TRANSLATE_NOOP("DocumentFields", "request"),
    "requests": QT_TRANSLATE_NOOP("DocumentFields", "requests"),
    "responsibilities": QT_TRANSLATE_NOOP("DocumentFields", "responsibilities"),
    "retention": QT_TRANSLATE_NOOP("DocumentFields", "retention period"),
    "review_body": QT_TRANSLATE_NOOP("DocumentFields", "review body"),
    "room_name": QT_TRANSLATE_NOOP("DocumentFields", "room"),
    "satisfaction": QT_TRANSLATE_NOOP("DocumentFields", "satisfaction"),
    "service_name": QT_TRANSLATE_NOOP("DocumentFields", "service"),
    "signed_on": QT_TRANSLATE_NOOP("DocumentFields", "date signed"),
    "source": QT_TRANSLATE_NOOP("DocumentFields", "source"),
    "speaker": QT_TRANSLATE_NOOP("DocumentFields", "speaker"),
    "start": QT_TRANSLATE_NOOP("DocumentFields", "start time"),
    "started_at": QT_TRANSLATE_NOOP("DocumentFields", "time started"),
    "subject": QT_TRANSLATE_NOOP("DocumentFields", "subject"),
    "summary": QT_TRANSLATE_NOOP("DocumentFields", "summary"),
    "terms": QT_TRANSLATE_NOOP("DocumentFields", "terms"),
    "text": QT_TRANSLATE_NOOP("DocumentFields", "text"),
    "title": QT_TRANSLATE_NOOP("DocumentFields", "title"),
    "visited_at": QT_TRANSLATE_NOOP("DocumentFields", "time of the visit"),
    "visitor": QT_TRANSLATE_NOOP("DocumentFields", "visitor"),
    "waiting_ahead": QT_TRANSLATE_NOOP("DocumentFields", "people waiting ahead"),
}

_STEP = re.compile(r"^(\w+)\[(\d+)\]$")


_t = translator(CONTEXT)


def missing_item(path: str) -> str:
    """``parties[1].id_number`` → «当事人 2：身份证号码». Unknown names are shown as they are."""
    parts = []
    for step in path.split("."):
        m = _STEP.match(step)
        if m and m.group(1) in ITEMS:
            parts.append(_t(ITEMS[m.group(1)]).replace("%1", str(int(m.group(2)) + 1)))
        elif step in NAMES:
            parts.append(_t(NAMES[step]))
        else:
            parts.append(step)
    return _t(QT_TRANSLATE_NOOP("DocumentFields", "%1: %2")).replace("%1", " · ".join(parts[:-1])).replace(
        "%2", parts[-1]) if len(parts) > 1 else parts[0]


def missing_items(paths) -> str:
    return _t(QT_TRANSLATE_NOOP("DocumentFields", "; ")).join(missing_item(str(p)) for p in paths)


class NoPrintSystem(FactsError):
    """Neither CUPS' ``lp`` (Linux) nor the Windows shell's print verb is there. facts: platform."""


class PrintFailed(FactsError):
    """The print system refused the job. facts: reason ("no_printer", "service_down", "refused"), detail (what
    the print system said, for the log)."""


# --- messages ------------------------------------------------------------------------------------------------
def _missing(f: dict) -> str:
    return _m(QT_TRANSLATE_NOOP("DocumentMessages", "The case file of %1 cannot be made yet; it lacks: %2")).replace(
        "%1", str(f.get("case_no", ""))).replace("%2", missing_items(f.get("missing", [])))


def _m(text: str) -> str:
    return QCoreApplication.translate("DocumentMessages", text)


MESSAGES = [
    (cf.CaseNotClosed, lambda f: _m(QT_TRANSLATE_NOOP(
        "DocumentMessages", "Case %1 is not closed yet: a case file is made once it is closed.")).replace(
        "%1", str(f.get("case_no", "")))),
    (cf.CaseFileIncomplete, _missing),
    (cf.CaseFileExists, lambda f: _m(QT_TRANSLATE_NOOP(
        "DocumentMessages", "The case file of %1 is already finalised (version %2). Make a new version, with "
                            "the reason, to change it.")).replace("%1", str(f.get("case_no", ""))).replace(
        "%2", str(f.get("version_no", "")))),
    (cf.CaseFileNotFinalised, lambda f: _m(QT_TRANSLATE_NOOP(
        "DocumentMessages", "The case file of %1 has not been finalised yet.")).replace(
        "%1", str(f.get("case_no", "")))),
    (cf.CaseFileCorrupt, lambda f: _m(QT_TRANSLATE_NOOP(
        "DocumentMessages", "The stored case file of %1 (version %2) does not match its SHA-256 fingerprint: it "
                            "was changed or damaged. Restore it from a backup.")).replace(
        "%1", str(f.get("case_no", ""))).replace("%2", str(f.get("version_no", "")))),
    (cf.ExportCancelled, lambda f: _m(QT_TRANSLATE_NOOP(
        "DocumentMessages", "Export cancelled after %1 of %2 files.")).replace("%1", str(f.get("done", ""))).replace(
        "%2", str(f.get("total", "")))),
    (NoPrintSystem, lambda f: _m(QT_TRANSLATE_NOOP(
        "DocumentMessages", "This computer has no print system to send the document to. Save the document and "
                            "print it on another computer, or ask for the print service (CUPS) to be "
                            "installed."))),
    (PrintFailed, lambda f: _print_failed(f)),
]


def _print_failed(f: dict) -> str:
    if f.get("reason") == "no_printer":
        return _m(QT_TRANSLATE_NOOP("DocumentMessages", "No default printer is set up on this computer. Set one "
                                                        "up in the system's printer settings, or save the "
                                                        "document and print it elsewhere."))
    if f.get("reason") == "service_down":
        return _m(QT_TRANSLATE_NOOP("DocumentMessages", "The print service of this computer is not running. "
                                                        "Restart the computer or ask for help; meanwhile save the "
                                                        "document and print it elsewhere."))
    return _m(QT_TRANSLATE_NOOP("DocumentMessages", "The printer refused the document. Check the printer (paper, "
                                                    "power, connection) and print again."))
FIELDS = {
    "reason": QT_TRANSLATE_NOOP("Fields", "Reason"),
    "folder": QT_TRANSLATE_NOOP("Fields", "Folder"),
    "case_kind": QT_TRANSLATE_NOOP("Fields", "Case kind"),
}


_messages = translator("Messages")  # the printing failures keep the context they had in messages.py


def _document_missing(f: dict) -> str:
    return _messages(QT_TRANSLATE_NOOP("Messages", "The document cannot be printed yet; it lacks: %1")).replace(
        "%1", missing_items(f.get("missing", [])))


MESSAGES += [
    (doc_errors.MissingData, _document_missing),
    (doc_errors.InvalidData, lambda f: _messages(QT_TRANSLATE_NOOP(
        "Messages", "The document cannot be printed: %1 is not valid.")).replace("%1", str(f.get("field")))),
    (doc_errors.DocumentError, lambda f: _messages(QT_TRANSLATE_NOOP(
        "Messages", "The document could not be produced: %1")).replace("%1", ", ".join(
            f"{k}={v}" for k, v in f.items()))),
]
register(MESSAGES)
register_fields(FIELDS, replace=False)
