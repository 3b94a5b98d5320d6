"""Demo data of the queue: 90 days of history with realistic arrival peaks (bulk inserts), and today as a day
in progress, played through the real services (windows signed in, tickets waiting, visitors at windows, one
window paused)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
import math
import random

from sqlalchemy import func, insert, select, text

from desktop.clock import Clock, FixedClock
from desktop.db import Actor
from desktop.models import (
    Center,
    QueueEvent,
    QueueService,
    RatingFollowUp,
    Ticket,
    TicketCounter,
    User,
    Window,
)
from desktop.services import queue as q
from desktop.services.admin import settings
from desktop.services.admin.calendar import load_calendar
from desktop.services.errors import ServiceError
from desktop.services.queue import RANK_APPOINTMENT, RANK_NORMAL, RANK_PRIORITY
from desktop.services.queue import queue_order as _ms

HISTORY_DAYS = 90
VISITORS_PER_DAY = 300
# share of visitors and typical minutes of service, per service letter
MIX = {"A": (0.22, 6), "B": (0.08, 14), "C": (0.13, 22), "D": (0.10, 12), "E": (0.07, 15), "F": (0.05, 20),
       "G": (0.16, 8), "H": (0.06, 10), "J": (0.03, 28), "K": (0.06, 9), "L": (0.04, 15)}
WEEKDAY_FACTOR = (1.18, 1.02, 0.97, 0.95, 0.88, 0.5, 0.5)
RATING_WEIGHTS = (("very_satisfied", 62), ("satisfied", 27), ("basically_satisfied", 8), ("dissatisfied", 2.2),
                  ("very_dissatisfied", 0.8))
RECORDS = {
    "A": ["咨询户籍迁移办理流程，已告知所需材料", "首问接待，分流至社保民政窗口", "咨询宅基地审批政策，已解答",
          "反映小区停车难问题，已登记并转城管中队", "咨询老年人优待证办理，已告知流程"],
    "B": ["登记信访事项：土地承包纠纷", "来访反映拆迁补偿问题，已登记受理", "信访事项进展查询，已告知办理情况"],
    "C": ["邻里漏水纠纷，双方同意调解，已预约调解室", "宅基地界址纠纷，已受理并排期调解", "婚姻家庭纠纷咨询，已引导至调解"],
    "D": ["法律援助申请材料初审", "劳动合同纠纷法律咨询", "遗嘱公证事项指引", "借贷纠纷起诉程序咨询"],
    "E": ["欠薪投诉登记，已联系企业核实", "工伤认定咨询，已告知流程", "劳动争议调解申请受理"],
    "F": ["家庭矛盾调解，已约定回访", "离婚财产分割咨询", "赡养纠纷调解受理"],
    "G": ["城乡居民医保缴费咨询", "低保申请材料受理", "临时救助申请登记", "养老保险待遇查询"],
    "H": ["退役军人优待证办理", "残疾人两项补贴申请受理", "退役军人就业政策咨询"],
    "J": ["心理疏导一次，情绪稳定，约定下次时间", "家庭关系困扰疏导"],
    "K": ["12345 工单回复办理", "网格上报事项核实，已派单", "12345 工单：噪音扰民，已转办"],
    "L": ["跨部门协调：道路积水整改督办", "协调督办事项进展汇报"],
}
ANSWERS = ["已电话回访，解释办理时限，群众表示理解", "已约谈窗口工作人员并整改，回访群众认可",
           "经核实为材料不全导致多次往返，已一次性告知并协助补齐", "已上门回访，问题已解决"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉梅志红文斌辉海燕"
CHUNK = 2000


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _arrival(rng: random.Random, day: dt.date, opens: dt.time, closes: dt.time) -> dt.datetime:
    """A visitor's arrival: a morning peak around 9:40, an afternoon peak around 14:40, a few any time."""
    start = dt.datetime.combine(day, opens)
    end = dt.datetime.combine(day, closes) - dt.timedelta(minutes=20)
    while True:
        pick = rng.random()
        if pick < 0.56:
            at = dt.datetime.combine(day, dt.time(9, 40)) + dt.timedelta(minutes=rng.gauss(0, 45))
        elif pick < 0.90:
            at = dt.datetime.combine(day, dt.time(14, 40)) + dt.timedelta(minutes=rng.gauss(0, 50))
        else:
            at = start + (end - start) * rng.random()
        if start <= at < end:
            return at.replace(microsecond=0)


