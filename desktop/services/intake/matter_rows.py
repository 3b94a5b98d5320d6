"""An import batch's matters (一案一码): every new work order opens a matter with its code, in bulk, in the
batch's transaction, before its case is written (the case row names its matter)."""

from __future__ import annotations

import datetime as dt

from desktop.models import Matter, MatterStep
from desktop.models.matters import OPEN, WORK_ORDER
from desktop.services.admin.settings import get_setting
from desktop.services.case_numbers import MATTER, take_serials
from desktop.services.intake.bulk import _bulk_insert
from desktop.services.intake.headers import CONTENT
from desktop.services.intake.rows import _Row
from desktop.services.matters import format_code
from desktop.services.petitions import actor_name


def insert_matters(uow, rows: list[tuple[_Row, int]], *, now: dt.datetime, accept_due: dt.date) -> list[int]:
    """(row, caller's person id) of each new row -> the new matters' ids, in the same order."""
    serials = take_serials(uow, kind=MATTER, year=now.year, count=len(rows))
    prefix = get_setting(uow, "matter_code_prefix")
    place = actor_name(uow)
    matters = [{"code": format_code(prefix, now.year, seq), "year": now.year, "serial": seq, "kind": WORK_ORDER,
                "service": "", "summary": r.values[CONTENT][:2000], "outcome": "", "state": OPEN,
                "person_id": person_id, "ticket_day": None, "ticket_number": None,
                "registered_at": r.received_at or now, "registered_by": uow.actor.user_id,
                "owner_id": uow.actor.user_id, "owner_place": place, "closed_at": None, "rating": None,
                "rated_at": None, "updated_at": now, "version": 1}
               for (r, person_id), seq in zip(rows, serials, strict=True)]
    ids = _bulk_insert(uow, Matter, matters, key=("code",))
    _bulk_insert(uow, MatterStep, [
        {"matter_id": i, "route": "petition", "name": "信访受理", "entered_at": m["registered_at"], "left_at": None,
         "due_on": accept_due, "reason": "12345 / 网格工单导入", "handler": place}
        for i, m in zip(ids, matters, strict=True)], key=("matter_id",))
    return ids
