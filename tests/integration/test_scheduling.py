"""Room scheduling on both databases: the conflict rules (room, mediator, party; touching intervals allowed),
opening hours and holidays with the audited override, tentative bookings, reschedule, cancel, no-show, and
"find a slot"."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from desktop.models import BookingClaim
from desktop.services import audit, mediation
from desktop.services import mediation as scheduling
from desktop.services.admin import calendar
from desktop.services.errors import Invalid, PermissionDenied
from desktop.services.mediation import (
    BookingConflict,
    ClosedDay,
    OutsideOpeningHours,
    PartyIsMediator,
    WrongState,
)
from tests.conftest import sign_in
from tests.mediation_support import (
    MONDAY,
    PASSWORD,
    applicant,
    at,
    organisation,
    register,
    respondent,
    setup_mediation,
)


@pytest.fixture
def s(ctx):
    return setup_mediation(ctx)


def _book(ctx, s, dispute, start, end, room="人民调解室一", **kw):
    return scheduling.book_room(ctx.uow(), dispute_id=dispute.id, room_id=s.rooms[room], start=at(MONDAY, start),
                                end=at(MONDAY, end), **kw)


def test_booking_is_stored_with_its_mediators_parties_and_claims(ctx, s):
    d = register(ctx, s)
    b = _book(ctx, s, d, "09:00", "10:30", public=True)
    assert (b.room_name, b.start, b.end, b.state, b.public) == (
        "人民调解室一", at(MONDAY, "09:00"), at(MONDAY, "10:30"), "confirmed", True)
    assert b.mediator_names == ("张国华",) and b.party_names == ("李明", "赵强")
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "scheduled"
    with ctx.uow() as uow:
        keys = set(uow.session.scalars(select(BookingClaim.resource).where(BookingClaim.booking_id == b.id)))
    assert keys == {f"room:{s.rooms['人民调解室一']}", f"mediator:{s.mediators['mediator01']}",
                    f"person:{d.parties[0].person_id}", f"person:{d.parties[1].person_id}"}


def test_same_room_overlap_is_refused_naming_the_room_the_case_and_the_time(ctx, s):
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    _book(ctx, s, first, "09:00", "10:30")
    with pytest.raises(BookingConflict) as err:
        _book(ctx, s, other, "10:00", "11:00")
    (busy,) = err.value.conflicts
    assert (busy.kind, busy.name, busy.case_no, busy.start, busy.end) == (
        "room", "人民调解室一", first.case_no, at(MONDAY, "09:00"), at(MONDAY, "10:30"))
    assert len(scheduling.list_bookings(ctx.uow(), first_day=MONDAY, last_day=MONDAY)) == 1


def test_touching_intervals_are_allowed(ctx, s):
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator01",))
    _book(ctx, s, first, "09:00", "10:00")
    after = _book(ctx, s, other, "10:00", "11:00")  # same room and same mediator, starting as the other ends
    before = _book(ctx, s, other, "08:30", "09:00", room="人民调解室二")
    assert after.state == before.state == "confirmed"


def test_same_mediator_in_another_room_is_refused(ctx, s):
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator01",))
    _book(ctx, s, first, "14:00", "15:00")
    with pytest.raises(BookingConflict) as err:
        _book(ctx, s, other, "14:30", "16:00", room="警民联调室")
    assert [(b.kind, b.name) for b in err.value.conflicts] == [("mediator", "张国华")]


def test_same_party_in_another_dispute_is_refused(ctx, s):
    first = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=2)])
    # 李明 (same ID number) is a respondent in a second dispute with another mediator
    other = register(ctx, s, [applicant("周红", n=3), respondent("李明", n=1)], mediators=("mediator02",))
    assert other.parties[1].person_id == first.parties[0].person_id
    _book(ctx, s, first, "09:00", "10:00")
    with pytest.raises(BookingConflict) as err:
        _book(ctx, s, other, "09:30", "10:30", room="人民调解室二")
    assert [(b.kind, b.name, b.room_name) for b in err.value.conflicts] == [("party", "李明", "人民调解室一")]
    # without 李明 the session can take place
    only = _book(ctx, s, other, "09:30", "10:30", room="人民调解室二", party_ids=[other.parties[0].id])
    assert only.party_names == ("周红",)


def test_an_organisation_party_is_busy_by_its_name(ctx, s):
    first = register(ctx, s, [applicant("李明"), organisation("虎丘物业管理有限公司")], type_name="物业")
    other = register(ctx, s, [applicant("周红"), organisation("虎丘物业 管理有限公司")], mediators=("mediator02",),
                     type_name="物业")
    _book(ctx, s, first, "09:00", "10:00")
    with pytest.raises(BookingConflict) as err:
        _book(ctx, s, other, "09:00", "10:00", room="人民调解室二")
    assert [(b.kind, b.name) for b in err.value.conflicts] == [("party", "虎丘物业 管理有限公司")]


def test_several_conflicts_are_all_named(ctx, s):
    first = register(ctx, s, [applicant("李明", n=1), respondent("赵强", n=2)])
    other = register(ctx, s, [applicant("李明", n=1), respondent("吴刚", n=4)])
    _book(ctx, s, first, "09:00", "10:00")
    with pytest.raises(BookingConflict) as err:
        _book(ctx, s, other, "09:30", "10:30")
    assert sorted((b.kind, b.name) for b in err.value.conflicts) == [
        ("mediator", "张国华"), ("party", "李明"), ("room", "人民调解室一")]


def test_bad_times_are_refused_and_nothing_is_stored(ctx, s):
    d = register(ctx, s)
    with pytest.raises(Invalid) as err:
        _book(ctx, s, d, "10:00", "09:00")
    assert (err.value.field, err.value.reason) == ("end_at", "before_start")
    with pytest.raises(Invalid) as err:
        scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["听证室"],
                             start=dt.datetime(2026, 11, 19, 9), end=dt.datetime(2026, 11, 19, 10))
    assert err.value.reason == "in_past"
    assert scheduling.list_bookings(ctx.uow(), first_day=MONDAY - dt.timedelta(days=7), last_day=MONDAY) == []


def test_outside_opening_hours_and_days_off_are_refused_with_the_reason(admin_ctx, ctx, s):
    d = register(ctx, s)
    with pytest.raises(OutsideOpeningHours) as err:
        _book(ctx, s, d, "17:00", "18:00")
    assert (err.value.opens_at, err.value.closes_at) == (dt.time(8, 30), dt.time(17, 30))
    with pytest.raises(OutsideOpeningHours):
        _book(ctx, s, d, "08:00", "09:00")
    saturday = MONDAY - dt.timedelta(days=2)
    with pytest.raises(ClosedDay) as err:
        scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["听证室"], start=at(saturday, "09:00"),
                             end=at(saturday, "10:00"))
    assert (err.value.day, err.value.note) == (saturday, "")
    calendar.set_day(admin_ctx.uow(), day=MONDAY + dt.timedelta(days=2), is_workday=False, note="镇庆")
    with pytest.raises(ClosedDay) as err:
        scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["听证室"],
                             start=at(MONDAY + dt.timedelta(days=2), "09:00"),
                             end=at(MONDAY + dt.timedelta(days=2), "10:00"))
    assert err.value.note == "镇庆"


def test_override_of_hours_needs_the_permission_and_is_audited(ctx, s):
    d = register(ctx, s)
    supervisor = sign_in(ctx, "supervisor", PASSWORD)
    with pytest.raises(PermissionDenied) as err:
        _book(supervisor, s, d, "17:00", "18:30", override_hours=True)
    assert err.value.permission == "override_booking_hours"
    director = sign_in(ctx, "director", PASSWORD)
    b = _book(director, s, d, "17:00", "18:30", override_hours=True)
    assert b.hours_override is True
    events = [r for r in audit.list_audit(sign_in(ctx, "admin", "Hall2026pw").uow(),
                                          where=audit.AuditFilter(entity="booking"))
              if r.action == "booking.override_hours"]
    assert len(events) == 1 and events[0].actor_name == "director"
    assert (events[0].after["rule"], events[0].entity_id) == ("opening_hours", str(b.id))
    # an override inside the hours changes nothing
    inside = _book(director, s, register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",)),
                   "09:00", "10:00", override_hours=True)
    assert inside.hours_override is False


def test_a_party_who_is_also_the_mediator_is_refused(ctx, s):
    # the volunteer 王德顺 is on record with his phone; as a party with the same name and phone he cannot mediate
    with pytest.raises(PartyIsMediator) as err:
        register(ctx, s, [applicant("王德顺", phone="138 0000 1111"), respondent("赵强")], mediators=("王德顺",))
    assert err.value.name == "王德顺"
    d = register(ctx, s, [applicant("王德顺", phone="13800001111"), respondent("赵强")])
    with pytest.raises(PartyIsMediator):
        _book(ctx, s, d, "09:00", "10:00", mediator_ids=[s.mediators["王德顺"]])
    # a namesake with another phone is somebody else
    assert register(ctx, s, [applicant("王德顺", phone="13900002222"), respondent("赵强")],
                    mediators=("王德顺",)).state == "registered"


def test_tentative_bookings_do_not_block_and_are_checked_when_confirmed(ctx, s):
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    pencilled = _book(ctx, s, first, "09:00", "10:00", tentative=True)
    assert pencilled.state == "tentative"
    taken = _book(ctx, s, other, "09:30", "10:30")  # the room is not occupied by a tentative booking
    with pytest.raises(BookingConflict) as err:
        scheduling.confirm_booking(ctx.uow(), booking_id=pencilled.id)
    assert err.value.conflicts[0].booking_id == taken.id
    scheduling.cancel_booking(ctx.uow(), booking_id=taken.id, reason="当事人申请改期")
    assert scheduling.confirm_booking(ctx.uow(), booking_id=pencilled.id).state == "confirmed"


def test_reschedule_moves_the_claims_and_is_refused_onto_a_conflict(ctx, s):
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    a = _book(ctx, s, first, "09:00", "10:00")
    b = _book(ctx, s, other, "11:00", "12:00")
    with pytest.raises(BookingConflict):
        scheduling.reschedule_booking(ctx.uow(), booking_id=b.id, start=at(MONDAY, "09:30"), end=at(MONDAY, "10:30"))
    moved = scheduling.reschedule_booking(ctx.uow(), booking_id=a.id, start=at(MONDAY, "14:00"),
                                          end=at(MONDAY, "15:30"), room_id=s.rooms["听证室"], version=a.version)
    assert (moved.room_name, moved.start, moved.end) == ("听证室", at(MONDAY, "14:00"), at(MONDAY, "15:30"))
    # the old time is free again, the new one is taken
    assert scheduling.reschedule_booking(ctx.uow(), booking_id=b.id, start=at(MONDAY, "09:00"),
                                         end=at(MONDAY, "10:00")).start == at(MONDAY, "09:00")
    with pytest.raises(BookingConflict):
        _book(ctx, s, other, "15:00", "16:00", room="听证室")
    from desktop.services.errors import Conflict

    with pytest.raises(Conflict):  # a stale version: someone else moved it since
        scheduling.reschedule_booking(ctx.uow(), booking_id=a.id, start=at(MONDAY, "16:00"),
                                      end=at(MONDAY, "17:00"), version=a.version)


def test_cancel_needs_a_reason_and_frees_the_time(ctx, s):
    d = register(ctx, s)
    b = _book(ctx, s, d, "09:00", "10:00")
    with pytest.raises(Invalid) as err:
        scheduling.cancel_booking(ctx.uow(), booking_id=b.id, reason="  ")
    assert err.value.field == "cancel_reason"
    cancelled = scheduling.cancel_booking(ctx.uow(), booking_id=b.id, reason="申请人生病")
    assert (cancelled.state, cancelled.cancel_reason) == ("cancelled", "申请人生病")
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "registered"
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count(BookingClaim.id))) == 0
    assert _book(ctx, s, d, "09:00", "10:00").state == "confirmed"
    with pytest.raises(WrongState):
        scheduling.cancel_booking(ctx.uow(), booking_id=b.id, reason="再次取消")


def test_no_show_only_after_the_start(ctx, s, clock):
    d = register(ctx, s)
    b = _book(ctx, s, d, "09:00", "10:00")
    with pytest.raises(WrongState) as err:
        scheduling.mark_no_show(ctx.uow(), booking_id=b.id)
    assert err.value.state == "not_started"
    clock.at = at(MONDAY, "09:20")
    assert scheduling.mark_no_show(ctx.uow(), booking_id=b.id, note="被申请人未到").state == "no_show"
    assert mediation.get_dispute(ctx.uow(), dispute_id=d.id).state == "registered"


def test_find_slot_skips_busy_times_days_off_and_closed_hours(ctx, s, clock, admin_ctx):
    d = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator01",))
    clock.at = at(MONDAY - dt.timedelta(days=3), "16:50")  # Friday 16:50: 40 minutes left today
    # Monday: the mediator is busy 08:30-12:00 (another case), room 一 is busy 13:00-14:00
    _book(ctx, s, other, "08:30", "12:00", room="人民调解室二")
    _book(ctx, s, register(ctx, s, [applicant("冯一"), respondent("陈二")], mediators=("mediator02",)),
          "13:00", "14:00", room="人民调解室一")
    slots = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=1), mediator_ids=[s.mediators["mediator01"]],
                                  dispute_id=d.id, room_id=s.rooms["人民调解室一"], days=2, limit=6)
    # every free hour of Monday, back to back, then Tuesday from opening
    assert [(o.start, o.end) for o in slots] == [
        (at(MONDAY, "12:00"), at(MONDAY, "13:00")),
        (at(MONDAY, "14:00"), at(MONDAY, "15:00")),
        (at(MONDAY, "15:00"), at(MONDAY, "16:00")),
        (at(MONDAY, "16:00"), at(MONDAY, "17:00")),
        (at(MONDAY + dt.timedelta(days=1), "08:30"), at(MONDAY + dt.timedelta(days=1), "09:30")),
        (at(MONDAY + dt.timedelta(days=1), "09:30"), at(MONDAY + dt.timedelta(days=1), "10:30")),
    ]
    # any room: at 13:00 another room is free, so the Monday afternoon is free from 12:00
    slots = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=1), mediator_ids=[s.mediators["mediator01"]],
                                  dispute_id=d.id, days=1, limit=3)
    assert [o.start for o in slots] == [at(MONDAY, "12:00"), at(MONDAY, "13:00"), at(MONDAY, "14:00")]
    assert len(slots[0].room_ids) == 7 and s.rooms["人民调解室一"] not in slots[1].room_ids
    # a holiday on Tuesday moves the second day to Wednesday
    calendar.set_day(admin_ctx.uow(), day=MONDAY + dt.timedelta(days=1), is_workday=False, note="镇庆")
    slots = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(hours=8), mediator_ids=[s.mediators["mediator01"]],
                                  dispute_id=d.id, room_id=s.rooms["人民调解室一"], days=2)
    assert [o.start for o in slots] == [at(MONDAY + dt.timedelta(days=2), "08:30")]


def test_find_slot_offers_every_free_slot_of_each_day_in_whole_minutes(ctx, s, clock):
    """The floor: 45 minutes asked, the finder offered one slot a day, 08:30–09:14 (a duration taken from a
    booking that carried seconds)."""
    d = register(ctx, s)
    clock.at = dt.datetime(2026, 11, 20, 15, 7, 23, 500000)  # Friday afternoon, a clock with seconds
    slots = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(minutes=44, seconds=59) + dt.timedelta(seconds=1),
                                  mediator_ids=[s.mediators["mediator01"]], dispute_id=d.id,
                                  room_id=s.rooms["人民调解室一"], days=2, limit=100)
    friday = [(o.start.time(), o.end.time()) for o in slots if o.start.date() == dt.date(2026, 11, 20)]
    monday = [(o.start.time(), o.end.time()) for o in slots if o.start.date() == MONDAY]
    assert friday == [(dt.time(15, 15), dt.time(16, 0)), (dt.time(16, 0), dt.time(16, 45)),
                      (dt.time(16, 45), dt.time(17, 30))]
    assert monday[:3] == [(dt.time(8, 30), dt.time(9, 15)), (dt.time(9, 15), dt.time(10, 0)),
                          (dt.time(10, 0), dt.time(10, 45))]
    assert len(monday) == 12 and all(o.start.second == o.end.second == 0 for o in slots)


def test_times_are_whole_minutes_so_back_to_back_sessions_fit(ctx, s, clock):
    """The floor: a booking made with the clock's seconds (16:00:23–17:00:23) showed 16:00–16:45 as 44 minutes and
    refused a 17:00 booking as overlapping 16:00–17:00."""
    d = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator01",))
    first = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=s.rooms["人民调解室一"],
                                 start=at(MONDAY, "16:00") + dt.timedelta(seconds=23, microseconds=411),
                                 end=at(MONDAY, "16:45") + dt.timedelta(seconds=23, microseconds=411))
    assert (first.start, first.end) == (at(MONDAY, "16:00"), at(MONDAY, "16:45"))
    assert first.end - first.start == dt.timedelta(minutes=45)
    # back to back, same room and same mediator
    check = scheduling.check_booking(ctx.uow(), dispute_id=other.id, room_id=s.rooms["人民调解室一"],
                                     start=at(MONDAY, "16:45") + dt.timedelta(seconds=5), end=at(MONDAY, "17:30"))
    assert check.ok
    second = scheduling.book_room(ctx.uow(), dispute_id=other.id, room_id=s.rooms["人民调解室一"],
                                  start=at(MONDAY, "16:45") + dt.timedelta(seconds=5), end=at(MONDAY, "17:30"))
    assert (second.start, second.end) == (at(MONDAY, "16:45"), at(MONDAY, "17:30"))
    moved = scheduling.reschedule_booking(ctx.uow(), booking_id=second.id, start=at(MONDAY, "16:45"),
                                          end=at(MONDAY, "17:30") + dt.timedelta(seconds=59))
    assert moved.end == at(MONDAY, "17:30")
    # overlapping by one minute is still refused
    with pytest.raises(BookingConflict):
        scheduling.book_room(ctx.uow(), dispute_id=other.id, room_id=s.rooms["人民调解室一"],
                             start=at(MONDAY, "16:44"), end=at(MONDAY, "17:00"))


def test_find_slot_starts_after_now_on_the_quarter_hour(ctx, s, clock):
    d = register(ctx, s)
    clock.at = at(MONDAY, "10:07")
    slots = scheduling.find_slots(ctx.uow(), duration=dt.timedelta(minutes=30), mediator_ids=[s.mediators["mediator01"]],
                                  dispute_id=d.id, room_id=s.rooms["听证室"], days=1)
    assert slots[0].start == at(MONDAY, "10:15")


def test_mediator_on_record_as_a_person_is_busy_with_their_own_dispute(ctx, s):
    volunteer = mediation.save_mediator(ctx.uow(), kind="volunteer", name="陶然", organisation="虎丘村调委会",
                                        person=applicant("陶然", n=7).person)
    own = register(ctx, s, [applicant("陶然", n=7), respondent("赵强", n=2)], mediators=("mediator02",))
    _book(ctx, s, own, "09:00", "10:00")
    mediated = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=())
    with pytest.raises(BookingConflict) as err:
        _book(ctx, s, mediated, "09:00", "10:00", room="人民调解室二", mediator_ids=[volunteer.id])
    assert [(b.kind, b.name) for b in err.value.conflicts] == [("mediator", "陶然")]


def test_check_booking_explains_without_booking(ctx, s):
    first = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator02",))
    a = _book(ctx, s, first, "09:00", "10:00")
    check = scheduling.check_booking(ctx.uow(), dispute_id=other.id, room_id=s.rooms["人民调解室一"],
                                     start=at(MONDAY, "09:30"), end=at(MONDAY, "18:00"))
    assert [b.booking_id for b in check.conflicts] == [a.id]
    assert isinstance(check.problem, OutsideOpeningHours) and not check.ok
    # the booking itself does not conflict with its own old time when moved
    check = scheduling.check_booking(ctx.uow(), dispute_id=first.id, room_id=s.rooms["人民调解室一"],
                                     start=at(MONDAY, "09:30"), end=at(MONDAY, "10:30"), exclude_booking_id=a.id)
    assert check.ok


def test_room_day_schedule_masks_names_and_hides_private_subjects(ctx, s):
    d = register(ctx, s)
    _book(ctx, s, d, "09:00", "10:00", public=False)
    _book(ctx, s, d, "14:00", "15:00", public=True)
    sheet = scheduling.room_day_schedule(ctx.uow(), room_id=s.rooms["人民调解室一"], day=MONDAY)
    assert (sheet.room_name, sheet.day, sheet.center_name) == ("人民调解室一", MONDAY, "虎丘镇一站式综合服务中心")
    assert [(e.start.time(), e.title, e.party_names) for e in sheet.entries] == [
        (dt.time(9), "", ("李*", "赵*")), (dt.time(14), "宅基地边界纠纷", ("李*", "赵*"))]


def test_clerk_may_book_but_admin_without_disputes_may_not_register(ctx, s):
    clerk = sign_in(ctx, "clerk01", PASSWORD)
    d = register(clerk, s)
    assert _book(clerk, s, d, "09:00", "10:00").state == "confirmed"
    admin = sign_in(ctx, "admin", "Hall2026pw")
    with pytest.raises(PermissionDenied):
        register(admin, s, [applicant("钱进"), respondent("孙立")])


def test_migration_0013_drops_the_seconds_of_bookings_made_before(ctx, s):
    """Bookings stored with the clock's seconds (16:00:23–17:00:23) kept refusing a 17:00 booking after the fix:
    migration 0013 gives them whole minutes."""
    import importlib.util
    from pathlib import Path

    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    from sqlalchemy import update

    from desktop.models import Booking

    d = register(ctx, s)
    other = register(ctx, s, [applicant("钱进"), respondent("孙立")], mediators=("mediator01",))
    b = _book(ctx, s, d, "16:00", "17:00")
    seconds = dt.timedelta(seconds=23, microseconds=411)
    with ctx.uow() as uow:  # as an older OneStop stored it
        for model in (Booking, BookingClaim):
            key = model.id if model is Booking else model.booking_id
            uow.session.execute(update(model).where(key == b.id).values(
                start_at=at(MONDAY, "16:00") + seconds, end_at=at(MONDAY, "17:00") + seconds))
        uow.commit()
    with pytest.raises(BookingConflict):
        _book(ctx, s, other, "17:00", "17:30")
    path = Path(__file__).resolve().parents[2] / "desktop/migrations/versions/0013_booking_whole_minutes.py"
    spec = importlib.util.spec_from_file_location("m0013", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with ctx.db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        module.upgrade()
    with ctx.uow() as uow:
        claims = set(uow.session.execute(select(BookingClaim.start_at, BookingClaim.end_at).where(
            BookingClaim.booking_id == b.id)))
    assert claims == {(at(MONDAY, "16:00"), at(MONDAY, "17:00"))}
    moved = scheduling.get_booking(ctx.uow(), booking_id=b.id)
    assert (moved.start, moved.end) == (at(MONDAY, "16:00"), at(MONDAY, "17:00"))
    assert _book(ctx, s, other, "17:00", "17:30").start == at(MONDAY, "17:00")
