"""Issue 16 item 8: one validation layer, identical on both engines. Random and hostile text (NUL, lone
surrogates, very long strings), dates given as strings, far years and wrongly typed settings go through the
public services that take user input. Each attempt is either stored exactly (read back equal, after the
service's own trimming) or refused with a typed ServiceError naming the field; never an engine error
(sqlalchemy exceptions, DataError, StatementError, TypeError, UnicodeEncodeError)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.models import Appointment, Booking, Dispute, Person, Room, User
from desktop.services import mediation, petitions
from desktop.services import mediation as scheduling
from desktop.services import queue as q
from desktop.services.admin import accounts, center
from desktop.services.admin import settings as settings_service
from desktop.services.errors import Invalid, InvalidInput, ServiceError
from desktop.services.people import PersonInput
from tests.mediation_support import MONDAY, applicant, at, respondent, setup_mediation

HOSTILE = [
    "\x00", "a\x00b", "张\x00三", "\ud800", "x\udfffy", "\ud83d", "x" * 41, "x" * 101, "x" * 201, "x" * 100_000,
    "张" * 5000, "😀" * 30, "=cmd|' /C calc'!A0", "'; DROP TABLE person; --", "%", "_", "\\", "\t\r\n",
    "\u202eRTL", "\ufeffBOM", " ", "", "ordinary", "张三",
]
BAD_DATES = ["2026-13-45", "2026-11-23 10:00", "", 20261123, None, dt.date(2026, 11, 23), dt.datetime(9999, 1, 1, 10),
             dt.datetime(1, 1, 1, 10), dt.datetime(2030, 11, 25, 10)]
ENGINE_ERRORS = "sqlalchemy exceptions, DataError, StatementError, TypeError, UnicodeEncodeError"

any_char = st.characters(blacklist_categories=())  # surrogates and control characters included
hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(any_char, max_size=60),
                         st.text(any_char, min_size=1, max_size=3).map(lambda s: s * 2000))
few = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_n = itertools.count(1)


def attempt(call, readback=None, expected=()):
    """'stored' or 'refused'; anything but a typed ServiceError fails the test."""
    try:
        result = call()
    except ServiceError as exc:
        if isinstance(exc, Invalid):
            assert exc.facts.get("field"), f"{exc!r} names no field"
        return "refused"
    except Exception as exc:  # the engine errors this layer exists to prevent
        pytest.fail(f"engine error {type(exc).__name__}: {exc!r}"[:500])
    if readback is not None:
        got = readback(result)
        assert got in expected, f"stored {got!r}, expected one of {expected!r}"[:500]
    return "stored"


def _variants(value):
    return value, value.strip(), " ".join(value.split()) if isinstance(value, str) else value


def _read(ctx, model, id_, column):
    with ctx.uow() as uow:
        return getattr(uow.session.get(model, id_), column)


# ---------------------------------------------------------------- one service at a time

def try_add_user(ctx, text):
    return attempt(lambda: accounts.add_user(ctx.uow(), username=f"u{next(_n)}", full_name=text, role="clerk",
                                             password="pass1234word"),
                   lambda r: _read(ctx, User, r.id, "full_name"), _variants(text))


def try_room(ctx, text):
    return attempt(lambda: center.save_room(ctx.uow(), id=None, name=text),
                   lambda r: _read(ctx, Room, r.id, "name"), _variants(text))


def try_window(ctx, text):
    return attempt(lambda: center.save_window(ctx.uow(), id=None, number=next(_n) % 90 + 5, name=f"窗口{next(_n)}",
                                              description=text),
                   lambda r: r.description, _variants(text))


def try_petition(ctx, text, field):
    kw = {"name": f"张{next(_n)}", "address": "虎丘村", "content": "要求维修道路。"}
    kw[field] = text
    category = center.list_categories(ctx.uow(), active_only=True)[-1].id

    def readback(r):
        with ctx.uow() as uow:
            if field == "content":
                return petitions.get_case(ctx.uow(), case_id=r.id).content
            return getattr(uow.session.scalars(select(Person).order_by(Person.id.desc())).first(), field)
    return attempt(lambda: petitions.register_petition(
        ctx.uow(), source="visit", petitioners=[PersonInput(name=kw["name"], address=kw["address"])],
        category_id=category, content=kw["content"]), readback, _variants(text))


def try_dispute(ctx, setup, text, field):
    kw = {"title": "宅基地边界纠纷", "facts": "双方争执。", "matters": "边界墙。", "party": f"李{next(_n)}"}
    kw[field] = text
    column = {"party": "party_names"}.get(field, field)

    def readback(r):
        value = _read(ctx, Dispute, r.id, column)
        return value.split("、")[0] if field == "party" else value
    return attempt(lambda: mediation.register_dispute(
        ctx.uow(), type_id=next(iter(setup.types.values())), source="application", title=kw["title"],
        facts=kw["facts"], matters=kw["matters"], parties=[applicant(kw["party"]), respondent(f"赵{next(_n)}")]),
        readback, _variants(text))


def try_booking(ctx, setup, dispute_id, start, note="调解"):
    end = start + dt.timedelta(hours=1) if isinstance(start, dt.datetime) else start
    rooms = list(setup.rooms.values())
    return attempt(lambda: scheduling.book_room(ctx.uow(), dispute_id=dispute_id, room_id=rooms[next(_n) % len(rooms)],
                                                start=start, end=end, note=note),
                   lambda r: _read(ctx, Booking, r.id, "note"), _variants(note) if isinstance(note, str) else ())


def try_appointment(ctx, name, day=MONDAY, slot=dt.time(9, 0)):
    service_id = q.list_services(ctx.uow())[0].id if hasattr(q, "list_services") else center.list_services(ctx.uow())[0].id
    return attempt(lambda: q.book_appointment(ctx.uow(), service_id=service_id, day=day, slot=slot, visitor_name=name),
                   lambda r: _read(ctx, Appointment, r.id, "visitor_name"), _variants(name) if isinstance(name, str) else ())


def try_setting(ctx, key, value):
    def readback(_):
        return settings_service.read_settings(ctx.uow())[key]
    return attempt(lambda: settings_service.update_settings(ctx.uow(), values={key: value}), readback, (value,))


# ---------------------------------------------------------------- the properties

@few
@given(text=hostile_text)
def test_accounts_and_center_store_exactly_or_refuse(ctx, text):
    try_add_user(ctx, text)
    try_room(ctx, text)
    try_window(ctx, text)


@few
@given(text=hostile_text, field=st.sampled_from(["name", "address", "content"]))
def test_petition_registration_stores_exactly_or_refuses(ctx, text, field):
    try_petition(ctx, text, field)


@pytest.fixture
def mediation_ctx(ctx):
    setup = setup_mediation(ctx)
    dispute = mediation.register_dispute(
        ctx.uow(), type_id=next(iter(setup.types.values())), source="application", title="宅基地边界纠纷",
        facts="双方争执。", matters="边界墙。", parties=[applicant("李明"), respondent("赵强")])
    return ctx, setup, dispute.id


@few
@given(text=hostile_text, field=st.sampled_from(["title", "facts", "matters", "party"]))
def test_dispute_registration_stores_exactly_or_refuses(mediation_ctx, text, field):
    ctx, setup, _ = mediation_ctx
    try_dispute(ctx, setup, text, field)


@few
@given(note=hostile_text, start=st.one_of(
    st.sampled_from(BAD_DATES),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.integers(0, 24 * 60).map(lambda m: at(MONDAY + dt.timedelta(days=m % 700), "08:30") + dt.timedelta(minutes=m))))
def test_booking_stores_exactly_or_refuses(mediation_ctx, note, start):
    ctx, setup, dispute_id = mediation_ctx
    try_booking(ctx, setup, dispute_id, start, note)


@few
@given(name=hostile_text, day=st.one_of(st.sampled_from(BAD_DATES), st.dates()),
       slot=st.one_of(st.sampled_from(["10:00", "", None, 930, dt.time(9, 30)]), st.times()))
def test_appointment_stores_exactly_or_refuses(ctx, name, day, slot):
    try_appointment(ctx, name, day, slot)


SETTING_VALUES = st.one_of(st.sampled_from(["yes", -1, True, False, None, 1.5, "15", 10**30, [], {}, "\x00", "\ud800"]),
                           st.integers(-10, 2000), hostile_text, st.booleans())


@few
@given(key=st.sampled_from(["lockout_minutes", "idle_lock_minutes", "queue_issue_outside_hours",
                            "mediation_committee", "booking_max_days_ahead", "petition_review_body"]),
       value=SETTING_VALUES)
def test_settings_are_typed_and_range_checked(ctx, key, value):
    try_setting(ctx, key, value)


# ---------------------------------------------------------------- the attacks of the issue, by name

def test_issue_attacks_are_refused_with_the_field(mediation_ctx):
    ctx, setup, dispute_id = mediation_ctx
    for value, reason in [("x" * 100_000, "too_long"), ("张\x00三", "nul"), ("x\udfffy", "surrogate")]:
        with pytest.raises(InvalidInput) as caught:
            accounts.add_user(ctx.uow(), username=f"u{next(_n)}", full_name=value, role="clerk", password="pass1234word")
        assert caught.value.facts["field"] == "user_account.full_name" and caught.value.facts["reason"] == reason
    with pytest.raises(InvalidInput) as caught:
        scheduling.book_room(ctx.uow(), dispute_id=dispute_id, room_id=next(iter(setup.rooms.values())),
                             start="2026-13-45", end="2026-13-45 11:00")
    assert caught.value.facts["reason"] == "type"
    with pytest.raises(InvalidInput) as caught:
        scheduling.book_room(ctx.uow(), dispute_id=dispute_id, room_id=next(iter(setup.rooms.values())),
                             start=dt.datetime(9999, 11, 22, 10), end=dt.datetime(9999, 11, 22, 11))
    assert caught.value.facts["reason"] == "year"
    with pytest.raises(InvalidInput) as caught:  # a Monday beyond the declared two years
        scheduling.book_room(ctx.uow(), dispute_id=dispute_id, room_id=next(iter(setup.rooms.values())),
                             start=dt.datetime(2030, 11, 25, 10), end=dt.datetime(2030, 11, 25, 11))
    assert caught.value.facts["reason"] == "too_far_ahead" and caught.value.facts["limit"] == 730
    for value in ("yes", -1, True):
        with pytest.raises(Invalid) as caught:
            settings_service.update_settings(ctx.uow(), values={"lockout_minutes": value})
        assert caught.value.facts["field"] == "lockout_minutes"
    assert settings_service.read_settings(ctx.uow())["lockout_minutes"] == 15


# ---------------------------------------------------------------- the bad-input table of the closing note

def test_bad_input_table(mediation_ctx, db_url):
    """About 50 hostile inputs per engine through the services above: counts for the closing note."""
    ctx, setup, dispute_id = mediation_ctx
    counts = {"tried": 0, "refused": 0, "stored": 0, "engine errors": 0}

    def run(call):
        counts["tried"] += 1
        try:
            counts[call()] += 1
        except pytest.fail.Exception:
            counts["engine errors"] += 1

    for text in HOSTILE[:12]:
        run(lambda t=text: try_add_user(ctx, t))
        run(lambda t=text: try_petition(ctx, t, "name"))
        run(lambda t=text: try_dispute(ctx, setup, t, "title"))
    for start in BAD_DATES:
        run(lambda s=start: try_booking(ctx, setup, dispute_id, s))
    for day in ("2026-13-45", dt.date(9999, 1, 4), "", None):
        run(lambda d=day: try_appointment(ctx, "张三", d))
    for value in ("yes", -1, True, None, 1.5, "15", 10**30):
        run(lambda v=value: try_setting(ctx, "lockout_minutes", v))
    engine = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    out = Path(os.environ.get("ONESTOP_BAD_INPUT_DIR", "build")) / f"bad-input-{engine}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(counts))
    assert counts["engine errors"] == 0, counts
