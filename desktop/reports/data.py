"""The rows a report is computed from: one SQL query per base table and period, read into pandas once and
shared by every figure of the report (and by the lists of records behind each figure).

A :class:`Dataset` is bound to an open SQLAlchemy connection, a period and the moment "now". Tables load
lazily the first time a figure asks for them; area modules register their loaders with :func:`loader`.
Everything is plain SQLAlchemy core over the models' tables, so it runs unchanged on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pandas as pd
from sqlalchemy import JSON, String, select, type_coerce
from sqlalchemy.engine import Connection

from desktop.models import (
    CalendarDay,
    Center,
    Department,
    DisputeType,
    PetitionCategory,
    QueueService,
    Room,
    User,
    Window,
)
from desktop.reports import periods
from desktop.reports.periods import DAY, Period

LOADERS: dict[str, Callable[[Dataset], pd.DataFrame]] = {}


def loader(name: str):
    """Registers ``fn(ds) -> DataFrame`` as the loader of table ``name``."""
    def wrap(fn):
        LOADERS[name] = fn
        return fn
    return wrap


class Cancelled(Exception):
    """The caller asked to stop (see Dataset.check)."""


class Dataset:
    def __init__(self, conn: Connection, period: Period, *, now: dt.datetime,
                 cancelled: Callable[[], bool] | None = None):
        self.conn = conn
        self.period = period
        self.now = now
        self.as_of = period.as_of(now)
        self._tables: dict[str, pd.DataFrame] = {}
        self._figures: dict[str, pd.DataFrame] = {}
        self._cancelled = cancelled
        self._previous: Dataset | None = None

    @property
    def kind(self) -> str:
        return self.conn.dialect.name

    @property
    def today(self) -> dt.date:
        """The last day the figures cover (the as-of date)."""
        moment = self.as_of
        return (moment - dt.timedelta(microseconds=1)).date() if moment == self.period.end_at else moment.date()

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise Cancelled()

    def table(self, name: str) -> pd.DataFrame:
        df = self._tables.get(name)
        if df is None:
            self.check()
            df = LOADERS[name](self)
            self._tables[name] = df
        return df

    def figure(self, key: str) -> pd.DataFrame:
        """The frame of figure ``key`` for this period (computed once)."""
        from desktop.reports.figures import figure

        df = self._figures.get(key)
        if df is None:
            self.check()
            df = figure(key).build(self)
            self._figures[key] = df
        return df

    @property
    def previous_period(self) -> Period:
        return previous_period(self.conn, self.period)

    @property
    def previous_as_of(self) -> dt.datetime:
        """Where the previous period's figures stand. While this period runs, the previous one is taken over the
        same span (同期): this month up to the 20th at 15:20 against last month up to the 20th at 15:20, today
        until now against the previous working day until the same time. A period that has ended compares with
        the whole previous period."""
        prev = self.previous_period
        if self.as_of >= self.period.end_at:
            return prev.end_at
        return min(prev.start_at + (self.as_of - self.period.start_at), prev.end_at)

    def previous(self) -> Dataset:
        """The same figures for the previous period (see previous_as_of), read on the same connection."""
        if self._previous is None:
            self._previous = Dataset(self.conn, self.previous_period, now=self.previous_as_of,
                                     cancelled=self._cancelled)
        return self._previous

    def raw(self, column):
        """A date or datetime column as the database stores it. On SQLite that is ISO text, which pandas
        parses a whole column at a time (much faster than SQLAlchemy's per-value conversion); ``rows``
        turns it back into datetimes and dates."""
        if self.kind == "sqlite":
            return type_coerce(column, String).label(column.key)
        return column

    def rows(self, stmt, columns: list[str], *, datetimes: tuple[str, ...] = (),
             dates: tuple[str, ...] = ()) -> pd.DataFrame:
        """A frame from a SELECT with the given column names: ``datetimes`` as pandas datetimes, ``dates`` as
        datetime.date objects (None when missing)."""
        wanted = set(datetimes) | set(dates)
        if wanted and self.kind == "sqlite":
            stmt = stmt.with_only_columns(*[self.raw(c) if c.key in wanted else c for c in stmt.selected_columns])
        json_columns = [c.key for c in stmt.selected_columns if isinstance(c.type, JSON)]
        result = self.conn.execute(stmt)
        # the driver's rows as they are (dates arrive as ISO text on SQLite, see raw()): building SQLAlchemy
        # Row objects for a year of tickets would cost more than the query
        data = result.cursor.fetchall() if result.cursor is not None else []
        result.close()
        df = pd.DataFrame.from_records(data, columns=columns) if data else pd.DataFrame(
            {c: pd.Series(dtype=object) for c in columns})
        for c in json_columns:
            if self.kind == "sqlite":
                df[c] = df[c].map(lambda v: json.loads(v) if isinstance(v, str) else v)
        for c in datetimes:
            df[c] = pd.to_datetime(df[c], format="ISO8601") if len(df) else pd.Series(dtype="datetime64[ns]")
        for c in dates:
            df[c] = _dates(df[c])
        return df


def _dates(column: pd.Series) -> pd.Series:
    """A column of dates (ISO text, dates or None) as datetime.date objects, None where missing."""
    if column.empty:
        return column.astype(object)
    ts = pd.to_datetime(column, errors="coerce", format="ISO8601")
    out = pd.Series(ts.dt.date, index=column.index, dtype=object)
    return out.where(ts.notna(), None)


def _as_date(v, _fromiso=dt.date.fromisoformat):
    if isinstance(v, str):
        return _fromiso(v[:10])
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    return v


# ---------------------------------------------------------------- configuration tables

@loader("windows")
def _windows(ds: Dataset) -> pd.DataFrame:
    return ds.rows(select(Window.id, Window.number, Window.name, Window.active).order_by(Window.number),
                   ["id", "number", "name", "active"])


@loader("services")
def _services(ds: Dataset) -> pd.DataFrame:
    return ds.rows(select(QueueService.id, QueueService.letter, QueueService.name, QueueService.active)
                   .order_by(QueueService.sort_order, QueueService.letter), ["id", "letter", "name", "active"])


@loader("users")
def _users(ds: Dataset) -> pd.DataFrame:
    return ds.rows(select(User.id, User.full_name), ["id", "full_name"])


@loader("departments")
def _departments(ds: Dataset) -> pd.DataFrame:
    return ds.rows(select(Department.id, Department.name, Department.active)
                   .order_by(Department.sort_order, Department.id), ["id", "name", "active"])


@loader("categories")
def _categories(ds: Dataset) -> pd.DataFrame:
    """Petition categories with their domain (the first level); a domain is its own domain."""
    df = ds.rows(select(PetitionCategory.id, PetitionCategory.parent_id, PetitionCategory.name,
                        PetitionCategory.sort_order).order_by(PetitionCategory.sort_order, PetitionCategory.id),
                 ["id", "parent_id", "name", "sort_order"])
    names = dict(zip(df["id"], df["name"], strict=True))
    df["domain"] = [names.get(p, n) if p is not None and not pd.isna(p) else n
                    for p, n in zip(df["parent_id"], df["name"], strict=True)]
    return df


@loader("dispute_types")
def _dispute_types(ds: Dataset) -> pd.DataFrame:
    return ds.rows(select(DisputeType.id, DisputeType.name, DisputeType.active)
                   .order_by(DisputeType.sort_order, DisputeType.id), ["id", "name", "active"])


@loader("rooms")
def _rooms(ds: Dataset) -> pd.DataFrame:
    return ds.rows(select(Room.id, Room.name, Room.kind, Room.active).order_by(Room.sort_order, Room.id),
                   ["id", "name", "kind", "active"])


@loader("center")
def _center(ds: Dataset) -> pd.DataFrame:
    df = ds.rows(select(Center.name, Center.opens_at, Center.closes_at).limit(1), ["name", "opens_at", "closes_at"])
    if df.empty:
        df = pd.DataFrame([{"name": "", "opens_at": dt.time(8, 30), "closes_at": dt.time(17, 30)}])
    return df


@loader("calendar")
def _calendar(ds: Dataset) -> pd.DataFrame:
    p = ds.period
    return ds.rows(select(CalendarDay.day, CalendarDay.is_workday).where(
        CalendarDay.day >= p.start, CalendarDay.day <= p.end), ["day", "is_workday"], dates=("day",))


def previous_period(conn: Connection, period: Period) -> Period:
    """The period a report compares with: the same kind just before. A day compares with the previous working
    day of the stored calendar (Monday with Friday, the day after a holiday with the day before it)."""
    if period.kind != DAY:
        return period.previous()
    start = period.start - dt.timedelta(days=40)
    exceptions = dict(conn.execute(select(CalendarDay.day, CalendarDay.is_workday).where(
        CalendarDay.day >= start, CalendarDay.day < period.start)).all())
    exceptions = {_as_date(k): bool(v) for k, v in exceptions.items()}
    day = period.start - dt.timedelta(days=1)
    while day >= start:
        if exceptions.get(day, day.weekday() < 5):
            return periods.day(day)
        day -= dt.timedelta(days=1)
    return period.previous()


def center_name(ds: Dataset) -> str:
    return str(ds.table("center")["name"].iloc[0])


def opening_hours(ds: Dataset) -> tuple[dt.time, dt.time]:
    row = ds.table("center").iloc[0]
    return _as_time(row["opens_at"]), _as_time(row["closes_at"])


def _as_time(v) -> dt.time:
    if isinstance(v, dt.time):
        return v
    return dt.time.fromisoformat(str(v))


def working_days(ds: Dataset, *, until: dt.date | None = None) -> list[dt.date]:
    """The period's working days (the stored calendar: holidays and make-up days), up to ``until``."""
    exceptions = dict(zip(ds.table("calendar")["day"], ds.table("calendar")["is_workday"], strict=True))
    last = min(ds.period.end, until) if until else ds.period.end
    return [d for d in ds.period.dates() if d <= last and exceptions.get(d, d.weekday() < 5)]


def names(ds: Dataset, table: str, key: str = "id", label: str = "name") -> dict:
    df = ds.table(table)
    return dict(zip(df[key], df[label], strict=True))