def _service_minutes(rng: random.Random, typical: float) -> float:
    return max(1.0, rng.lognormvariate(math.log(typical), 0.45))


def _letters(rng: random.Random) -> str:
    return rng.choices(list(MIX), weights=[m[0] for m in MIX.values()])[0]


def _rating(rng: random.Random) -> str:
    return rng.choices([r for r, _ in RATING_WEIGHTS], weights=[w for _, w in RATING_WEIGHTS])[0]


@dataclasses.dataclass(frozen=True)
class _W:
    id: int
    number: int
    letters: tuple[str, ...]


class _History:
    """Generates the rows of past days and writes them with bulk inserts."""

    def __init__(self, ctx, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        with ctx.uow() as uow:
            s = uow.session
            self.services = {letter: (sid, name) for sid, letter, name in
                             s.execute(select(QueueService.id, QueueService.letter, QueueService.name))}
            windows = [_W(w.id, w.number, tuple(x.letter for x in w.services)) for w in
                       s.scalars(select(Window).where(Window.active).order_by(Window.number))]
            self.window_of = {letter: [w for w in windows if letter in w.letters] for letter in self.services}
            self.clerk = dict(s.execute(select(User.window_id, User.id).where(User.window_id.is_not(None))).all())
            center = s.scalar(select(Center).limit(1))
            self.opens, self.closes = center.opens_at, center.closes_at
            self.calendar = load_calendar(uow)
            self.ticket_id = s.scalar(select(func.max(Ticket.id))) or 0
            self.event_id = s.scalar(select(func.max(QueueEvent.id))) or 0
        self.tickets, self.events, self.counters, self.follow_ups = [], [], [], []

    def day(self, day: dt.date, today: dt.date, before: dt.datetime | None = None) -> None:
        """One day's visitors, all served or gone; with ``before``, only those who came before it."""
        rng = self.rng
        n = int(rng.gauss(VISITORS_PER_DAY, 35) * WEEKDAY_FACTOR[day.weekday()])
        arrivals = sorted((_arrival(rng, day, self.opens, self.closes), _letters(rng)) for _ in range(n))
        if before is not None:
            arrivals = [a for a in arrivals if a[0] < before]
        free = {w.id: dt.datetime.combine(day, self.opens) for ws in self.window_of.values() for w in ws}
        seq: dict[str, int] = {}
        events = []
        for at, letter in arrivals:
            seq[letter] = seq.get(letter, 0) + 1
            if seq[letter] > q.MAX_SEQ:
                continue
            sid, _name_ = self.services[letter]
            self.ticket_id += 1
            tid = self.ticket_id
            priority = rng.random() < 0.08
            appointment = not priority and rng.random() < 0.04
            rank = RANK_APPOINTMENT if appointment else RANK_PRIORITY if priority else RANK_NORMAL
            number = f"{letter}{seq[letter]:03d}"
            t = dict(id=tid, day=day, service_id=sid, issued_service_id=sid, seq=seq[letter], number=number,
                     priority=priority, appointment_id=None, visitor_name=_name(rng) if appointment else "",
                     status="finished", rank=rank, queue_order=_ms(at), issued_order=_ms(at),
                     target_window_id=None, window_id=None, clerk_id=None, issued_at=at, first_called_at=None,
                     last_called_at=None, call_count=1, started_at=None, finished_at=None, record="",
                     case_kind=None, case_id=None, rating=None, rated_at=None)

            def ev(kind, when, window=None, detail=None, service=None, t=t):
                events.append(dict(at=when, day=day, kind=kind, ticket_id=t["id"], number=t["number"],
                                   service_id=service or t["service_id"], window_no=window,
                                   actor_id=self.clerk.get(t["window_id"]) if window else None, detail=detail))

            ev("issued", at, detail={"priority": priority, "appointment": appointment or None})
            # the window of the service that is free first takes the visitor
            window = min(self.window_of[letter], key=lambda w: free[w.id])
            called = max(at, free[window.id]) + dt.timedelta(seconds=rng.randint(5, 90))
            t.update(window_id=window.id, clerk_id=self.clerk.get(window.id), first_called_at=called,
                     last_called_at=called)
            ev("called", called, window.number, {"call": 1, "waited": int((called - at).total_seconds())})
            if rng.random() < 0.04:  # 过号: three calls, nobody came
                for k in (2, 3):
                    t["last_called_at"] = called + dt.timedelta(seconds=45 * (k - 1))
                    ev("recalled", t["last_called_at"], window.number, {"call": k})
                t.update(status="no_show", call_count=3)
                ev("no_show", t["last_called_at"] + dt.timedelta(seconds=40), window.number, {"calls": 3})
                free[window.id] = t["last_called_at"] + dt.timedelta(seconds=60)
                self.tickets.append(t)
                continue
            start = called + dt.timedelta(seconds=rng.randint(20, 120))
            if letter == "A" and rng.random() < 0.12:  # first contact sends the visitor on (转窗)
                target = rng.choice([x for x in MIX if x != "A"])
                moved = start + dt.timedelta(minutes=rng.uniform(1, 4))
                ev("started", start, window.number)
                ev("transferred", moved, window.number, {"from_service": sid, "to_service": self.services[target][0],
                                                         "position": "front", "to_window": None})
                free[window.id] = moved + dt.timedelta(seconds=30)
                t.update(service_id=self.services[target][0], rank=0, queue_order=_ms(moved))
                letter, at = target, moved
                window = min(self.window_of[letter], key=lambda w: free[w.id])
                called = max(moved, free[window.id]) + dt.timedelta(seconds=rng.randint(5, 60))
                t.update(window_id=window.id, clerk_id=self.clerk.get(window.id), last_called_at=called)
                ev("called", called, window.number, {"call": 1, "waited": int((called - moved).total_seconds())})
                start = called + dt.timedelta(seconds=rng.randint(20, 90))
            finish = start + dt.timedelta(minutes=_service_minutes(rng, MIX[letter][1]))
            finish = finish.replace(microsecond=0)
            t.update(started_at=start, finished_at=finish, record=rng.choice(RECORDS[letter]))
            ev("started", start, window.number)
            ev("finished", finish, window.number, {"service_seconds": int((finish - start).total_seconds())})
            free[window.id] = finish + dt.timedelta(seconds=rng.randint(20, 60))
            if rng.random() < 0.72:
                rating = _rating(rng)
                rated = finish + dt.timedelta(seconds=rng.randint(5, 40))
                t.update(rating=rating, rated_at=rated)
                ev("rated", rated, window.number, {"rating": rating})
                if rating in q.BAD_RATINGS:
                    self.follow_ups.append(self._follow_up(tid, rating, rated, day, today))
            self.tickets.append(t)
        events.sort(key=lambda e: e["at"])
        for e in events:
            self.event_id += 1
            e["id"] = self.event_id
        self.events += events
        self.counters += [dict(day=day, service_id=self.services[k][0], last_seq=min(v, q.MAX_SEQ))
                          for k, v in seq.items()]

    def _follow_up(self, ticket_id: int, rating: str, rated: dt.datetime, day: dt.date, today: dt.date) -> dict:
        """Most follow-ups were answered within their working days, a few late, recent ones may be open."""
        rng = self.rng
        due = self.calendar.add_working_days(day, 5)
        row = dict(ticket_id=ticket_id, rating=rating, opened_at=rated, due_on=due, status="open", answer="",
                   answered_at=None, answered_by=None)
        answer_day = day + dt.timedelta(days=rng.randint(1, 9 if rng.random() < 0.15 else 6))
        if answer_day < today and (due < today or rng.random() < 0.5):
            row.update(status="answered", answer=rng.choice(ANSWERS),
                       answered_at=dt.datetime.combine(answer_day, dt.time(15, rng.randint(0, 59))))
        return row

    def write(self) -> None:
        with self.ctx.uow() as uow:
            s = uow.session
            for table, rows in ((Ticket.__table__, self.tickets), (QueueEvent.__table__, self.events),
                                (TicketCounter.__table__, self.counters),
                                (RatingFollowUp.__table__, self.follow_ups)):
                for i in range(0, len(rows), CHUNK):
                    s.execute(insert(table), rows[i:i + CHUNK])
            if uow.kind == "postgresql":
                for table in ("queue_ticket", "queue_event"):
                    s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
            uow.commit()


def _history(ctx, rng: random.Random, today: dt.date, morning: dt.datetime) -> int:
    """Past days, and today's visitors who came before ``morning`` (all served by now)."""
    h = _History(ctx, rng)
    day = today - dt.timedelta(days=HISTORY_DAYS)
    while day < today:
        if h.calendar.is_workday(day):
            h.day(day, today)
        day += dt.timedelta(days=1)
    past = len(h.tickets)
    h.day(today, today + dt.timedelta(days=1), before=morning)
    h.write()
    return past


def _play_span(ctx, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Today's stretch played through the services: the two hours and a half up to ``now``, kept inside
    opening hours (the earlier part of the day is bulk-generated like history)."""
    with ctx.uow() as uow:
        opens_at, closes_at = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).one()
    opens = dt.datetime.combine(now.date(), opens_at)
    closes = dt.datetime.combine(now.date(), closes_at)
    until = min(max(now, opens + dt.timedelta(hours=2, minutes=30)), closes - dt.timedelta(minutes=30))
    return max(opens, until - dt.timedelta(hours=2, minutes=30)), until


def _today(ctx, rng: random.Random, now: dt.datetime, start: dt.datetime, until: dt.datetime) -> tuple[int, int]:
    """Play today from ``start`` to ``until`` through the services."""
    with ctx.uow() as uow:
        center = uow.session.scalar(select(Center).limit(1))
        opens = dt.datetime.combine(now.date(), center.opens_at)
        staff = {w: Actor(user_id=u, username=n, role=r, window_no=w, full_name=f) for u, n, r, w, f in
                 uow.session.execute(select(User.id, User.username, User.role, Window.number, User.full_name)
                                     .join(Window, Window.id == User.window_id))}
        services = dict(uow.session.execute(select(QueueService.letter, QueueService.id)).all())
        allowed = settings.get_setting(uow, "queue_issue_outside_hours")
        workday = load_calendar(uow).is_workday(now.date())
    clock = FixedClock(start)
    day_ctx = dataclasses.replace(ctx, clock=clock)
    system = day_ctx.as_user(Actor.system("demo"))
    if not workday and not allowed:  # the demo shows a working day even on a Sunday
        settings.update_settings(system.uow(), {"queue_issue_outside_hours": True})
    # appointments: a few for today (checked in on arrival, on a working day) and for the next working day
    with ctx.uow() as uow:
        next_day = load_calendar(uow).next_workday(now.date() + dt.timedelta(days=1))
    codes = []
    for day, count in ((now.date(), 4 if workday else 0), (next_day, 5)):
        for _ in range(count):
            first = start if day == now.date() else opens
            slot = (first + dt.timedelta(minutes=15 * rng.randint(1, 9))).time().replace(second=0)
            booked = q.book_appointment(system.uow(), service_id=services[_letters(rng)], day=day, slot=slot,
                                        visitor_name=_name(rng))
            if day == now.date():
                codes.append((dt.datetime.combine(day, slot) - dt.timedelta(minutes=rng.randint(0, 10)),
                              booked.code))
    # the hall fills a little faster towards the end, so screens show a real line
    span = (until - start).total_seconds()
    arrivals = sorted([start + dt.timedelta(seconds=span * rng.random() ** 0.8)
                       for _ in range(int(VISITORS_PER_DAY * span / 8 / 3600))]
                      + [until - dt.timedelta(seconds=rng.randint(0, 25 * 60)) for _ in range(30)])
    agenda: list[tuple[dt.datetime, int, str, object]] = []
    order = 0

    def plan(at, kind, arg):
        nonlocal order
        order += 1
        heapq.heappush(agenda, (at, order, kind, arg))

    for at in arrivals:
        plan(at, "arrive", _letters(rng))
    for at, code in codes:
        plan(at, "check_in", code)
    for w in staff:
        if w != 15:  # window 15 (心理疏导) has nobody today
            plan(start + dt.timedelta(minutes=rng.randint(0, 8)), "open", w)
    paused_window = 14
    plan(until - dt.timedelta(minutes=6), "pause", paused_window)
    issued = 0
    while agenda and agenda[0][0] <= until:
        at, _, kind, arg = heapq.heappop(agenda)
        clock.at = at
        try:
            if kind == "arrive":
                q.issue_ticket(system.uow(), service_id=services[arg], priority=rng.random() < 0.08)
                issued += 1
            elif kind == "check_in":
                q.check_in_appointment(system.uow(), code=arg)
                issued += 1
            elif kind == "open":
                q.sign_in_window(day_ctx.as_user(staff[arg]).uow())
                plan(at + dt.timedelta(seconds=20), "call", arg)
            elif kind == "pause":
                q.set_paused(day_ctx.as_user(staff[arg]).uow(), paused=True)
            elif kind == "call":
                actor = day_ctx.as_user(staff[arg])
                called = q.call_next(actor.uow())
                if called is None:
                    plan(at + dt.timedelta(seconds=45), "call", arg)
                elif rng.random() < 0.04:
                    plan(at + dt.timedelta(seconds=31), "recall", (arg, called.ticket.id))
                else:
                    plan(at + dt.timedelta(seconds=rng.randint(20, 80)), "start", (arg, called.ticket))
            elif kind == "recall":
                w, tid = arg
                actor = day_ctx.as_user(staff[w])
                try:
                    q.recall(actor.uow(), ticket_id=tid)
                    plan(at + dt.timedelta(seconds=31), "recall", arg)
                except ServiceError:
                    q.mark_no_show(actor.uow(), ticket_id=tid)
                    plan(at + dt.timedelta(seconds=15), "call", w)
            elif kind == "start":
                w, ticket = arg
                q.start_service(day_ctx.as_user(staff[w]).uow(), ticket_id=ticket.id)
                minutes = _service_minutes(rng, MIX[ticket.service_letter][1])
                plan(at + dt.timedelta(minutes=minutes), "finish", arg)
            elif kind == "finish":
                w, ticket = arg
                actor = day_ctx.as_user(staff[w])
                q.finish_service(actor.uow(), ticket_id=ticket.id,
                                 record=rng.choice(RECORDS[ticket.service_letter]))
                if rng.random() < 0.7:
                    clock.at = at + dt.timedelta(seconds=10)
                    q.rate_service(actor.uow(), ticket_id=ticket.id, rating=_rating(rng))
                if w != paused_window or at < until - dt.timedelta(minutes=6):
                    plan(at + dt.timedelta(seconds=rng.randint(15, 50)), "call", w)
        except ServiceError:
            continue  # e.g. the paused window: the demo just moves on, as a clerk would
    if not workday and not allowed:
        settings.update_settings(system.uow(), {"queue_issue_outside_hours": False})
    with ctx.uow() as uow:
        waiting = uow.session.scalar(select(func.count(Ticket.id)).where(
            Ticket.day == now.date(), Ticket.status == "waiting")) or 0
    return issued, waiting


def demo_queue(ctx, rng: random.Random) -> str:
    now = Clock().now()
    start, until = _play_span(ctx, now)
    tickets = _history(ctx, rng, now.date(), start - dt.timedelta(minutes=40))
    issued, waiting = _today(ctx, rng, now, start, until)
    return (f"queue: {HISTORY_DAYS} days of history ({tickets} tickets); today {issued} tickets issued, "
            f"{waiting} waiting")
