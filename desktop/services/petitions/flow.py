"""The petition state machine: the six steps 接、转、见、办、结、访 and the side paths, as one table.

Every action names the statuses it may start from, the status it leads to (None: unchanged) and the
permission it needs. desktop.services.petitions enforces the table; the case view offers only what may
follow (CaseView.actions, from reading._offered_actions), so a step out of order is neither offered nor accepted.

    registered ─转 assign─► assigned ─见 meet─► met ─办 handle─► handling ─结 conclude─► concluded ─访─► closed
        │                      │  ▲                                 (办 may repeat)
        ├─ refuse ► not_accepted   object (≤5 working days) ► objected ─转 assign (again)─┘
        └─ withdraw (from any open status) ► withdrawn

A concluded case may lead to a linked 复查 case (kind "review") within 30 days of the reply, and a
concluded review to a 复核 case ("recheck"). After 复核 the matter is final: no further review, and the
same matter raised again is recorded as a repeat visit, never as a new case.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.errors import ServiceError
from desktop.services.permissions import Permission

# statuses
REGISTERED = "registered"
ASSIGNED = "assigned"
OBJECTED = "objected"
MET = "met"
HANDLING = "handling"
CONCLUDED = "concluded"
CLOSED = "closed"
NOT_ACCEPTED = "not_accepted"
WITHDRAWN = "withdrawn"
STATUSES = (REGISTERED, ASSIGNED, OBJECTED, MET, HANDLING, CONCLUDED, CLOSED, NOT_ACCEPTED, WITHDRAWN)
OPEN = frozenset({REGISTERED, ASSIGNED, OBJECTED, MET, HANDLING})
IN_HANDS_OF_DEPARTMENT = frozenset({ASSIGNED, MET, HANDLING})
# "still in progress" for repeat detection: open, or answered but not yet followed up
IN_PROGRESS = OPEN | {CONCLUDED}
FINISHED = frozenset({CLOSED, NOT_ACCEPTED, WITHDRAWN})

# kinds of case
PETITION = "petition"
REVIEW = "review"     # 复查
RECHECK = "recheck"   # 复核
KINDS = (PETITION, REVIEW, RECHECK)

SOURCES = ("visit", "letter", "phone", "hotline", "grid", "online")  # 走访 来信 来电 12345 网格上报 网上
SATISFACTION = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")
DISSATISFIED = frozenset({"dissatisfied", "very_dissatisfied"})
FOLLOW_UP_METHODS = ("phone", "visit", "letter", "online")

# the six steps, in order, for the timeline
SIX_STEPS = ("register", "assign", "meet", "handle", "conclude", "follow_up")


@dataclass(frozen=True)
class Transition:
    action: str
    from_statuses: frozenset[str]
    to_status: str | None
    permission: Permission


_T = Transition
P = Permission
TRANSITIONS: dict[str, Transition] = {t.action: t for t in [
    _T("assign", frozenset({REGISTERED, OBJECTED}), ASSIGNED, P.HANDLE_PETITION),       # 转 (受理 + 交办)
    _T("refuse", frozenset({REGISTERED}), NOT_ACCEPTED, P.HANDLE_PETITION),             # 不予受理
    _T("object", frozenset({ASSIGNED}), OBJECTED, P.HANDLE_PETITION),                   # not ours
    _T("meet", frozenset({ASSIGNED}), MET, P.HANDLE_PETITION),                          # 见
    _T("handle", frozenset({MET, HANDLING}), HANDLING, P.HANDLE_PETITION),              # 办
    _T("conclude", frozenset({HANDLING}), CONCLUDED, P.HANDLE_PETITION),                # 结
    _T("follow_up", frozenset({CONCLUDED}), CLOSED, P.HANDLE_PETITION),                 # 访
    _T("withdraw", OPEN, WITHDRAWN, P.HANDLE_PETITION),
    _T("edit", OPEN, None, P.REGISTER_PETITION),
    _T("request_extension", IN_HANDS_OF_DEPARTMENT, None, P.HANDLE_PETITION),
    _T("decide_extension", IN_HANDS_OF_DEPARTMENT, None, P.APPROVE_EXTENSION),
    _T("hearing", IN_HANDS_OF_DEPARTMENT, None, P.HANDLE_PETITION),                     # 复核 hearing time
    _T("supervise", IN_PROGRESS, None, P.SUPERVISE_CASES),                              # 督办
    _T("request_review", frozenset({CONCLUDED, CLOSED}), None, P.REGISTER_PETITION),    # 复查 / 复核
    _T("repeat_visit", IN_PROGRESS | {CLOSED}, None, P.REGISTER_PETITION),
    _T("attach", frozenset(STATUSES), None, P.HANDLE_PETITION),
]}


class TransitionNotAllowed(ServiceError):
    """The action does not follow from the case's status. facts: action, status, case_no."""


class PossibleRepeat(ServiceError):
    """The same person has cases still in progress; record a repeat visit, or give a reason for a new
    case. facts: cases (tuple of case numbers)."""


class FinalDecision(ServiceError):
    """The matter was settled by 复核 and is not accepted again. facts: case_no."""


class DeadlinePassed(ServiceError):
    """A time limit for this step has run out. facts: what ("objection", "review_request"), due_on."""


class NotResponsible(ServiceError):
    """The case is with another department. facts: case_no, department."""


class ExtensionUsed(ServiceError):
    """A case gets one extension; one is pending or granted already. facts: case_no, status."""
