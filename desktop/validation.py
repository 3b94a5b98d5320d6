"""One validation layer for everything a service stores, identical on SQLite and PostgreSQL.

Installed on the unit of work's sessions (desktop/db.py) as a ``before_flush`` listener: every new or
changed column value of every ORM object is checked against its column before any SQL is sent, so a
value the engine would refuse (PostgreSQL) or silently keep (SQLite) becomes a typed ``InvalidInput``
naming the field ("table.column"):

- text: at most the column's String(n) length (the plain length for encrypted columns), no NUL
  character, no lone surrogate (not encodable as UTF-8), and a str at all;
- dates and times: a date/datetime/time object (not a str), with a year in YEAR_RANGE;
- integers: an int (not a bool, not a str) that fits the column; booleans: a bool;
- JSON values: no NUL or lone surrogate in any string inside.

Services check the domain's rules (a booking at most N days ahead, a setting's range); this layer
makes sure nothing reaches the engine that the engine would treat differently on the two databases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, DateTime, Integer, SmallInteger, String, Time, inspect
from sqlalchemy.types import TypeDecorator

from desktop.facts import Invalid, InvalidInput

YEAR_RANGE = (1900, 2199)
INT_LIMITS = {SmallInteger: 2**15, BigInteger: 2**63, Integer: 2**31}


def text_problem(value: Any, limit: int | None = None) -> tuple[str, int | None] | None:
    """(reason, limit) when ``value`` cannot be stored as text, else None."""
    if not isinstance(value, str):
        return "type", None
    if "\x00" in value:
        return "nul", None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate", None
    if limit is not None and len(value) > limit:
        return "too_long", limit
    return None


def check_text(field: str, value: Any, limit: int | None = None) -> None:
    """Raise InvalidInput when ``value`` is not storable text (for services checking before a query)."""
    if (problem := text_problem(value, limit)) is not None:
        reason, lim = problem
        raise InvalidInput(field=field, reason=reason, limit=lim)


def check_date(field: str, value: Any, *, kind: type = dt.date) -> None:
    """Raise InvalidInput unless ``value`` is a ``kind`` (date, datetime or time) in a sane year."""
    if kind is dt.date and isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, kind) or (kind is dt.datetime and not isinstance(value, dt.datetime)):
        raise InvalidInput(field=field, reason="type", expected=kind.__name__)
    year = getattr(value, "year", None)
    if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise InvalidInput(field=field, reason="year", minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1])


def _json_problem(value: Any) -> str | None:
    if isinstance(value, str):
        problem = text_problem(value)
        return problem[0] if problem else None
    if isinstance(value, dict):
        for k, v in value.items():
            if (p := _json_problem(k)) or (p := _json_problem(v)):
                return p
    elif isinstance(value, (list, tuple)):
        for v in value:
            if p := _json_problem(v):
                return p
    return None


def _base_type(col_type):
    return col_type.impl_instance if isinstance(col_type, TypeDecorator) else col_type


def check_value(field: str, col_type, value: Any) -> None:
    if value is None:
        return
    base = _base_type(col_type)
    if isinstance(base, String):
        from desktop.crypto import LookupHash

        limit = None if isinstance(col_type, LookupHash) else getattr(col_type, "length", None)
        check_text(field, value, limit)
    elif isinstance(base, DateTime):
        check_date(field, value, kind=dt.datetime)
    elif isinstance(base, Date):
        check_date(field, value, kind=dt.date)
    elif isinstance(base, Time):
        if not isinstance(value, dt.time):
            raise InvalidInput(field=field, reason="type", expected="time")
    elif isinstance(base, Boolean):
        if not isinstance(value, bool):
            raise InvalidInput(field=field, reason="type", expected="bool")
    elif isinstance(base, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(field=field, reason="type", expected="int")
        bound = next((b for t, b in INT_LIMITS.items() if isinstance(base, t)), 2**31)
        if not -bound <= value < bound:
            raise InvalidInput(field=field, reason="range", minimum=-bound, maximum=bound - 1)
    elif isinstance(base, JSON):
        if (reason := _json_problem(value)) is not None:
            raise InvalidInput(field=field, reason=reason, limit=None)


def check_object(obj, *, new: bool) -> None:
    state = inspect(obj)
    table = getattr(obj, "__tablename__", type(obj).__name__)
    for prop in state.mapper.column_attrs:
        if len(prop.columns) != 1 or not hasattr(prop.columns[0], "type"):
            continue
        column = prop.columns[0]
        attr = state.attrs[prop.key]
        if new:
            if prop.key not in state.dict:
                continue
            value = state.dict[prop.key]
        else:
            history = attr.history
            if not history.added:
                continue
            value = history.added[0]
        if hasattr(value, "__clause_element__") or type(value).__module__.startswith("sqlalchemy"):
            continue  # an SQL expression (a counter + 1, func.now()): the engine computes it
        check_value(f"{table}.{column.name}", column.type, value)


def before_flush(session, _flush_context, _instances) -> None:
    for obj in session.new:
        check_object(obj, new=True)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            check_object(obj, new=False)


def before_query(orm_execute_state) -> None:
    """A text value in a query (a duplicate check, a search) is refused like a stored one when the engine
    could not take it (NUL, lone surrogate): PostgreSQL raises DataError, the driver UnicodeEncodeError."""
    from sqlalchemy.sql.elements import BindParameter
    from sqlalchemy.sql.visitors import iterate

    params = orm_execute_state.parameters
    values = list(params.items()) if isinstance(params, dict) else []
    values += [(b.key, b.value) for b in iterate(orm_execute_state.statement) if isinstance(b, BindParameter)]
    for key, value in values:
        for item in (value if isinstance(value, (list, tuple, set, frozenset)) else (value,)):
            if isinstance(item, str) and (problem := text_problem(item)) is not None:
                field = str(key).lstrip("%(").split(")")[0]
                head, _, tail = field.rpartition("_")
                raise InvalidInput(field=head if tail.isdigit() and head else field, reason=problem[0], limit=None)


def clean_text(value: str | None, field: str, *, required: bool = True, maximum: int) -> str:
    """A form's text, stripped: refused (Invalid) when required and empty, or longer than ``maximum``."""
    text = (value or "").strip()
    if required and not text:
        raise Invalid(field=field, reason="empty")
    if len(text) > maximum:
        raise Invalid(field=field, reason="length", maximum=maximum)
    return text
