"""处理进度随时看、满不满意随时评: a visitor looks a matter up at the kiosk with its code and the last four digits of
the phone, sees its progress in plain words (masked name, no ID number, no staff names), and rates its outcome
once; wrong pairs get one answer for both halves and lock a kiosk or a code after too many; a bad rating opens
a follow-up that the follow-up list shows with the matter's code. Both engines."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from desktop.models import Department, MatterLookup, RatingFollowUp
from desktop.services import matters
from desktop.services import queue as q
from desktop.services.admin import accounts, center
from desktop.services.errors import Invalid
from desktop.services.people import PersonInput
from desktop.services.queue import AlreadyRated
from tests.conftest import sign_in

ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"


@pytest.fixture
def clerk(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="clerk1", full_name="王小明", role="clerk", password="pass1234",
                      window_no=1)
    return sign_in(admin_ctx, "clerk1", "pass1234")


def _register(clerk, *, done: bool = False, phone: str = PHONE) -> str:
    _id, code = matters.register_window_matter(
        clerk.uow(), service="法律援助", summary="申请法律援助：工资被拖欠", outcome="已受理" if done else "",
        person=PersonInput(name="张三丰", id_number=ID_NUMBER, phone=phone), done=done)
    return code


def test_right_pair_shows_the_progress_in_plain_words(ctx, clerk):
    code = _register(clerk)
    with ctx.uow() as uow:
        department_id, department = uow.session.execute(select(Department.id, Department.name)
                                                        .order_by(Department.id)).first()
    # a handover not yet acknowledged: the window still answers for it
    matters.hand_over(clerk.uow(), matter_id=matters.get_matter(clerk.uow(), code=code).id,
                      to_kind="department", to_ref=department_id, reason="需要司法所审查")
    p = matters.kiosk_lookup(ctx.uow(), kiosk="自助机1", code=" " + code.lower() + " ", phone_last4="5678")
    assert p.code == code and p.kind == "window" and p.kind_name == "窗口事项" and p.service == "法律援助"
    assert p.person == "张**"
    assert p.state == "open" and not p.ratable and p.rating is None
    assert [s.name for s in p.steps] == ["窗口受理（法律援助）"] and p.steps[0].current
    assert p.current_step == "窗口受理（法律援助）" and p.handler == "1号窗口"
    shown = repr(dataclasses.astuple(p))
    for secret in (ID_NUMBER, "1101", PHONE, "王小明"):
        assert secret not in shown
    year, serial = code.split("-")[1:]
    for typed in (f"{year}{serial}", f"{year}-{serial}", f"{year}{int(serial)}"):  # typed on the keypad
        assert matters.kiosk_lookup(ctx.uow(), kiosk="自助机1", code=typed, phone_last4="5678").code == code
    with pytest.raises(matters.LookupRefused):  # another prefix names no matter of this center
        matters.kiosk_lookup(ctx.uow(), kiosk="自助机1", code=f"XY-{year}-{serial}", phone_last4="5678")
    with ctx.uow() as uow:
        logged = uow.session.execute(select(MatterLookup.kiosk, MatterLookup.code, MatterLookup.ok)).all()
        m = matters.get_open_matter(uow, code)
        matters.enter_step(uow, m, route="window", name="部门审查", handler=department)
        uow.commit()
    assert logged == [("自助机1", code, True)] * 4 + [("自助机1", f"XY-{year}-{serial}", False)]
    p = matters.kiosk_lookup(ctx.uow(), kiosk="自助机1", code=code, phone_last4="5678")
    assert (p.current_step, p.handler) == ("部门审查", department)


def test_a_mediator_or_a_clerk_without_a_window_is_never_named(ctx, clerk):
    code = _register(clerk)
    with ctx.uow() as uow:
        m = matters.get_open_matter(uow, code)
        matters.enter_step(uow, m, route="mediation", name="转交调解员李调解", handler="调解员李调解",
                           due_on=dt.date(2026, 12, 20))
        uow.commit()
    p = matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="5678")
    assert (p.current_step, p.handler, p.next_due) == ("转交人民调解员", "人民调解委员会", dt.date(2026, 12, 20))
    assert [s.current for s in p.steps] == [False, True] and p.steps[0].left_at == p.steps[1].entered_at
    assert "李调解" not in repr(dataclasses.astuple(p))
    with ctx.uow() as uow:
        m = matters.get_open_matter(uow, code)
        matters.enter_step(uow, m, route="mediation", name="调解中", handler="人民调解委员会")
        uow.commit()
    assert matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="5678").handler == "人民调解委员会"
    with ctx.uow() as uow:
        m = matters.get_open_matter(uow, code)
        matters.enter_step(uow, m, route="window", name="复核材料", handler="王小明")  # a clerk's own name
        uow.commit()
    p = matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="5678")
    assert p.handler == "虎丘镇一站式综合服务中心" and "王小明" not in repr(dataclasses.astuple(p))


def test_wrong_code_and_wrong_phone_give_the_same_answer(ctx, clerk):
    code = _register(clerk)
    errors = []
    for kiosk, c, last4 in (("k1", "HS-2026-999999", "5678"), ("k2", code, "0000"), ("k3", code, "12"),
                            ("k4", "", "5678")):
        with pytest.raises(matters.LookupRefused) as caught:
            matters.kiosk_lookup(ctx.uow(), kiosk=kiosk, code=c, phone_last4=last4)
        errors.append((type(caught.value), caught.value.facts))
    assert len(set(map(repr, errors))) == 1
    with ctx.uow() as uow:
        assert uow.session.scalars(select(MatterLookup.ok)).all() == [False] * 4


def test_a_matter_without_a_phone_is_never_shown(ctx, clerk):
    code = _register(clerk, phone="")
    with pytest.raises(matters.LookupRefused):
        matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="0000")


def test_lockout_per_kiosk(ctx, clerk, clock):
    code = _register(clerk)
    for i in range(4):  # matter_lookup_max_tries: 5
        with pytest.raises(matters.LookupRefused):
            matters.kiosk_lookup(ctx.uow(), kiosk="大厅1", code=f"HS-2026-00900{i}", phone_last4="1111")
    with pytest.raises(matters.LookupLocked) as caught:  # the fifth locks, and says until when
        matters.kiosk_lookup(ctx.uow(), kiosk="大厅1", code="HS-2026-009009", phone_last4="1111")
    assert caught.value.facts["until"] == clock.now() + dt.timedelta(minutes=30)
    clock.advance(minutes=10)
    with pytest.raises(matters.LookupLocked) as again:  # even the right pair, at this kiosk
        matters.kiosk_lookup(ctx.uow(), kiosk="大厅1", code=code, phone_last4="5678")
    assert again.value.facts["until"] == caught.value.facts["until"]  # tries while locked do not prolong it
    assert matters.kiosk_lookup(ctx.uow(), kiosk="大厅2", code=code, phone_last4="5678").code == code
    clock.advance(minutes=20)
    assert matters.kiosk_lookup(ctx.uow(), kiosk="大厅1", code=code, phone_last4="5678").code == code
    with ctx.uow() as uow:
        rows = uow.session.execute(select(MatterLookup.kiosk, MatterLookup.ok).order_by(MatterLookup.id)).all()
    assert rows == [("大厅1", False)] * 6 + [("大厅2", True), ("大厅1", True)]


def test_a_burst_of_wrong_tries_locks_after_the_limit(ctx, clerk):
    """Eight wrong pairs at one moment from one kiosk, each on its own connection: four are answered "wrong",
    the fifth locks and the rest find the lock, as one after another (PostgreSQL: an advisory lock queues them;
    SQLite: the write lock)."""
    _register(clerk)
    barrier = threading.Barrier(8)

    def guess(i: int) -> str:
        barrier.wait(timeout=60)
        try:
            matters.kiosk_lookup(ctx.uow(), kiosk="大厅1", code=f"HS-2026-0090{i:02d}", phone_last4="1111")
        except matters.LookupRefused:
            return "refused"
        except matters.LookupLocked:
            return "locked"
        return "found"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(guess, range(8)))
    assert sorted(outcomes) == ["locked"] * 4 + ["refused"] * 4


def test_lockout_per_code_across_kiosks(ctx, clerk, clock):
    code = _register(clerk)
    for i in range(4):
        with pytest.raises(matters.LookupRefused):
            matters.kiosk_lookup(ctx.uow(), kiosk=f"k{i}", code=code, phone_last4=f"{i}{i}{i}{i}")
    with pytest.raises(matters.LookupLocked):
        matters.kiosk_lookup(ctx.uow(), kiosk="k9", code=code, phone_last4="9999")
    with pytest.raises(matters.LookupLocked):
        matters.kiosk_lookup(ctx.uow(), kiosk="k10", code=code, phone_last4="5678")
    clock.advance(minutes=31)
    assert matters.kiosk_lookup(ctx.uow(), kiosk="k10", code=code, phone_last4="5678").code == code


def test_wrong_tries_spread_out_do_not_lock(ctx, clerk, clock):
    code = _register(clerk)
    for _ in range(8):
        with pytest.raises(matters.LookupRefused):
            matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="0000")
        clock.advance(minutes=10)  # never more than three within 30 minutes
    assert matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="5678").code == code


def test_what_looks_like_a_code():
    for text in ("HS-2026-000123", "hs-2026-000123\n"):  # what a scanner types
        assert matters.looks_like_code(text), text
    for text in ("", "5678", "123456", "2026-000123", "2026000123", "HS-2026", "HS-2026000123", "张三",
                 "HS-2026-000123-1"):
        assert not matters.looks_like_code(text), text


def test_lock_until_counts_no_try_made_while_locked():
    t0, span = dt.datetime(2026, 11, 20, 10, 0), dt.timedelta(minutes=30)
    tries = [t0 + dt.timedelta(minutes=i) for i in range(5)]
    assert matters.lookup.lock_until(tries[:4], tries=5, span=span) is None
    assert matters.lookup.lock_until(tries, tries=5, span=span) == t0 + dt.timedelta(minutes=34)
    late = tries + [t0 + dt.timedelta(minutes=m) for m in (10, 20, 30)]
    assert matters.lookup.lock_until(late, tries=5, span=span) == t0 + dt.timedelta(minutes=34)


def test_an_open_matter_cannot_be_rated_and_a_closed_one_once(ctx, clerk):
    open_code = _register(clerk)
    with pytest.raises(Invalid) as caught:
        matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=open_code, phone_last4="5678", rating="satisfied")
    assert caught.value.facts["reason"] == "not_concluded"
    code = _register(clerk, done=True)
    p = matters.kiosk_lookup(ctx.uow(), kiosk="k", code=code, phone_last4="5678")
    assert p.state == "closed" and p.ratable and p.current_step == "" and not any(s.current for s in p.steps)
    assert p.steps[0].left_at is not None
    rated = matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="5678", rating="satisfied")
    assert rated.rating == "satisfied"
    again = matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="5678", rating="satisfied")
    assert again.rating == "satisfied"  # the same rating again: nothing changes
    with pytest.raises(AlreadyRated) as caught:
        matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="5678", rating="dissatisfied")
    assert caught.value.facts == {"number": code, "rating": "satisfied"}
    with pytest.raises(matters.LookupRefused):  # a rating needs the right pair too
        matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="0000", rating="satisfied")
    with pytest.raises(Invalid):
        matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="5678", rating="great")
    with ctx.uow() as uow:
        assert uow.session.scalar(select(RatingFollowUp.id)) is None


def test_a_bad_rating_opens_a_follow_up_listed_with_the_matter_code(ctx, clerk, admin_ctx, clock):
    code = _register(clerk, done=True)
    matters.rate_matter_outcome(ctx.uow(), kiosk="k", code=code, phone_last4="5678", rating="very_dissatisfied")
    # a window rating's follow-up beside it keeps its ticket, service, window and clerk
    svc = {s.letter: s.id for s in center.list_services(ctx.uow())}
    t = q.issue_ticket(ctx.uow(), service_id=svc["G"]).ticket
    q.call_next(ctx.uow(), window_no=11)
    q.finish_service(ctx.uow(), ticket_id=t.id, record="医保报销咨询", window_no=11)
    q.rate_service(ctx.uow(), ticket_id=t.id, rating="dissatisfied", window_no=11)
    assert q.count_follow_ups(admin_ctx.uow(), open_only=True) == 2
    rows = {f.number: f for f in q.list_follow_ups(admin_ctx.uow())}
    assert set(rows) == {code, t.number}
    f = rows[code]
    assert (f.ticket_id, f.service_name, f.window_no, f.clerk_name, f.rating, f.status) == \
        (None, "法律援助", None, "王小明", "very_dissatisfied", "open")
    assert f.matter_id is not None and f.day == clock.now().date() and f.record == "已受理"
    assert f.due_on == dt.date(2026, 11, 27)  # five working days after Friday 20 November
    w = rows[t.number]
    assert (w.ticket_id, w.matter_id, w.window_no, w.record, w.rating) == (t.id, None, 11, "医保报销咨询", "dissatisfied")
    answered = q.answer_follow_up(ctx.uow(), follow_up_id=f.id, answer="已电话回访，解释了处理依据")
    assert answered.status == "answered" and answered.number == code and answered.clerk_name == "王小明"
    assert q.count_follow_ups(admin_ctx.uow(), open_only=True) == 1
    assert [f.number for f in q.list_follow_ups(admin_ctx.uow(), open_only=True)] == [t.number]


def test_follow_up_kind_words_are_the_kiosk_s():
    from desktop.services.queue import ratings

    assert ratings._MATTER_KINDS == matters.KIND_NAMES
