"""The intake's constants (sources, row statuses, chunk sizes, the export's fields) and the small helpers
its steps share: the permission check, lookups in chunks, the content hash, values as the preview shows them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

from desktop import crypto
from desktop.db import UnitOfWork
from desktop.services.errors import Invalid
from desktop.services.intake.headers import (
    ADDRESS,
    CALLER_NAME,
    CONTENT,
    GRID,
    PHONE,
    RECEIVED_AT,
    VILLAGE,
    WORK_ORDER_NO,
)
from desktop.services.people import NAME_MAX, mask_phone
from desktop.services.permissions import Permission, require
from desktop.services.petitions import TEXT_MAX

HOTLINE, GRID_REPORT = "hotline", "grid"  # petition sources (desktop.services.petition_flow.SOURCES)
SOURCES = (HOTLINE, GRID_REPORT)
SOURCE_ALIASES = {"12345": HOTLINE, "hotline": HOTLINE, "grid": GRID_REPORT}
SOURCE_LABELS = {HOTLINE: "12345工单", GRID_REPORT: "网格上报"}  # in the files written for the clerk
OTHER_CATEGORY = "其他"  # the seed's catch-all category; unmatched names go there
LENGTHS = {WORK_ORDER_NO: 40, CALLER_NAME: NAME_MAX, ADDRESS: 200, VILLAGE: 40, GRID: 40, CONTENT: TEXT_MAX}
PERSON_KEY = ("name", "phone", "address", "village", "grid")  # what tells two new callers apart
CHUNK = 2000  # rows written per round of multi-row inserts (progress and cancel between)
LOOKUP_CHUNK = 500  # values per IN (...) of a lookup query
FUTURE_TOLERANCE = dt.timedelta(hours=1)  # a PC clock a little behind the platform's

# statuses of a row in the preview
NEW, REPEAT, CHANGED, UNCHANGED, REJECTED = "new", "repeat", "changed", "unchanged", "rejected"
ROW_STATUSES = (NEW, REPEAT, CHANGED, UNCHANGED, REJECTED)

EXPORT_FIELDS = ("work_order_no", "case_no", "result", "concluded_at", "satisfaction", "status", "department",
                 "received_at", "requested_deadline", "on_time")
DEFAULT_EXPORT_COLUMNS = (("work_order_no", "工单编号"), ("result", "办理结果"), ("concluded_at", "办结时间"),
                          ("satisfaction", "满意度"))
DEFAULT_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M")


def source_code(name: str) -> str:
    """"12345" / "hotline" -> hotline, "grid" -> grid."""
    code = SOURCE_ALIASES.get((name or "").strip().lower())
    if code is None:
        raise Invalid(field="source", reason="unknown", value=name)
    return code


def _require_import(uow) -> None:
    require(uow, Permission.IMPORT_WORK_ORDERS)


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _json(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def content_hash(uow: UnitOfWork, data: dict) -> str:
    """Tells a changed work order from an unchanged one. Keyed with the database's data key: the values
    include the caller's phone, which a plain hash would give away to anyone trying every number."""
    plain = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return crypto.key_for(uow.session.get_bind().dialect).digest(plain.encode("ascii"))


def _shown(field_name: str, value) -> str:
    if value in (None, ""):
        return ""
    if field_name == PHONE:
        return mask_phone(str(value))
    if field_name == RECEIVED_AT:
        return str(value).replace("T", " ")[:16]
    return str(value)


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _not_cancelled() -> bool:
    return False
