"""The declared list of the center's adjustable numbers, with defaults. Stored values live in the
``setting`` table; a setting nobody changed reads its default. A new setting is added to DECLARED below."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import Setting
from desktop.services.errors import Invalid, InvalidInput, NotFound
from desktop.services.permissions import Permission, require
from desktop.validation import check_text

TEXT_SETTING_MAX = 200  # a text setting (a committee's name, a retention period) is one line


@dataclass(frozen=True)
class Declared:
    key: str
    default: Any
    minimum: int | None = None
    maximum: int | None = None


# The statutory periods of 《信访工作条例》 that the center may adjust within the law (desktop.services.deadlines):
# rule -> (days, counted in working days?, the most a center may set)
PETITION_RULES: dict[str, tuple[int, bool, int]] = {
    "accept_notice": (15, False, 90),
    "objection": (5, True, 30),
    "conclude": (60, False, 180),
    "review_request": (30, False, 90),
    "review_opinion": (30, False, 90),
    "recheck_request": (30, False, 90),
    "recheck_opinion": (30, False, 90),
    "follow_up": (15, False, 90),
}
PETITION_EXTENSION_LIMIT = 30  # the law's ceiling; the setting may only lower it

# Every setting of every area, in the order the Center screen lists them (as Picard's options.py: one list,
# so the screen, the checks and a reader see all of them without importing the areas).
DECLARED: dict[str, Declared] = {d.key: d for d in [
    # sign-in and the screen lock
    Declared("password_min_length", 8, 6, 64),
    Declared("lockout_attempts", 5, 3, 20),
    Declared("lockout_minutes", 15, 1, 1440),
    Declared("idle_lock_minutes", 10, 0, 240),  # 0: the screen never locks
    # the visitor queue
    Declared("queue_recall_max_calls", 3, 1, 10),          # calls of one ticket, the first one included
    Declared("queue_recall_min_gap_seconds", 30, 0, 600),  # between two calls of one ticket
    Declared("queue_issue_outside_hours", False),          # may the kiosk issue outside opening hours
    Declared("queue_wait_alert_minutes", 30, 1, 480),      # live view: a longer wait is highlighted
    Declared("queue_display_recent_calls", 8, 3, 20),      # hall display: the list of recent calls
    Declared("queue_follow_up_working_days", 5, 1, 30),    # deadline of a bad rating's follow-up
    Declared("queue_rating_timeout_seconds", 90, 10, 600), # a visitor who walks away: the rating closes
    # petitions: the statutory periods, then the rest
    *[Declared(f"petition_{key}_days", days, 1, maximum) for key, (days, _, maximum) in PETITION_RULES.items()],
    *[Declared(f"petition_{key}_working_days", working) for key, (_, working, _) in PETITION_RULES.items()],
    Declared("petition_extension_max_days", PETITION_EXTENSION_LIMIT, 1, PETITION_EXTENSION_LIMIT),
    Declared("petition_due_soon_days", 5, 1, 30),
    Declared("petition_period_ends_on_workday", True),
    Declared("petition_attachment_max_mb", 20, 1, 200),
    Declared("petition_repeat_lookback_days", 365, 30, 3650),
    Declared("petition_similarity_percent", 40, 10, 95),
    # the bodies named in a reply's notice: where to request 复查, and (in a 复查意见) where to request 复核
    Declared("petition_review_body", ""),
    Declared("petition_recheck_body", ""),
    # mediation
    Declared("mediation_term_months", 1, 1, 6),   # mediation normally concludes within one month
    Declared("mediation_due_soon_days", 5, 1, 30),
    Declared("judicial_confirmation_days", 30, 1, 30),  # 人民调解法 第三十三条
    Declared("judicial_remind_days", 10, 1, 30),
    Declared("mediation_follow_up_days", 7, 0, 180),  # a visit is due this long after the last term's deadline
    Declared("booking_max_days_ahead", 730, 1, 3650),
    Declared("mediation_committee", ""),  # e.g. 虎丘镇人民调解委员会; "" derives it from the center's name
    # 12345 and grid work orders
    Declared("intake_max_rows", 100_000, 1_000, 1_000_000),
    # case files: 保管期限 printed on the cover (永久 / 30年 / 10年)
    Declared("case_file_retention_petition", "30年"),
    Declared("case_file_retention_dispute", "30年"),
    # the matter register (一案一码): the code's prefix, when an unacknowledged handover is flagged, the kiosk lookup
    Declared("matter_code_prefix", "HS"),
    Declared("matter_handover_alert_hours", 4, 1, 240),
    Declared("matter_lookup_max_tries", 5, 3, 20),       # wrong code/phone pairs per kiosk or per code …
    Declared("matter_lookup_lock_minutes", 30, 1, 1440),  # … within this many minutes, then locked for as long
    # backups
    Declared("backup_keep_days", 14, 1, 366),
    Declared("backup_keep_months", 12, 0, 120),
    # the calendar: administrators and directors are warned from this day of the year until next year is official
    Declared("calendar_warn_month", 11, 1, 12),
    Declared("calendar_warn_day", 1, 1, 31),
    # a staffed holiday: the kiosk issues ordinary tickets on days off too (during opening hours)
    Declared("hall_open_on_days_off", False),
]}


def get_setting(uow: UnitOfWork, key: str) -> Any:
    """Read one setting inside an open unit of work."""
    declared = DECLARED.get(key)
    if declared is None:
        raise NotFound(entity="setting", key=key)
    row = uow.session.get(Setting, key)
    return declared.default if row is None else json.loads(row.value)


def read_settings(uow: UnitOfWork) -> dict[str, Any]:
    with uow:
        stored = {r.key: json.loads(r.value) for r in uow.session.scalars(select(Setting))}
        return {k: stored.get(k, d.default) for k, d in DECLARED.items()}


def update_settings(uow: UnitOfWork, *, values: dict[str, Any]) -> None:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "setting.update"
        for key, value in values.items():
            _store(uow, key, value)
        uow.commit()


def _store(uow, key: str, value: Any) -> None:
    declared = DECLARED.get(key)
    if declared is None:
        raise NotFound(entity="setting", key=key)
    if isinstance(declared.default, bool):
        if not isinstance(value, bool):
            raise InvalidInput(field=key, reason="type", expected="bool")
    elif isinstance(declared.default, int):
        if isinstance(value, bool) or not isinstance(value, int):  # "yes", 1.5, True as minutes
            raise InvalidInput(field=key, reason="type", expected="int")
        if (declared.minimum is not None and value < declared.minimum) or (
                declared.maximum is not None and value > declared.maximum):
            raise Invalid(field=key, reason="range", minimum=declared.minimum, maximum=declared.maximum)
    elif isinstance(declared.default, str):
        check_text(key, value, TEXT_SETTING_MAX)
    row = uow.session.get(Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        uow.session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
