"""Sentences for the typed failures of petitions and people (desktop.services.petition_flow, people,
petition_docs) and the field names of their forms.

MESSAGES and FIELDS are registered in desktop/ui/message_registry.py (InvalidIdNumber and InvalidPhone are
kinds of Invalid; the most specific class wins). Field keys carry the prefix "petitions." so no other
area's label for the same word replaces ours; desktop.ui.petitions.failures.describe maps a service's field
("content", "petitioners[1].phone") to them and names the petitioner a field belongs to.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services.people import InvalidIdNumber, InvalidPhone
from desktop.services.petitions import (
    DeadlinePassed,
    ExtensionUsed,
    FinalDecision,
    NotResponsible,
    PossibleRepeat,
    TransitionNotAllowed,
)
from desktop.ui.message_registry import register, register_fields

CTX = "PetitionMessages"


def _t(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


FIELDS = {
    "petitions.content": QT_TRANSLATE_NOOP("Fields", "Content of the petition"),
    "petitions.requests": QT_TRANSLATE_NOOP("Fields", "Requests"),
    "petitions.source": QT_TRANSLATE_NOOP("Fields", "Source"),
    "petitions.category_id": QT_TRANSLATE_NOOP("Fields", "Category"),
    "petitions.petitioners": QT_TRANSLATE_NOOP("Fields", "Petitioners"),
    "petitions.name": QT_TRANSLATE_NOOP("Fields", "Name"),
    "petitions.id_number": QT_TRANSLATE_NOOP("Fields", "ID number"),
    "petitions.phone": QT_TRANSLATE_NOOP("Fields", "Phone"),
    "petitions.reason": QT_TRANSLATE_NOOP("Fields", "Reason"),
    "petitions.new_case_reason": QT_TRANSLATE_NOOP("Fields", "Reason for a new case"),
    "petitions.note": QT_TRANSLATE_NOOP("Fields", "Note"),
    "petitions.facts": QT_TRANSLATE_NOOP("Fields", "Facts found"),
    "petitions.basis": QT_TRANSLATE_NOOP("Fields", "Basis"),
    "petitions.advice": QT_TRANSLATE_NOOP("Fields", "Where to turn instead"),
    "petitions.decisions": QT_TRANSLATE_NOOP("Fields", "Decision on each request"),
    "petitions.issuing_body": QT_TRANSLATE_NOOP("Fields", "Issuing body"),
    "petitions.days": QT_TRANSLATE_NOOP("Fields", "Extension (days)"),
    "petitions.due_on": QT_TRANSLATE_NOOP("Fields", "Due date"),
    "petitions.met_on": QT_TRANSLATE_NOOP("Fields", "Meeting date"),
    "petitions.place": QT_TRANSLATE_NOOP("Fields", "Place"),
    "petitions.end": QT_TRANSLATE_NOOP("Fields", "End of the hearing"),
    "petitions.satisfaction": QT_TRANSLATE_NOOP("Fields", "Satisfaction"),
    "petitions.method": QT_TRANSLATE_NOOP("Fields", "Follow-up method"),
    "petitions.attachment": QT_TRANSLATE_NOOP("Fields", "Attachment"),
    "petitions.department_id": QT_TRANSLATE_NOOP("Fields", "Department"),
    "petitions.handler_id": QT_TRANSLATE_NOOP("Fields", "Handler"),
    "petitions.answer": QT_TRANSLATE_NOOP("Fields", "Answer"),
    "petitions.review": QT_TRANSLATE_NOOP("Fields", "Review case"),
    "petitions.address": QT_TRANSLATE_NOOP("Fields", "Address"),
    # the declared settings of petitions (desktop.services.deadlines and petitions)
    "petition_accept_notice_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days to tell whether accepted"),
    "petition_accept_notice_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: acceptance notice counts working days"),
    "petition_objection_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days to object to an assignment"),
    "petition_objection_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: objection period counts working days"),
    "petition_conclude_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days to conclude after acceptance"),
    "petition_conclude_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: conclusion period counts working days"),
    "petition_review_request_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days to request a review (复查)"),
    "petition_review_request_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: review request period counts working days"),
    "petition_review_opinion_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days for the review opinion"),
    "petition_review_opinion_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: review opinion period counts working days"),
    "petition_recheck_request_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days to request a re-examination (复核)"),
    "petition_recheck_request_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: re-examination request period counts working days"),
    "petition_recheck_opinion_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days for the re-examination opinion"),
    "petition_recheck_opinion_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: re-examination opinion period counts working days"),
    "petition_follow_up_days": QT_TRANSLATE_NOOP("Fields", "Petitions: days to follow up after the reply"),
    "petition_follow_up_working_days": QT_TRANSLATE_NOOP("Fields", "Petitions: follow-up period counts working days"),
    "petition_extension_max_days": QT_TRANSLATE_NOOP("Fields", "Petitions: longest extension (days, at most 30)"),
    "petition_due_soon_days": QT_TRANSLATE_NOOP("Fields", "Petitions: “due soon” within (days)"),
    "petition_period_ends_on_workday": QT_TRANSLATE_NOOP("Fields", "Petitions: a period ending on a day off ends on the next working day"),
    "petition_attachment_max_mb": QT_TRANSLATE_NOOP("Fields", "Petitions: largest attachment (MB)"),
    "petition_repeat_lookback_days": QT_TRANSLATE_NOOP("Fields", "Petitions: look for similar cases of the last (days)"),
    "petition_similarity_percent": QT_TRANSLATE_NOOP("Fields", "Petitions: content counts as similar from (%)"),
    "petition_review_body": QT_TRANSLATE_NOOP("Fields", "Petitions: body that handles 复查 requests"),
    "petition_recheck_body": QT_TRANSLATE_NOOP("Fields", "Petitions: body that handles 复核 requests"),
}
ID_REASONS = {
    "length": QT_TRANSLATE_NOOP("PetitionMessages", "An ID number has 18 characters; this one has %1."),
    "format": QT_TRANSLATE_NOOP("PetitionMessages", "An ID number is 17 digits followed by a digit or X."),
    "not_digits": QT_TRANSLATE_NOOP("PetitionMessages", "The ID number contains characters that are not digits "
                                                        "(%2): type it with the digits 0–9 and X."),
    "checksum": QT_TRANSLATE_NOOP("PetitionMessages", "The check character of the ID number does not match: "
                                                      "please check every digit."),
    "birth_date": QT_TRANSLATE_NOOP("PetitionMessages", "The birth date in the ID number is impossible."),
    "region": QT_TRANSLATE_NOOP("PetitionMessages", "The ID number does not start with a known province code."),
}
INVALID_REASONS = {
    "level_two": QT_TRANSLATE_NOOP("PetitionMessages", "Choose a category of the second level."),
    "duplicate": QT_TRANSLATE_NOOP("PetitionMessages", "The same person is listed twice: %v."),
    "empty_file": QT_TRANSLATE_NOOP("PetitionMessages", "The file %file is empty."),
    "too_large": QT_TRANSLATE_NOOP("PetitionMessages", "The file %file is larger than %max MB."),
    "future": QT_TRANSLATE_NOOP("PetitionMessages", "%f cannot be in the future."),
    "past": QT_TRANSLATE_NOOP("PetitionMessages", "%f cannot be in the past."),
    "before_acceptance": QT_TRANSLATE_NOOP("PetitionMessages", "The meeting cannot be before the acceptance (%v)."),
    "before_start": QT_TRANSLATE_NOOP("PetitionMessages", "The hearing cannot end before it starts."),
    "inactive": QT_TRANSLATE_NOOP("PetitionMessages", "%v is no longer active."),
    "other_department": QT_TRANSLATE_NOOP("PetitionMessages", "%v works in another department."),
    "unknown": QT_TRANSLATE_NOOP("PetitionMessages", "%f: “%v” is not one of the choices."),
}


def _id_number(f: dict) -> str:
    text = ID_REASONS.get(f.get("reason"), ID_REASONS["format"])
    return _t(text).replace("%1", str(f.get("length", ""))).replace("%2", str(f.get("characters", "")))


def _phone(f: dict) -> str:
    return _t(QT_TRANSLATE_NOOP("PetitionMessages", "Not a Chinese mobile number (11 digits from 13 to 19) or a "
                                                    "landline with its area code (such as 0512-65551234)."))


def _deadline(f: dict) -> str:
    if f.get("what") == "objection":
        return _t(QT_TRANSLATE_NOOP("PetitionMessages", "The period to object ended on %1.")).replace(
            "%1", _date(f.get("due_on")))
    return _t(QT_TRANSLATE_NOOP("PetitionMessages", "A review could be requested until %1; that time has passed.")
              ).replace("%1", _date(f.get("due_on")))


MESSAGES: list = [
    (InvalidIdNumber, _id_number),
    (InvalidPhone, _phone),
    (TransitionNotAllowed, lambda f: _t(QT_TRANSLATE_NOOP(
        "PetitionMessages", "This step does not follow from where case %1 stands now. Reload the case to see "
                            "its current state.")).replace("%1", str(f.get("case_no", "")))),
    (PossibleRepeat, lambda f: _t(QT_TRANSLATE_NOOP(
        "PetitionMessages", "The petitioner already has a case in progress (%1). Record a repeat visit on it, or "
                            "give the reason why this is a new matter.")).replace("%1", "、".join(f.get("cases", ())))),
    (FinalDecision, lambda f: _t(QT_TRANSLATE_NOOP(
        "PetitionMessages", "This matter was settled by re-examination (复核) in case %1 and is not accepted "
                            "again. Record the visit on that case.")).replace("%1", str(f.get("case_no", "")))),
    (DeadlinePassed, _deadline),
    (NotResponsible, lambda f: _t(QT_TRANSLATE_NOOP(
        "PetitionMessages", "Case %1 is with %2: only that department or a supervisor may do this.")).replace(
        "%1", str(f.get("case_no", ""))).replace("%2", str(f.get("department", "")))),
    (ExtensionUsed, lambda f: _t(QT_TRANSLATE_NOOP(
        "PetitionMessages", "Case %1 already has an extension request or extension; a case is extended once."))
        .replace("%1", str(f.get("case_no", "")))),
    ("desktop.services.petitions.documents.DocumentNotAvailable", lambda f: _t(QT_TRANSLATE_NOOP(
        "PetitionMessages", "This document does not apply to case %1 as it stands.")).replace(
        "%1", str(f.get("case_no", "")))),
]

register(MESSAGES)
register_fields(FIELDS, replace=True)
