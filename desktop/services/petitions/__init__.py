"""Petition casework (信访事项): registration (接), the steps 转 见 办 结 访, the side paths (不予受理, objection,
withdrawal, extension, 督办, 复查/复核, repeat visits), attachments, the case view, the lists and the documents.

Every service is one transaction. A step checks the role (flow.TRANSITIONS), the case's status and, when the
form sends it, the case's ``version``: two clerks editing the same case cannot both win — the second save is
refused with Conflict and the form keeps its input. Each step writes a timeline row (who, when, what) and sets
the next deadline (desktop.services.deadlines).

Modules, lowest first (each imports only those before it): flow (the state machine and its errors), dto,
access (permission and case checks, the shared step helpers), attachments, search (search conditions),
repeats, registration, steps, side_paths (extension, hearing, 督办, 复查/复核), reading (the case view),
lists, documents. Use the names below; the modules are the package's own.
"""

from typing import TYPE_CHECKING

from desktop.services.first_use import on_first_use
from desktop.services.petitions.access import (
    TEXT_MAX,
    _commit,  # noqa: F401  (not public: the PostgreSQL concurrency test drives the save)
    actor_name,
    require_case_access,
)
from desktop.services.petitions.attachments import add_attachment, attachment_content
from desktop.services.petitions.dto import (
    AttachmentContent,
    AttachmentInfo,
    AttachmentInput,
    CaseState,
    CaseView,
    Decision,
    DocumentRef,
    ExtensionInfo,
    Handler,
    LinkedCase,
    RegisteredCase,
    RepeatCandidate,
    RepeatVisit,
    ReplyInfo,
    StepInfo,
    SupervisionInfo,
)
from desktop.services.petitions.flow import (
    ASSIGNED,
    CLOSED,
    CONCLUDED,
    DISSATISFIED,
    FINISHED,
    FOLLOW_UP_METHODS,
    HANDLING,
    IN_HANDS_OF_DEPARTMENT,
    IN_PROGRESS,
    KINDS,
    MET,
    NOT_ACCEPTED,
    OBJECTED,
    OPEN,
    PETITION,
    RECHECK,
    REGISTERED,
    REVIEW,
    SATISFACTION,
    SIX_STEPS,
    SOURCES,
    STATUSES,
    TRANSITIONS,
    WITHDRAWN,
    DeadlinePassed,
    ExtensionUsed,
    FinalDecision,
    NotResponsible,
    PossibleRepeat,
    Transition,
    TransitionNotAllowed,
)
from desktop.services.petitions.lists import (
    CLOCK_VIEWS,
    SORT_KEYS,
    VIEWS,
    DepartmentLoad,
    PetitionFilter,
    PetitionRow,
    count_petitions,
    department_load,
    find_by_query_code,
    list_petitions,
)
from desktop.services.petitions.reading import DOCUMENT_CODES, get_case, list_handlers, pending_extensions
from desktop.services.petitions.registration import (
    NAMES_MAX,
    QUERY_CODE_ALPHABET,
    record_repeat_visit,
    refresh_petitioner_names,
    register_petition,
    update_petition,
)
from desktop.services.petitions.repeats import CONTENT_CANDIDATES, REPEAT_REASONS, find_repeats, similarity
from desktop.services.petitions.search import MIN_INDEXED_TERM, PG_SEARCH_EXPRESSION
from desktop.services.petitions.side_paths import (
    add_supervision,
    answer_supervision,
    decide_extension,
    record_hearing,
    request_extension,
    request_review,
)
from desktop.services.petitions.steps import (
    assign_petition,
    conclude_petition,
    object_to_assignment,
    record_follow_up,
    record_handling,
    record_meeting,
    refuse_petition,
    withdraw_petition,
)

if TYPE_CHECKING:  # loaded on first use: see __getattr__ below
    from desktop.services.petitions.documents import (
        DOCUMENTS,
        GENDER_WORDS,
        METHOD_WORDS,
        SATISFACTION_WORDS,
        SOURCE_WORDS,
        AcceptanceNoticeData,
        CenterHeading,
        DocPerson,
        DocumentNotAvailable,
        ReceiptData,
        RejectionNoticeData,
        ReplyData,
        acceptance_document,
        acceptance_notice_data,
        acceptance_notice_of,
        case_file_cover,
        document_pdf,
        follow_up_document,
        receipt_data,
        receipt_document,
        receipt_of,
        rejection_document,
        rejection_notice_data,
        rejection_notice_of,
        reply_data,
        reply_document,
        reply_of,
    )

__all__ = [
    "REGISTERED", "ASSIGNED", "OBJECTED", "MET", "HANDLING", "CONCLUDED", "CLOSED", "NOT_ACCEPTED",
    "WITHDRAWN", "STATUSES", "OPEN", "IN_HANDS_OF_DEPARTMENT", "IN_PROGRESS", "FINISHED", "PETITION",
    "REVIEW", "RECHECK", "KINDS", "SOURCES", "SATISFACTION", "DISSATISFIED", "FOLLOW_UP_METHODS",
    "SIX_STEPS", "Transition", "TRANSITIONS", "TransitionNotAllowed", "PossibleRepeat", "FinalDecision",
    "DeadlinePassed", "NotResponsible", "ExtensionUsed", "AttachmentInput", "Decision", "RegisteredCase",
    "CaseState", "StepInfo", "AttachmentInfo", "AttachmentContent", "ExtensionInfo", "SupervisionInfo",
    "ReplyInfo", "LinkedCase", "DocumentRef", "CaseView", "RepeatCandidate", "RepeatVisit", "Handler",
    "TEXT_MAX", "actor_name", "require_case_access", "add_attachment", "attachment_content",
    "PG_SEARCH_EXPRESSION", "MIN_INDEXED_TERM", "REPEAT_REASONS", "CONTENT_CANDIDATES", "similarity",
    "find_repeats", "QUERY_CODE_ALPHABET", "NAMES_MAX", "register_petition", "update_petition",
    "refresh_petitioner_names", "record_repeat_visit", "assign_petition", "refuse_petition",
    "object_to_assignment", "record_meeting", "record_handling", "conclude_petition", "record_follow_up",
    "withdraw_petition", "request_extension", "decide_extension", "record_hearing", "add_supervision",
    "answer_supervision", "request_review", "DOCUMENT_CODES", "list_handlers", "get_case",
    "pending_extensions", "VIEWS", "CLOCK_VIEWS", "SORT_KEYS", "PetitionFilter", "PetitionRow",
    "DepartmentLoad", "list_petitions", "count_petitions", "department_load", "find_by_query_code",
    "DocumentNotAvailable", "DocPerson", "CenterHeading", "ReceiptData", "AcceptanceNoticeData",
    "RejectionNoticeData", "ReplyData", "receipt_data", "receipt_of", "acceptance_notice_data",
    "acceptance_notice_of", "rejection_notice_data", "rejection_notice_of", "reply_data", "reply_of",
    "SOURCE_WORDS", "SATISFACTION_WORDS", "METHOD_WORDS", "GENDER_WORDS", "DOCUMENTS", "receipt_document",
    "acceptance_document", "rejection_document", "reply_document", "follow_up_document", "document_pdf",
    "case_file_cover",
]


# The documents need reportlab: the sign-in window does not wait for it. They load when one of their
# names is first used (tests/ui/test_startup_imports.py).
__getattr__ = on_first_use(__name__, __all__, ("documents",))
