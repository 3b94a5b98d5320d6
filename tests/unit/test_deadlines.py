"""The statutory clock over the 2026 Spring Festival: holiday 15–23 February, make-up working days
Saturday 14 and Saturday 28 February (as the seeded calendar has them)."""

import datetime as dt

import pytest

from desktop.services.admin.calendar import WorkCalendar
from desktop.services.deadlines import clock_state, due_after

D = dt.date
SPRING_2026 = WorkCalendar({
    D(2026, 2, 14): True, D(2026, 2, 16): False, D(2026, 2, 17): False, D(2026, 2, 18): False,
    D(2026, 2, 19): False, D(2026, 2, 20): False, D(2026, 2, 23): False, D(2026, 2, 28): True,
})


@pytest.mark.parametrize("start, days, due", [
    (D(2026, 2, 11), 5, D(2026, 2, 25)),   # Thu 12, Fri 13, Sat 14 (make-up), Tue 24, Wed 25
    (D(2026, 2, 13), 1, D(2026, 2, 14)),   # the make-up Saturday is a working day
    (D(2026, 2, 14), 1, D(2026, 2, 24)),   # nine days off in between
    (D(2026, 2, 27), 5, D(2026, 3, 5)),    # Sat 28 (make-up), Mon 2 … Thu 5
    (D(2026, 2, 9), 6, D(2026, 2, 24)),    # Tue 10 … Sat 14 (five), then Tue 24
])
def test_working_days_skip_the_holiday_and_count_make_up_days(start, days, due):
    assert due_after(SPRING_2026, start, days, working=True) == due


def test_calendar_days_ending_in_the_holiday_end_on_the_next_working_day():
    assert due_after(SPRING_2026, D(2026, 2, 5), 15, working=False) == D(2026, 2, 24)   # 20 Feb is off
    assert due_after(SPRING_2026, D(2026, 2, 5), 15, working=False, ends_on_workday=False) == D(2026, 2, 20)
    assert due_after(SPRING_2026, D(2026, 1, 29), 16, working=False) == D(2026, 2, 14)  # make-up Saturday
    assert due_after(SPRING_2026, D(2026, 1, 1), 60, working=False) == D(2026, 3, 2)    # Sun 1 Mar -> Mon 2


def test_clock_states():
    today = D(2026, 11, 20)
    assert clock_state(None, today, 5).state == "none"
    overdue = clock_state(D(2026, 11, 19), today, 5)
    assert (overdue.state, overdue.days_left) == ("overdue", -1)
    assert clock_state(today, today, 5).state == "today"
    assert clock_state(D(2026, 11, 25), today, 5).state == "soon"
    assert clock_state(D(2026, 11, 26), today, 5).state == "ok"
    assert clock_state(D(2026, 11, 26), today, 6).state == "soon"
