"""Petition figures (信访事项), from ``petition`` and its timeline, extensions and 督办 notes.

Every figure stands at the report's as-of day D (the last day of the period, or today while it runs); dates
on the case say when each step happened, so a past period gives the same figures whenever it is reported.

- **Received** (登记): cases registered in the period, 复查 and 复核 cases included (each has its own case
  number); ``reviews`` and ``rechecks`` count those among them.
- **Accepted** (受理): cases accepted (first assigned) in the period. **Not accepted** (不予受理) likewise.
- **Concluded** (办结): cases whose written reply was issued in the period. **On time**: the reply was issued
  on or before the conclusion deadline in force (the 60 days plus an approved extension and hearing time);
  the on-time rate is on time ÷ concluded.
- **Overdue** (超期) at D, by stage: not told whether accepted by the acceptance deadline (告知), not concluded
  by the conclusion deadline (办结), or not followed up by the follow-up deadline (回访); a case counts once
  its deadline day has passed without the step, until the step is taken or the case ends. Deadlines are
  those in force now (an extension granted later moves them).
- **Extensions** (延期): extensions approved in the period; **repeats** (重复信访): repeat visits recorded on
  existing cases in the period; **supervisions** (督办): 督办 notes written in the period.

Modules, lowest first: cases (the base rows and their flags), records (the lists behind a figure), figures (the
figures, registered on import). Import the names below from the package.
"""

from desktop.reports.petitions.cases import (
    KIND_LABELS,
    NO_DEPARTMENT,
    SATISFIED,
    SOURCE_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    load_extensions,
    load_petitions,
    load_repeats,
    load_supervisions,
    mask_name,
    supervision_counts,
)
from desktop.reports.petitions.figures import (
    BY_DEPARTMENT,
    BY_SOURCE,
    OVERDUE,
    OVERDUE_BY_DEPARTMENT,
    OVERDUE_COLUMNS,
    SUMMARY,
    overdue_by_department,
)
from desktop.reports.petitions.records import (
    CASE_COLUMNS,
    CASE_FLAGS,
    EXTENSION_COLUMNS,
    EXTENSION_STATUS,
    REPEAT_COLUMNS,
    case_records,
)

__all__ = [
    "BY_DEPARTMENT", "BY_SOURCE", "CASE_COLUMNS", "CASE_FLAGS", "EXTENSION_COLUMNS", "EXTENSION_STATUS", "KIND_LABELS",
    "NO_DEPARTMENT", "OVERDUE", "OVERDUE_BY_DEPARTMENT", "OVERDUE_COLUMNS", "REPEAT_COLUMNS", "SATISFIED",
    "SOURCE_LABELS", "STAGE_LABELS", "STATUS_LABELS", "SUMMARY", "case_records", "load_extensions", "load_petitions",
    "load_repeats", "load_supervisions", "mask_name", "overdue_by_department", "supervision_counts",
]
