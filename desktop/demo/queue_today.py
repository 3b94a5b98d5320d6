"""Today in the demo's hall (desktop.demo.queue), as a day in progress played through the real services from
the morning's bulk-generated visitors on: windows signed in, tickets issued and checked in, visitors called,
served and rating the service, one window paused, and the line still waiting."""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import random

from sqlalchemy import func, select

from desktop.clock import FixedClock
from desktop.db import Actor
from desktop.demo.queue_visitors import (
    MIX,
    RECORDS,
    VISITORS_PER_DAY,
    random_letter,
    random_name,
    random_rating,
    service_minutes,
)
from desktop.models import Center, QueueService, Ticket, User, Window
from desktop.services import queue as q
from desktop.services.admin import settings
from desktop.services.admin.calendar import load_calendar
from desktop.services.errors import ServiceError

PAUSED_WINDOW = 14  # paused six minutes before ``until``
EMPTY_WINDOW = 15  # 心理疏导 has nobody today


def play_span(ctx, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Today's stretch played through the services: the two hours and a half up to ``now``, kept inside
    opening hours (the earlier part of the day is bulk-generated like history)."""
    with ctx.uow() as uow:
        opens_at, closes_at = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).one()
    opens = dt.datetime.combine(now.date(), opens_at)
    closes = dt.datetime.combine(now.date(), closes_at)
    until = min(max(now, opens + dt.timedelta(hours=2, minutes=30)), closes - dt.timedelta(minutes=30))
    return max(opens, until - dt.timedelta(hours=2, minutes=30)), until


def play_today(ctx, rng: random.Random, now: dt.datetime, start: dt.datetime, until: dt.datetime) -> tuple[int, int]:
    """Play today from ``start`` to ``until`` through the services; returns the tickets issued and waiting."""
    with ctx.uow() as uow:
        center = uow.session.scalar(select(Center).limit(1))
        opens = dt.datetime.combine(now.date(), center.opens_at)
        staff = {w: Actor(user_id=u, username=n, role=r, window_no=w, full_name=f) for u, n, r, w, f in
                 uow.session.execute(select(User.id, User.username, User.role, Window.number, User.full_name)
                                     .join(Window, Window.id == User.window_id))}
        services = dict(uow.session.execute(select(QueueService.letter, QueueService.id)).all())
        allowed = settings.get_setting(uow, "queue_issue_outside_hours")
        workday = load_calendar(uow).is_workday(now.date())
    hall = _Hall(ctx, rng, start, until, staff, services)
    if not workday and not allowed:  # the demo shows a working day even on a Sunday
        settings.update_settings(hall.system.uow(), values={"queue_issue_outside_hours": True})
    codes = _appointments(ctx, hall.system, rng, now, start, opens, services, workday)
    # the hall fills a little faster towards the end, so screens show a real line
    span = (until - start).total_seconds()
    arrivals = sorted([start + dt.timedelta(seconds=span * rng.random() ** 0.8)
                       for _ in range(int(VISITORS_PER_DAY * span / 8 / 3600))]
                      + [until - dt.timedelta(seconds=rng.randint(0, 25 * 60)) for _ in range(30)])
    for at in arrivals:
        hall.plan(at, "arrive", random_letter(rng))
    for at, code in codes:
        hall.plan(at, "check_in", code)
    for w in staff:
        if w != EMPTY_WINDOW:
            hall.plan(start + dt.timedelta(minutes=rng.randint(0, 8)), "open", w)
    hall.plan(until - dt.timedelta(minutes=6), "pause", PAUSED_WINDOW)
    hall.run()
    if not workday and not allowed:
        settings.update_settings(hall.system.uow(), values={"queue_issue_outside_hours": False})
    with ctx.uow() as uow:
        waiting = uow.session.scalar(select(func.count(Ticket.id)).where(
            Ticket.day == now.date(), Ticket.status == "waiting")) or 0
    return hall.issued, waiting


def _appointments(ctx, system, rng: random.Random, now: dt.datetime, start: dt.datetime, opens: dt.datetime,
                  services: dict[str, int], workday: bool) -> list[tuple[dt.datetime, str]]:
    """A few appointments for today (checked in on arrival, on a working day) and for the next working day;
    returns today's (arrival, code)."""
    with ctx.uow() as uow:
        next_day = load_calendar(uow).next_workday(now.date() + dt.timedelta(days=1))
    codes = []
    for day, count in ((now.date(), 4 if workday else 0), (next_day, 5)):
        for _ in range(count):
            first = start if day == now.date() else opens
            slot = (first + dt.timedelta(minutes=15 * rng.randint(1, 9))).time().replace(second=0)
            booked = q.book_appointment(system.uow(), service_id=services[random_letter(rng)], day=day, slot=slot,
                                        visitor_name=random_name(rng))
            if day == now.date():
                codes.append((dt.datetime.combine(day, slot) - dt.timedelta(minutes=rng.randint(0, 10)),
                              booked.code))
    return codes


class _Hall:
    """An agenda of what happens in the hall, played in time order with the clock set to each moment."""

    def __init__(self, ctx, rng: random.Random, start: dt.datetime, until: dt.datetime, staff: dict[int, Actor],
                 services: dict[str, int]):
        self.rng, self.until, self.staff, self.services = rng, until, staff, services
        self.clock = FixedClock(start)
        self.day_ctx = dataclasses.replace(ctx, clock=self.clock)
        self.system = self.day_ctx.as_user(Actor.system("demo"))
        self.agenda: list[tuple[dt.datetime, int, str, object]] = []
        self.order = 0
        self.issued = 0

    def plan(self, at, kind, arg):
        self.order += 1
        heapq.heappush(self.agenda, (at, self.order, kind, arg))

    def run(self) -> None:
        while self.agenda and self.agenda[0][0] <= self.until:
            at, _, kind, arg = heapq.heappop(self.agenda)
            self.clock.at = at
            try:
                if kind in ("arrive", "check_in", "open", "pause"):
                    self._hall(at, kind, arg)
                else:
                    self._window(at, kind, arg)
            except ServiceError:
                continue  # e.g. the paused window: the demo just moves on, as a clerk would

    def _hall(self, at, kind, arg) -> None:
        """A visitor takes a ticket or checks in; a window opens or pauses."""
        if kind == "arrive":
            q.issue_ticket(self.system.uow(), service_id=self.services[arg], priority=self.rng.random() < 0.08)
            self.issued += 1
        elif kind == "check_in":
            q.check_in_appointment(self.system.uow(), code=arg)
            self.issued += 1
        elif kind == "open":
            q.sign_in_window(self.day_ctx.as_user(self.staff[arg]).uow())
            self.plan(at + dt.timedelta(seconds=20), "call", arg)
        elif kind == "pause":
            q.set_paused(self.day_ctx.as_user(self.staff[arg]).uow(), paused=True)

    def _window(self, at, kind, arg) -> None:
        """A window calls the next visitor, calls again (no one came: 过号), starts or finishes a service."""
        rng, plan = self.rng, self.plan
        if kind == "call":
            actor = self.day_ctx.as_user(self.staff[arg])
            called = q.call_next(actor.uow())
            if called is None:
                plan(at + dt.timedelta(seconds=45), "call", arg)
            elif rng.random() < 0.04:
                plan(at + dt.timedelta(seconds=31), "recall", (arg, called.ticket.id))
            else:
                plan(at + dt.timedelta(seconds=rng.randint(20, 80)), "start", (arg, called.ticket))
        elif kind == "recall":
            w, tid = arg
            actor = self.day_ctx.as_user(self.staff[w])
            try:
                q.recall(actor.uow(), ticket_id=tid)
                plan(at + dt.timedelta(seconds=31), "recall", arg)
            except ServiceError:
                q.mark_no_show(actor.uow(), ticket_id=tid)
                plan(at + dt.timedelta(seconds=15), "call", w)
        elif kind == "start":
            w, ticket = arg
            q.start_service(self.day_ctx.as_user(self.staff[w]).uow(), ticket_id=ticket.id)
            minutes = service_minutes(rng, MIX[ticket.service_letter][1])
            plan(at + dt.timedelta(minutes=minutes), "finish", arg)
        elif kind == "finish":
            w, ticket = arg
            actor = self.day_ctx.as_user(self.staff[w])
            q.finish_service(actor.uow(), ticket_id=ticket.id, record=rng.choice(RECORDS[ticket.service_letter]))
            if rng.random() < 0.7:
                self.clock.at = at + dt.timedelta(seconds=10)
                q.rate_service(actor.uow(), ticket_id=ticket.id, rating=random_rating(rng))
            if w != PAUSED_WINDOW or at < self.until - dt.timedelta(minutes=6):
                plan(at + dt.timedelta(seconds=rng.randint(15, 50)), "call", w)
