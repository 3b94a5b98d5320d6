"""The working-day calendar's values and errors (desktop.services.admin.calendar): a day's rule, what is
known about a year, the banner's warning, what a change of the calendar did and what a notice would do."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.services.admin.calendar_notice import NoticeHoliday
from desktop.services.deadline_recompute import DeadlineChangeInfo
from desktop.services.errors import ServiceError

OFFICIAL, PROVISIONAL = "official", "provisional"
SOURCE_PACKAGE, SOURCE_NOTICE, SOURCE_HAND = "package", "notice", "hand"
RANGE_MAX_DAYS = 62


class CalendarRangeInvalid(ServiceError):
    """A range of days that cannot be entered at once. facts: reason (before_first / too_long), first, last,
    maximum (days)."""


class YearWithoutHolidays(ServiceError):
    """A year cannot be confirmed as official while it has no holiday stored. facts: year."""


@dataclass(frozen=True)
class DayRule:
    day: dt.date
    is_workday: bool
    note: str


@dataclass(frozen=True)
class YearCoverage:
    year: int
    official: bool
    source: str  # package / notice / hand; "" while provisional
    source_detail: str  # "chinesecalendar 1.11.0", the notice's title, the note of a hand confirmation
    imported_at: dt.datetime | None
    imported_by: str
    package_knows: bool  # the installed chinesecalendar has this year's holidays


@dataclass(frozen=True)
class Coverage:
    """The official years, for marking dates. Years before the first official year lie before the center
    used OneStop and are not marked."""

    official: frozenset[int]

    def provisional_year(self, year: int) -> bool:
        if year in self.official:
            return False
        return not self.official or year > min(self.official)

    def provisional(self, day: dt.date | None) -> bool:
        return day is not None and self.provisional_year(day.year)


@dataclass(frozen=True)
class CalendarWarning:
    year: int  # the provisional year to make official
    begun: bool  # the year has already begun (every deadline counted in it is provisional)
    package_knows: bool  # importing from the installed package fixes it; otherwise import the notice
    provisional_deadlines: int  # open cases whose running deadline falls in a provisional year


@dataclass(frozen=True)
class DayChange:
    day: dt.date
    old_is_workday: bool
    old_note: str
    new_is_workday: bool
    new_note: str

    @property
    def kind(self) -> str:
        """same / note (only the note differs) / workday (becomes a working day) / day_off."""
        if self.old_is_workday == self.new_is_workday:
            return "same" if self.old_note == self.new_note else "note"
        return "workday" if self.new_is_workday else "day_off"


@dataclass(frozen=True)
class CalendarUpdate:
    """What a change of the calendar did: the days changed, the years now official, the deadlines moved."""

    days: tuple[DayChange, ...]
    years_official: tuple[int, ...]
    deadline_changes: tuple[DeadlineChangeInfo, ...]

    @property
    def days_changed(self) -> int:
        return len(self.days)


@dataclass(frozen=True)
class NoticePreview:
    """A parsed notice against the stored calendar, before anything is saved."""

    year: int
    title: str
    holidays: tuple[NoticeHoliday, ...]
    days: tuple[DayChange, ...]  # every day the notice sets apart from the Monday–Friday week
    kept: tuple[DayRule, ...]  # stored exceptions of that year the notice does not mention (kept as they are)
    coverage: YearCoverage  # the year as it stands
    deadline_changes: tuple[DeadlineChangeInfo, ...]  # what saving would move

    @property
    def changes(self) -> tuple[DayChange, ...]:
        return tuple(d for d in self.days if d.kind != "same")
