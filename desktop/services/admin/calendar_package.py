"""What the installed package ``chinesecalendar`` knows: its official holidays on weekdays and make-up
working days (with Chinese names), the years it covers, and its version as the source of a year."""

from __future__ import annotations

from desktop.services.admin.calendar_types import DayRule

HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def official_exceptions() -> list[DayRule]:
    """Every official holiday on a weekday and make-up working day known to chinesecalendar."""
    from chinese_calendar.constants import holidays, workdays

    rules = [DayRule(d, False, HOLIDAY_NAMES.get(name, name)) for d, name in holidays.items() if d.weekday() < 5]
    rules += [DayRule(d, True, "调休上班（" + HOLIDAY_NAMES.get(name, name) + "）")
              for d, name in workdays.items()]
    return sorted(rules, key=lambda r: r.day)


def package_years() -> frozenset[int]:
    """The years the installed chinesecalendar knows."""
    from chinese_calendar.constants import holidays

    return frozenset(d.year for d in holidays)


def package_source() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:
        return "chinesecalendar"
