"""Demo data of the matter register: the last four weeks of window matters at 综合受理 (window 1), 法律援助
(window 7) and the other citizen-service windows — consultations answered at once, matters handed over to
another window or a department and acknowledged there, and today a few handovers still waiting (one of them
past the alert time), so the clerks' 待接收事项 and the director's board have something to show.

Everything goes through the real services with the clock at the moment it would have happened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from desktop.clock import FixedClock
from desktop.db import Actor
from desktop.demo.queue_visitors import random_name
from desktop.services import matters
from desktop.services.admin import accounts, center
from desktop.services.admin.calendar import load_calendar
from desktop.services.people import PersonInput

ASKED = {
    "法律援助": ["工伤赔偿，单位不认，想申请法律援助", "被拖欠工资八个月，请求法律援助起诉", "交通事故赔偿纠纷，经济困难请求援助"],
    "社会保障": ["咨询城乡居民养老保险补缴", "医保异地就医备案怎么办", "失业保险金申领"],
    "民政救助": ["因病致贫申请临时救助", "低保资格复核", "残疾人两项补贴申请"],
    "法律咨询": ["离婚后子女抚养费标准", "宅基地继承怎么办理", "租房押金不退怎么办"],
    "政策咨询": ["老旧小区加装电梯补贴政策", "退役军人优待证办理", "创业担保贷款条件"],
}
WINDOWS = [("clerk01", 1), ("clerk07", 7), ("clerk08", 8), ("clerk11", 11)]


def _actor(ctx, users, username: str, when: dt.datetime):
    u = users[username]
    actor = Actor(u.id, u.username, u.role, u.window_no, u.department_id, u.full_name)
    return dataclasses.replace(ctx, clock=FixedClock(when), actor=actor)


def _person(rng: random.Random) -> PersonInput:
    return PersonInput(name=random_name(rng), phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}")


def demo_matters(ctx, rng: random.Random) -> str:
    users = {u.username: u for u in accounts.list_users(ctx.uow())}
    departments = center.list_departments(ctx.uow())
    now = ctx.clock.now().replace(second=0, microsecond=0)
    with ctx.uow() as uow:
        cal = load_calendar(uow)
    days = [d for d in (now.date() - dt.timedelta(days=n) for n in range(28, 0, -1)) if cal.is_workday(d)]
    counts = {"done": 0, "handed": 0, "waiting": 0}
    for day in days:
        for _ in range(rng.randint(1, 3)):
            username, window = rng.choice(WINDOWS)
            service = rng.choice(list(ASKED))
            at = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=rng.randrange(0, 420))
            clerk = _actor(ctx, users, username, at)
            done = rng.random() < 0.7
            matter_id, _code = matters.register_window_matter(
                clerk.uow(), service=service, summary=rng.choice(ASKED[service]), person=_person(rng),
                outcome="当场解答，告知办理流程和所需材料" if done else "", done=done)
            if done:
                counts["done"] += 1
                continue
            to_window = 7 if window != 7 else 1
            handed = matters.hand_over(clerk.uow(), matter_id=matter_id, to_kind="window", to_ref=to_window,
                                       reason="需法律援助窗口审查" if to_window == 7 else "需综合受理窗口统一登记")
            receiver = _actor(ctx, users, "clerk07" if to_window == 7 else "clerk01", at + dt.timedelta(minutes=40))
            matters.acknowledge(receiver.uow(), handover_id=handed.id)
            counts["handed"] += 1
    for hours, dept in ((6, departments[0]), (1, departments[1])):  # today: one late, one fresh
        at = now - dt.timedelta(hours=hours)
        clerk = _actor(ctx, users, "clerk01", at)
        matter_id, _code = matters.register_window_matter(
            clerk.uow(), service="民政救助", summary="独居老人申请居家养老服务补贴", person=_person(rng))
        matters.hand_over(clerk.uow(), matter_id=matter_id, to_kind="department", to_ref=dept.id,
                          reason="需责任单位上门核实")
        counts["waiting"] += 1
    return (f"matters: {counts['done']} answered at the window, {counts['handed']} handed over and acknowledged, "
            f"{counts['waiting']} handovers waiting")
