"""The figure registry: every number a director sees is defined once here (or in the area modules that
register into it) and used unchanged by the dashboard, the Excel workbook and the PDF.

A :class:`Figure` is a pandas frame built from a :class:`~desktop.reports.data.Dataset` (the period's rows,
read with SQL from the event and case tables). Its :class:`Col` list says what each column is and how it is
shown; values are stored already rounded the way they are shown (minutes to one decimal, rates as a
fraction to three decimals, i.e. a percentage to one decimal), so every output prints the same number.

Every figure can list the records behind it: ``records(ds, row, column)`` returns the rows of the base
table that the value in (``row``, ``column``) was computed from. A count equals the length of that list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# column kinds: how a value is stored and shown
TEXT = "text"
INT = "int"            # a count
MINUTES = "minutes"    # minutes, one decimal
RATE = "rate"          # a fraction 0..1 with three decimals, shown as a percentage with one decimal
NUMBER = "number"      # a quantity with one decimal (hours, days)
DATE = "date"
DATETIME = "datetime"
CHANGE = "change"      # a signed difference, shown with its sign
BY_ROW = "by_row"      # each row names its own kind in the column "kind" (the summary tables)
KINDS = (TEXT, INT, MINUTES, RATE, NUMBER, DATE, DATETIME, CHANGE, BY_ROW)


@dataclass(frozen=True)
class Col:
    key: str
    label: str  # Chinese: documents and workbooks are in Chinese; the screen translates by key
    kind: str = TEXT
    width: int | None = None  # characters; None: from the kind and the label
    hidden: bool = False  # identifies rows for the machine (drill-down, row kinds); documents leave it out

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass(frozen=True)
class Figure:
    key: str  # "queue.by_window"
    area: str  # queue / satisfaction / petitions / mediation / hotspots / cases
    title: str  # Chinese
    columns: tuple[Col, ...]
    build: Callable  # (Dataset) -> DataFrame with exactly the columns' keys
    note: str = ""  # the definition, printed under the table
    row_key: str | None = None  # the column whose value identifies a row for ``records``
    # (Dataset, row value | None, column key | None) -> DataFrame with record_columns, or a RecordList
    records: Callable | None = None
    record_columns: tuple[Col, ...] = ()
    # a figure that is one row of numbers; its columns are what the summary tables compare
    scalar: bool = False
    drill_columns: frozenset[str] = field(default_factory=frozenset)  # columns that have records behind them

    def column(self, key: str) -> Col:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def shown(self) -> tuple[Col, ...]:
        return tuple(c for c in self.columns if not c.hidden)

    def empty(self) -> pd.DataFrame:
        return pd.DataFrame({c.key: pd.Series(dtype=_dtype(c.kind)) for c in self.columns})


class UnknownRow(LookupError):
    """``records`` was asked for a row the figure does not have."""


@dataclass(frozen=True)
class RecordList:
    """The records behind one value: their columns and rows."""

    columns: tuple[Col, ...]
    frame: pd.DataFrame

    def __len__(self) -> int:
        return len(self.frame)


def records_of(figure_: Figure, ds, row=None, column: str | None = None) -> RecordList:
    """The records behind (``row``, ``column``) of ``figure_`` in ``ds``'s period (every record of the figure
    when both are None)."""
    if figure_.records is None:
        raise KeyError(f"figure {figure_.key} lists no records")
    out = figure_.records(ds, row, column)
    if isinstance(out, RecordList):
        return out
    return RecordList(figure_.record_columns, out[[c.key for c in figure_.record_columns]].reset_index(drop=True))


FIGURES: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in FIGURES:
        raise ValueError(f"figure {figure.key} is defined twice")
    unknown = set(figure.drill_columns) - {c.key for c in figure.columns}
    if unknown:
        raise ValueError(f"figure {figure.key} lists records for columns it does not have: {sorted(unknown)}")
    FIGURES[figure.key] = figure
    return figure


def figure(key: str) -> Figure:
    _load_areas()
    try:
        return FIGURES[key]
    except KeyError:
        raise KeyError(f"no figure {key!r}") from None


def drillable(columns: tuple[Col, ...], keys) -> frozenset[str]:
    """The keys of ``columns`` that are among ``keys`` (the measures a figure can list records for)."""
    return frozenset(c.key for c in columns if c.key in keys)


def all_figures() -> list[Figure]:
    _load_areas()
    return list(FIGURES.values())


_AREAS = ("queue", "satisfaction", "petitions", "mediation", "hotspots", "summary", "calendar", "matters")


def _load_areas() -> None:
    import importlib

    for area in _AREAS:
        importlib.import_module(f"desktop.reports.{area}")


def _dtype(kind: str) -> str:
    return {INT: "Int64", MINUTES: "float64", RATE: "float64", NUMBER: "float64", CHANGE: "float64",
            DATE: "object", DATETIME: "datetime64[ns]"}.get(kind, "object")


# ---------------------------------------------------------------- the arithmetic every figure shares

def minutes(seconds) -> float | None:
    """Seconds to minutes with one decimal; None stays None (no value, e.g. nobody was called)."""
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return None
    return round(float(seconds) / 60.0, 1)


def rate(part, whole) -> float | None:
    """``part / whole`` with three decimals; None when ``whole`` is 0 (a rate of nothing is no rate)."""
    if whole is None or pd.isna(whole) or whole == 0:
        return None
    return round(float(part) / float(whole), 3)


def p90(values: Iterable[float]) -> float | None:
    """The 90th percentile by the nearest-rank method: the smallest value that at least 90 % of the values
    do not exceed (the ⌈0.9·n⌉-th smallest). It is always one of the measured values, so a director can find
    the visitor it belongs to. None for no values."""
    arr = pd.to_numeric(pd.Series(values, dtype=object if not hasattr(values, "dtype") else None),
                        errors="coerce").to_numpy(dtype=float)
    arr = np.sort(arr[~np.isnan(arr)])
    if arr.size == 0:
        return None
    rank = math.ceil(0.9 * arr.size)
    return float(arr[rank - 1])


def mean(values) -> float | None:
    s = pd.Series(values, dtype=float).dropna()
    return None if s.empty else float(s.mean())


def change(current, previous) -> float | None:
    """This period minus the previous one; None when either is missing."""
    if current is None or previous is None or pd.isna(current) or pd.isna(previous):
        return None
    return round(float(current) - float(previous), 3)


def frame(rows: list[dict], figure_: Figure) -> pd.DataFrame:
    """A figure's frame from row dicts, with the declared columns in order (missing values as None)."""
    if not rows:
        return figure_.empty()
    df = pd.DataFrame(rows)
    for c in figure_.columns:
        if c.key not in df.columns:
            df[c.key] = None
    df = df[[c.key for c in figure_.columns]]
    for c in figure_.columns:
        if c.kind == INT:
            df[c.key] = pd.to_numeric(df[c.key], errors="coerce").astype("Int64")
        elif c.kind in (MINUTES, RATE, NUMBER, CHANGE):
            df[c.key] = pd.to_numeric(df[c.key], errors="coerce").astype("float64")
    return df.reset_index(drop=True)


def value(df: pd.DataFrame, column: str, row: int = 0):
    """One cell as a plain Python value (None for a missing one)."""
    if df.empty or column not in df.columns:
        return None
    v = df[column].iloc[row]
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    return v
