"""Case numbers on both databases: per kind and year, unique and gap-free, also when several clerks
register at the same moment from separate processes."""

import datetime as dt
import multiprocessing

import pytest

from desktop.clock import FixedClock
from desktop.services import case_numbers
from desktop.services import petitions as pt
from desktop.services.errors import Duplicate, Invalid
from desktop.services.people import PersonInput
from tests.integration.test_petition_helpers import make_staff, register

WORKERS = 4
PER_WORKER = 6


def test_format_has_at_least_three_digits():
    assert case_numbers.format_case_number(abbr="虎", kind="信", year=2026, seq=34) == "（2026）虎信字第034号"
    assert case_numbers.format_case_number(abbr="虎", kind="调", year=2026, seq=12) == "（2026）虎调字第012号"
    assert case_numbers.format_case_number(abbr="虎", kind="信", year=2027, seq=1234) == "（2027）虎信字第1234号"


def test_numbers_count_per_kind_and_restart_each_year(admin_ctx, clock):
    staff = make_staff(admin_ctx)
    clock.at = dt.datetime(2026, 12, 31, 16, 0)
    a = register(staff.clerk, staff, people=[PersonInput(name="甲")])
    b = register(staff.clerk, staff, people=[PersonInput(name="乙")])
    uow = staff.clerk.uow()
    with uow:
        mediation = case_numbers.next_case_number(uow, kind="调", year=2026)
        uow.commit()
    clock.at = dt.datetime(2027, 1, 4, 9, 0)
    c = register(staff.clerk, staff, people=[PersonInput(name="丙")])
    assert [a.case_no, b.case_no, c.case_no] == ["（2026）虎信字第001号", "（2026）虎信字第002号",
                                                   "（2027）虎信字第001号"]
    assert mediation.text == "（2026）虎调字第001号"
    assert case_numbers.last_case_number(staff.clerk.uow(), kind="信", year=2026) == 2
    with pytest.raises(Invalid), staff.clerk.uow() as u:
        case_numbers.next_case_number(u, kind="案", year=2026)


def test_a_failed_registration_gives_its_number_back(admin_ctx):
    staff = make_staff(admin_ctx)
    same = pt.AttachmentInput("a.jpg", b"same bytes")
    with pytest.raises(Duplicate):  # raised after the number was taken
        register(staff.clerk, staff, attachments=[same, pt.AttachmentInput("b.jpg", b"same bytes")])
    uow = staff.clerk.uow()
    with uow:
        case_numbers.next_case_number(uow, kind="信", year=2026)  # left without commit
    assert register(staff.clerk, staff).case_no == "（2026）虎信字第001号"


def _register_many(url: str, category_id: int, worker: int, barrier, results) -> None:
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(dt.datetime(2026, 11, 20, 10, 0)))
    try:
        barrier.wait(timeout=60)
        numbers = []
        for i in range(PER_WORKER):
            case = pt.register_petition(ctx.uow(), source="visit", category_id=category_id,
                                        petitioners=[PersonInput(name=f"来访人{worker}-{i}")],
                                        content=f"第{worker}号窗口登记的第{i}件事项")
            numbers.append(case.case_no)
        results.put((worker, numbers, None))
    except Exception as exc:  # reported to the test instead of dying silently
        results.put((worker, [], repr(exc)))
    finally:
        ctx.close()


def test_clerks_registering_at_once_get_unique_gap_free_numbers(ctx, db_url):
    from desktop.services.admin.center import list_categories

    category = next(c.id for c in list_categories(ctx.uow()) if c.parent_id is not None)
    ctx.db.dispose()  # the workers open their own connections
    mp = multiprocessing.get_context("fork")
    barrier, results = mp.Barrier(WORKERS), mp.Queue()
    procs = [mp.Process(target=_register_many, args=(db_url, category, w, barrier, results)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    outcome = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [err for _, _, err in outcome if err] == []
    numbers = sorted(n for _, nums, _ in outcome for n in nums)
    expected = [f"（2026）虎信字第{i:03d}号" for i in range(1, WORKERS * PER_WORKER + 1)]
    assert numbers == sorted(expected)
    assert case_numbers.last_case_number(ctx.uow(), kind="信", year=2026) == WORKERS * PER_WORKER
