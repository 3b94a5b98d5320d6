"""The matter register (一案一码): one code per matter from the first window to the archive.

Modules: ``register`` (opening a matter in the transaction of whatever takes it; the window matter's light
form), ``route`` (the route map's steps), ``handover`` (首问负责: handovers and their acknowledgement),
``reading`` (a matter, a person's matters), ``dto``. Callers use the names below.
"""

from desktop.services.matters.dto import CaseRef, HandoverInfo, MatterDetail, MatterRow, StepInfo
from desktop.services.matters.handover import (
    TO_KINDS,
    acknowledge,
    count_late_handovers,
    hand_over,
    pending_handovers,
)
from desktop.services.matters.reading import detail, get_matter, matter_of_case, person_matters
from desktop.services.matters.register import (
    SERVICES,
    close,
    close_window_matter,
    continue_matter,
    format_code,
    get_open_matter,
    get_open_matter_by_id,
    matter_for_ticket,
    open_matter,
    register_window_matter,
)
from desktop.services.matters.route import ROUTES, current_step, enter_step, leave_step

# isort: split
# the kiosk: 处理进度随时看、满不满意随时评
from desktop.services.matters.dto import MatterProgress, ProgressStep
from desktop.services.matters.errors import LookupLocked, LookupRefused
from desktop.services.matters.lookup import (
    KIND_NAMES,
    kiosk_lookup,
    looks_like_code,
    normal_code,
    rate_matter_outcome,
)

# route moves of the petition and mediation services (m-route)
from desktop.services.matters.progress import case_finished, finish_matter, move_matter, open_cases, reopen

# repeats across modules (window matter form)
from desktop.services.matters.similar import SimilarMatter, similar_open_matters

__all__ = [
    "CaseRef", "HandoverInfo", "MatterDetail", "MatterRow", "StepInfo",
    "TO_KINDS", "acknowledge", "count_late_handovers", "hand_over", "pending_handovers",
    "detail", "get_matter", "matter_of_case", "person_matters",
    "SERVICES", "close", "close_window_matter", "continue_matter", "format_code", "get_open_matter", "get_open_matter_by_id", "matter_for_ticket",
    "open_matter", "register_window_matter",
    "ROUTES", "current_step", "enter_step", "leave_step",
    # the kiosk
    "MatterProgress", "ProgressStep", "LookupLocked", "LookupRefused", "KIND_NAMES", "kiosk_lookup", "looks_like_code",
    "normal_code",
    "rate_matter_outcome",
    # route moves of the petition and mediation services (m-route)
    "case_finished", "finish_matter", "move_matter", "open_cases", "reopen",
    # repeats across modules (window matter form)
    "SimilarMatter", "similar_open_matters",
]
