"""A power cut in the middle of a save: worker processes write a stream of real actions (tickets issued,
called and finished, petitions registered, disputes registered and rooms booked) into one SQLite file
and are killed with SIGKILL at random moments, over several rounds. A worker acknowledges an action only
after its service call returned, by appending it to its own ack file (flushed and fsynced).

Afterwards the database must pass ``PRAGMA integrity_check`` and ``foreign_key_check``, hold every
acknowledged action, and contain nothing half-finished. "Half-finished" means, from the models:

- a ticket whose state fields disagree with its status (called without a window or call time, finished
  without start/finish time, waiting while held by a window), a ticket without its "issued" event or a
  state without the event that led to it, a window holding two tickets, a day's numbering with a gap or
  a counter that disagrees with the tickets;
- a petition without its petitioners (petition_party), without its first timeline step ("register"),
  without its audit entry, or a case number outside the gap-free sequence of its counter;
- a dispute without two parties or without its mediator, or with a serial outside the gap-free sequence;
- a booking without its mediators or parties, or whose resource claims are not exactly the room, the
  mediators and the parties for exactly its time.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import random
import signal
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import (
    AuditEntry,
    Booking,
    BookingClaim,
    BookingMediator,
    BookingParty,
    Dispute,
    DisputeMediator,
    DisputeParty,
    Petition,
    PetitionParty,
    PetitionStep,
    QueueEvent,
    Ticket,
    TicketCounter,
)
from desktop.models.case_numbers import CaseCounter
from desktop.services.admin import center
from tests.conftest import NOW
from tests.mediation_support import MONDAY, setup_mediation

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

WORKERS = 3
ROUNDS = 4
SLOTS_PER_DAY = 32  # 15-minute sessions from 09:00 to 17:00


def _ack(fh, *fields) -> None:
    fh.write(" ".join(str(f) for f in fields) + "\n")
    fh.flush()
    os.fsync(fh.fileno())


def _slot(index: int) -> tuple[dt.datetime, dt.datetime]:
    """The index-th 15-minute slot on the working days from MONDAY (weekends skipped)."""
    day, n = MONDAY, index // SLOTS_PER_DAY
    while n or day.weekday() >= 5:
        if day.weekday() < 5:
            n -= 1
        day += dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=15 * (index % SLOTS_PER_DAY))
    return start, start + dt.timedelta(minutes=15)


def _worker(url: str, ack_path: str, number: int, round_no: int, window_no: int, service_id: int,
            category_id: int, type_id: int, mediator_id: int, room_ids: list[int]) -> None:
    from desktop.clock import FixedClock
    from desktop.services import mediation
    from desktop.services import mediation as scheduling
    from desktop.services import petitions as pt
    from desktop.services import queue as q
    from desktop.services.context import open_database
    from desktop.services.errors import ServiceError
    from desktop.services.mediation import PartyInput
    from desktop.services.people import PersonInput
    from tests.integration.test_petition_helpers import id_number

    rng = random.Random(round_no * 100 + number)
    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    key = (round_no * WORKERS + number) * 1000  # unique people and slots for this worker and round
    # slots interleave: this worker and round takes every (ROUNDS * WORKERS)-th one, so no two ever meet
    booking_slot = round_no * WORKERS + number
    with open(ack_path, "a", encoding="utf-8") as fh:
        # a clerk coming back after the power cut finishes the visitor still held at the window
        held = q.window_status(ctx.uow(), window_no=window_no).ticket
        if held is not None:
            q.finish_service(ctx.uow(), ticket_id=held.id, record=f"after crash {round_no}", window_no=window_no)
            _ack(fh, "finished", held.id, window_no)
        _ack(fh, "ready")
        for i in range(100_000):
            what = rng.random()
            if what < 0.35:
                t = q.issue_ticket(ctx.uow(), service_id=service_id).ticket
                _ack(fh, "issued", t.id, t.number)
            elif what < 0.65:
                try:
                    called = q.call_next(ctx.uow(), window_no=window_no)
                except ServiceError:  # WindowBusy: the last call was not finished yet
                    called = None
                    held = q.window_status(ctx.uow(), window_no=window_no).ticket
                    q.finish_service(ctx.uow(), ticket_id=held.id, record="r", window_no=window_no)
                    _ack(fh, "finished", held.id, window_no)
                if called is not None:
                    _ack(fh, "called", called.ticket.id, window_no)
                    if rng.random() < 0.7:
                        q.finish_service(ctx.uow(), ticket_id=called.ticket.id, record=f"w{window_no} {i}",
                                         window_no=window_no)
                        _ack(fh, "finished", called.ticket.id, window_no)
            elif what < 0.82:
                k = key + i
                person = PersonInput(name="张三", id_number=id_number(dt.date(1940, 1, 1) + dt.timedelta(days=k),
                                                                   seq=k % 1000),
                                     phone="13812345678", village="虎丘村")
                case = pt.register_petition(ctx.uow(), source="visit", petitioners=[person],
                                            category_id=category_id, content=f"村东头工厂夜间噪音扰民 第{k}次记录",
                                            requests="要求停工")
                _ack(fh, "petition", case.id, case.case_no)
            else:
                d = mediation.register_dispute(
                    ctx.uow(), type_id=type_id, source="application", title="宅基地边界纠纷",
                    facts="双方因宅基地边界发生争执。", matters="边界墙的位置。",
                    parties=[PartyInput(side="applicant", person=PersonInput(name=f"李{k_name(key + i)}")),
                             PartyInput(side="respondent", person=PersonInput(name=f"赵{k_name(key + i)}"))],
                    mediator_ids=[mediator_id])
                _ack(fh, "dispute", d.id, d.case_no)
                start, end = _slot(booking_slot)
                room_id = room_ids[booking_slot % len(room_ids)]
                booking_slot += ROUNDS * WORKERS
                b = scheduling.book_room(ctx.uow(), dispute_id=d.id, room_id=room_id,
                                         start=start, end=end)
                _ack(fh, "booking", b.id, d.id)


def k_name(k: int) -> str:
    """A distinct two-character given name for each number (so every party is a different person)."""
    chars = "明华强军伟芳娜敏静丽涛斌超刚平辉鹏杰霞燕"
    return chars[k % 20] + chars[(k // 20) % 20] + chars[(k // 400) % 20]


def _read_acks(paths) -> dict[str, list[list[str]]]:
    acks = defaultdict(list)
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            kind, *rest = line.split(" ")
            acks[kind].append(rest)
    return acks


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_acknowledged_action_and_leaves_nothing_half_done(ctx, tmp_path):
    s = setup_mediation(ctx)
    windows = center.list_windows(ctx.uow())[:WORKERS]
    category = next(c.id for c in center.list_categories(ctx.uow()) if c.parent_id is not None)
    rooms = list(s.rooms.values())
    url = ctx.db.url.render_as_string(hide_password=False)
    path = ctx.db.sqlite_path
    ctx.db.dispose()

    mp_ctx = mp.get_context("forkserver")
    mp_ctx.set_forkserver_preload([__name__])
    rng = random.Random(20261120)
    ack_files = []
    for round_no in range(ROUNDS):
        procs = []
        for n, w in enumerate(windows):
            ack = tmp_path / f"ack-{round_no}-{n}.log"
            ack.touch()
            ack_files.append(ack)
            procs.append(mp_ctx.Process(target=_worker, args=(
                url, str(ack), n, round_no, w.number, w.service_ids[0], category, s.types["邻里"],
                s.mediators["mediator01"], rooms)))
        for p in procs:
            p.start()
        deadline = time.monotonic() + 60
        while not all("ready" in f.read_text() for f in ack_files[-WORKERS:]):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(p.is_alive() for p in procs), "a worker failed: " + str([p.exitcode for p in procs])
            time.sleep(0.05)
        # let them write, then pull the plug on each at its own random moment
        for p in sorted(procs, key=lambda _: rng.random()):
            time.sleep(rng.uniform(0.4, 1.6))
            assert p.is_alive(), f"a worker stopped by itself (exit code {p.exitcode})"
            os.kill(p.pid, signal.SIGKILL)
        for p in procs:
            p.join(timeout=30)
            assert p.exitcode == -signal.SIGKILL

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []

    acks = _read_acks(ack_files)
    for kind in ("issued", "called", "finished", "petition", "dispute", "booking"):
        assert acks[kind], f"no {kind} acknowledged: the stream did not exercise it"

    with ctx.uow() as uow:
        db = uow.session
        tickets = {t.id: t for t in db.scalars(select(Ticket))}
        events = defaultdict(set)
        for ticket_id, kind in db.execute(select(QueueEvent.ticket_id, QueueEvent.kind)):
            events[ticket_id].add(kind)
        window_ids = {w.number: w.id for w in windows}

        # --- tickets: every acknowledged state is stored, and every stored ticket is whole
        for ticket_id, number in acks["issued"]:
            assert tickets[int(ticket_id)].number == number
        for ticket_id, window_no in acks["called"] + acks["finished"]:
            t = tickets[int(ticket_id)]
            assert t.status in ("called", "serving", "finished") and t.window_id == window_ids[int(window_no)]
        finished_acked = {int(t) for t, _ in acks["finished"]}
        assert all(tickets[t].status == "finished" for t in finished_acked)
        held = defaultdict(list)
        for t in tickets.values():
            assert "issued" in events[t.id], t.number
            if t.status == "waiting":
                assert t.window_id is None and t.first_called_at is None and t.call_count == 0
            else:
                assert t.window_id is not None and t.first_called_at is not None and t.call_count >= 1
                assert "called" in events[t.id]
            if t.status in ("called", "serving"):
                held[t.window_id].append(t.id)
            if t.status == "finished":
                assert t.started_at is not None and t.finished_at is not None and "finished" in events[t.id]
        assert all(len(ids) == 1 for ids in held.values())  # a window holds at most one ticket
        seqs = defaultdict(list)
        for t in tickets.values():
            seqs[(t.day, t.issued_service_id)].append(t.seq)
        counters = {(c.day, c.service_id): c.last_seq for c in db.scalars(select(TicketCounter))}
        for key, values in seqs.items():
            assert sorted(values) == list(range(1, len(values) + 1))
            assert counters[key] == len(values)

        # --- petitions
        petitions = {p.id: p for p in db.scalars(select(Petition))}
        for case_id, case_no in acks["petition"]:
            assert petitions[int(case_id)].case_no == case_no
        parties = set(db.scalars(select(PetitionParty.petition_id)))
        first_steps = dict(db.execute(select(PetitionStep.petition_id, func.min(PetitionStep.id))
                                      .group_by(PetitionStep.petition_id)).all())
        first_actions = dict(db.execute(select(PetitionStep.petition_id, PetitionStep.action)
                                        .where(PetitionStep.id.in_(first_steps.values()))).all())
        audited = {(e, i) for e, i in db.execute(select(AuditEntry.entity, AuditEntry.entity_id)
                                                 .where(AuditEntry.operation == "insert"))}
        for p in petitions.values():
            assert p.id in parties, p.case_no
            assert first_actions.get(p.id) == "register", p.case_no
            assert ("petition", str(p.id)) in audited, p.case_no
        counter = {(c.kind, c.year): c.last_no for c in db.scalars(select(CaseCounter))}
        assert sorted(p.case_seq for p in petitions.values()) == list(range(1, len(petitions) + 1))
        assert counter[("信", NOW.year)] == len(petitions)

        # --- disputes
        disputes = {d.id: d for d in db.scalars(select(Dispute))}
        for dispute_id, case_no in acks["dispute"]:
            assert disputes[int(dispute_id)].case_no == case_no
        party_count = dict(db.execute(select(DisputeParty.dispute_id, func.count()).group_by(DisputeParty.dispute_id)).all())
        mediator_count = dict(db.execute(select(DisputeMediator.dispute_id, func.count())
                                         .group_by(DisputeMediator.dispute_id)).all())
        for d in disputes.values():
            assert party_count.get(d.id) == 2 and mediator_count.get(d.id) == 1, d.case_no
        assert sorted(d.serial for d in disputes.values()) == list(range(1, len(disputes) + 1))
        assert counter[("调", NOW.year)] == len(disputes)

        # --- bookings
        from desktop.services.mediation._resources import _booking_resources

        bookings = {b.id: b for b in db.scalars(select(Booking))}
        for booking_id, dispute_id in acks["booking"]:
            assert bookings[int(booking_id)].dispute_id == int(dispute_id)
        claims = defaultdict(set)
        for c in db.scalars(select(BookingClaim)):
            claims[c.booking_id].add((c.resource, c.start_at, c.end_at))
        booked_mediators = dict(db.execute(select(BookingMediator.booking_id, func.count())
                                           .group_by(BookingMediator.booking_id)).all())
        booked_parties = dict(db.execute(select(BookingParty.booking_id, func.count())
                                         .group_by(BookingParty.booking_id)).all())
        for b in bookings.values():
            assert booked_mediators.get(b.id) == 1 and booked_parties.get(b.id) == 2, b.id
            expected = {(r.key, b.start_at, b.end_at) for r in _booking_resources(uow, b)}
            assert claims[b.id] == expected, b.id
            assert ("booking", str(b.id)) in audited

    print(f"\n{ROUNDS} kill rounds x {WORKERS} workers: acknowledged "
          + ", ".join(f"{k} {len(v)}" for k, v in sorted(acks.items()) if k != "ready")
          + f"; stored tickets {len(tickets)}, petitions {len(petitions)}, disputes {len(disputes)}, "
            f"bookings {len(bookings)}")
