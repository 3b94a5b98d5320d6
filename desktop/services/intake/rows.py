"""One data row normalised: its values checked and made JSON-ready, with what is wrong with it and,
once planned, what the import will do with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.services.intake._common import FUTURE_TOLERANCE, LENGTHS, _json
from desktop.services.intake.cells import BadValue, one_line, parse_datetime, parse_phone, text_value
from desktop.services.intake.dto import FieldChange, RowProblem
from desktop.services.intake.headers import (
    ADDRESS,
    CALLER_NAME,
    CATEGORY,
    CONTENT,
    GRID,
    PHONE,
    RECEIVED_AT,
    REQUESTED_DEADLINE,
    REQUIRED,
    VILLAGE,
    WORK_ORDER_NO,
)


@dataclass
class _Row:
    row_no: int
    values: dict  # normalised, JSON-ready (dates ISO)
    received_at: dt.datetime | None
    requested_due_on: dt.date | None
    problems: list[RowProblem]
    phone_fixed: bool = False
    category_id: int | None = None
    category_matched: bool = True
    status: str = ""
    case_id: int | None = None
    case_no: str = ""
    repeat_of_row: int | None = None
    similarity: int = 0
    final: bool = False
    open_cases: tuple[str, ...] = ()
    changes: tuple[FieldChange, ...] = ()
    update_blocked: str = ""
    registered_as_new: bool = False
    existing: object = None  # the stored key row of an imported work order


def _normalise(row_no: int, cells: tuple, columns: dict[str, int], now: dt.datetime, epoch) -> _Row:
    problems: list[RowProblem] = []
    values: dict = {}
    received = due = None
    phone_fixed = False

    def cell(f: str):
        return cells[columns[f]] if f in columns and columns[f] < len(cells) else None

    for f in (WORK_ORDER_NO, CALLER_NAME, ADDRESS, VILLAGE, GRID, CATEGORY):
        if f in columns:
            values[f] = one_line(cell(f))
    if CONTENT in columns:
        values[CONTENT] = "\n".join(line.rstrip() for line in text_value(cell(CONTENT)).splitlines()).strip()
    if PHONE in columns:
        raw = cell(PHONE)
        try:
            values[PHONE], phone_fixed = parse_phone(raw)
        except BadValue:
            problems.append(RowProblem(PHONE, "phone", text_value(raw)))
            values[PHONE] = text_value(raw)
    if RECEIVED_AT in columns:
        raw = cell(RECEIVED_AT)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            problems.append(RowProblem(RECEIVED_AT, "missing"))
        else:
            try:
                received = parse_datetime(raw, epoch=epoch)
                if received > now + FUTURE_TOLERANCE:
                    problems.append(RowProblem(RECEIVED_AT, "future", text_value(raw)))
            except BadValue as exc:
                problems.append(RowProblem(RECEIVED_AT, exc.reason, text_value(raw)))
        values[RECEIVED_AT] = _json(received) if received else text_value(raw)
    if REQUESTED_DEADLINE in columns:
        raw = cell(REQUESTED_DEADLINE)
        if raw is not None and not (isinstance(raw, str) and not raw.strip()):
            try:
                due = parse_datetime(raw, epoch=epoch).date()
                if received is not None and due < received.date():
                    problems.append(RowProblem(REQUESTED_DEADLINE, "before_received", text_value(raw)))
            except BadValue as exc:
                problems.append(RowProblem(REQUESTED_DEADLINE, exc.reason, text_value(raw)))
        values[REQUESTED_DEADLINE] = due.isoformat() if due else text_value(raw)
    for f in REQUIRED:
        if not values.get(f):
            problems.append(RowProblem(f, "missing"))
    for f, maximum in LENGTHS.items():
        if len(values.get(f) or "") > maximum:
            problems.append(RowProblem(f, "too_long", maximum=maximum))
    return _Row(row_no, values, received, due, problems, phone_fixed)
