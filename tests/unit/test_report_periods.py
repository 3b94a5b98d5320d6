"""Report periods, the shared arithmetic (p90, rates, minutes), the formats every output uses, and the names of
figures on screen (no database)."""

import datetime as dt
import json

import pytest

from desktop import config
from desktop.reports import formats, periods
from desktop.reports.figures import all_figures, change, minutes, p90, rate
from desktop.services import reports
from desktop.services.errors import Invalid

D = dt.date


def test_day_week_month_year_and_their_previous():
    day = periods.day(D(2026, 11, 20))
    assert (day.start, day.end, day.previous().start) == (D(2026, 11, 20), D(2026, 11, 20), D(2026, 11, 19))
    week = periods.week(D(2026, 11, 20))  # a Friday
    assert (week.start, week.end) == (D(2026, 11, 16), D(2026, 11, 22))
    assert (week.previous().start, week.previous().end) == (D(2026, 11, 9), D(2026, 11, 15))
    month = periods.month(D(2026, 2, 10))
    assert (month.start, month.end, month.days) == (D(2026, 2, 1), D(2026, 2, 28), 28)
    assert periods.month(D(2028, 2, 1)).end == D(2028, 2, 29)  # leap year
    assert periods.year(D(2026, 6, 1)).previous() == periods.year(D(2025, 1, 1))
    custom = periods.custom(D(2026, 11, 1), D(2026, 11, 10))
    assert (custom.previous().start, custom.previous().end) == (D(2026, 10, 22), D(2026, 10, 31))
    assert custom.next().start == D(2026, 11, 11)


def test_periods_across_the_year_boundary():
    week = periods.week(D(2027, 1, 1))
    assert (week.start, week.end) == (D(2026, 12, 28), D(2027, 1, 3))
    assert week.label() == "2026年第53周（2026年12月28日—2027年1月3日）"
    assert week.slug() == "2026-W53"
    assert periods.month(D(2027, 1, 15)).previous() == periods.month(D(2026, 12, 1))
    assert periods.day(D(2027, 1, 1)).previous().start == D(2026, 12, 31)
    assert periods.week(D(2026, 12, 30)).next().start == D(2027, 1, 4)


def test_moments_and_states():
    month = periods.month(D(2026, 11, 1))
    assert month.start_at == dt.datetime(2026, 11, 1) and month.end_at == dt.datetime(2026, 12, 1)
    now = dt.datetime(2026, 11, 20, 10)
    assert month.state(now) == "running" and month.as_of(now) == now
    assert periods.month(D(2026, 10, 1)).state(now) == "past"
    assert periods.month(D(2026, 10, 1)).as_of(now) == dt.datetime(2026, 11, 1)
    assert periods.month(D(2026, 12, 1)).state(now) == "future"
    assert periods.day(D(2026, 11, 20)).label() == "2026年11月20日（星期五）"
    assert periods.month(D(2026, 11, 20)).label() == "2026年11月"
    with pytest.raises(ValueError):
        periods.custom(D(2026, 11, 2), D(2026, 11, 1))


def test_the_service_refuses_bad_periods():
    today = D(2026, 11, 20)
    assert reports.resolve_period("week", D(2026, 11, 22), today=today).start == D(2026, 11, 16)  # running
    with pytest.raises(reports.PeriodInFuture):
        reports.resolve_period("day", D(2026, 11, 21), today=today)
    with pytest.raises(reports.PeriodInFuture):
        reports.resolve_period("month", D(2026, 12, 1), today=today)
    with pytest.raises(Invalid) as order:
        reports.resolve_period("custom", D(2026, 11, 5), D(2026, 11, 1), today=today)
    assert order.value.reason == "order"
    with pytest.raises(Invalid) as long_:
        reports.resolve_period("custom", D(2000, 1, 1), D(2026, 1, 1), today=today)
    assert long_.value.reason == "too_long"
    with pytest.raises(Invalid):
        reports.resolve_period("fortnight", today, today=today)


def test_p90_is_the_nearest_rank():
    assert p90([]) is None
    assert p90([7]) == 7
    assert p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == 9  # ⌈9⌉ = 9th
    assert p90([5, 1, 4, 2, 3]) == 5  # ⌈4.5⌉ = 5th (linear interpolation would say 4.6)
    assert p90(list(range(1, 21))) == 18  # ⌈18⌉ = 18th
    assert p90([1, None, 3, float("nan")]) == 3  # missing values are not values


def test_rates_minutes_and_changes():
    assert rate(1, 7) == 0.143 and rate(0, 5) == 0.0
    assert rate(3, 0) is None and rate(0, 0) is None  # a rate of nothing is no rate, never a division by zero
    assert minutes(90) == 1.5 and minutes(None) is None and minutes(float("nan")) is None
    assert change(5, 3) == 2 and change(None, 3) is None and change(0.5, 0.75) == -0.25


def test_formats_are_the_same_rule_everywhere():
    assert formats.text(1234, "int") == "1,234"
    assert formats.text(11.3, "minutes") == "11.3"
    assert formats.text(0.5, "rate") == "50.0%"
    assert formats.text(None, "rate") == formats.MISSING
    assert formats.text(3, "change") == "+3" and formats.text(-2, "change") == "-2"
    assert formats.text(0, "change") == "0"
    assert formats.text(0.016, "change", of="rate") == "+1.6%"
    assert formats.text(D(2026, 11, 20), "date") == "2026-11-20"
    assert formats.text(dt.datetime(2026, 11, 20, 9, 5, 7), "datetime") == "2026-11-20 09:05"
    assert formats.excel_format("rate") == "0.0%" and formats.excel_format("change", of="minutes") == "+0.0;-0.0;0.0"
    assert formats.cell_kind("by_row", "change", "rate") == ("change", "rate")
    assert formats.cell_kind("by_row", "current", "minutes") == ("minutes", None)


def test_every_figure_is_defined_once_with_known_columns():
    figures = all_figures()
    keys = [f.key for f in figures]
    assert len(keys) == len(set(keys))
    for f in figures:
        cols = [c.key for c in f.columns]
        assert len(cols) == len(set(cols)), f.key
        assert f.row_key is None or f.row_key in cols, f.key
        assert set(f.drill_columns) <= set(cols), f.key
        assert list(f.empty().columns) == cols


def _labels_in_reports() -> set[str]:
    import importlib
    import pkgutil

    import desktop.reports as package
    from desktop.reports.figures import Col
    from desktop.reports.summary import KPIS

    found = set()
    for f in all_figures():
        found.add(f.title)
        found.update(c.label for c in f.columns + f.record_columns)
    for m in pkgutil.iter_modules(package.__path__):
        for v in vars(importlib.import_module(f"desktop.reports.{m.name}")).values():
            if isinstance(v, tuple) and v and all(isinstance(x, Col) for x in v):
                found.update(c.label for c in v)
    found.update(k.area for k in KPIS)
    return found


def test_the_screen_names_every_figure_as_the_documents_do():
    from desktop.ui.reports.labels import LABELS

    used = _labels_in_reports()
    assert used <= set(LABELS), sorted(used - set(LABELS))
    sources = list(LABELS.values())
    assert len(sources) == len(set(sources)), "two Chinese names share one English source text"
    chinese = json.loads((config.resources_dir() / "i18n" / "zh_CN" / "reports.json").read_text(encoding="utf-8"))
    translated = chinese["ReportLabels"]
    for zh, en in LABELS.items():
        assert translated.get(en) == zh, (en, translated.get(en), zh)
