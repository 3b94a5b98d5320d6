"""Helpers shared by the petition tests (no tests here): staff of every role, valid ID numbers, and a
shortcut that walks a case through its steps with the right people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stdnum.cn import ric

from desktop.db import Actor
from desktop.services import petitions as pt
from desktop.services.admin import accounts, center
from desktop.services.people import PersonInput

PASSWORD = "pass1234"


def id_number(birth: dt.date = dt.date(1980, 1, 1), seq: int = 123, region: str = "320505") -> str:
    """A valid resident ID number (GB 11643) for the given birth date and sequence number."""
    base = f"{region}{birth:%Y%m%d}{seq:03d}"
    return base + ric.calc_check_digit(base + "0")


@dataclass
class Staff:
    clerk: object
    clerk2: object
    director: object
    supervisor: object
    officer: object      # a handler in department ``dept``
    officer_b: object    # a handler in department ``dept_b``
    mediator: object
    dept: int
    dept_b: int
    category: int        # a level-two category
    category_b: int


def _as(ctx, info) -> object:
    return ctx.as_user(Actor(user_id=info.id, username=info.username, role=info.role, window_no=info.window_no,
                             department_id=info.department_id, full_name=info.full_name))


def make_staff(admin_ctx) -> Staff:
    depts = center.list_departments(admin_ctx.uow())
    dept, dept_b = depts[0].id, depts[1].id
    people = {}
    for username, name, role, window, department in [
        ("clerk", "王芳", "clerk", 2, None), ("clerk2", "李娜", "clerk", 1, None),
        ("director", "陈立新", "director", None, None), ("supervisor", "林慧", "supervisor", None, None),
        ("officer", "赵强", "clerk", None, dept), ("officer_b", "钱明", "clerk", None, dept_b),
        ("mediator", "张国华", "mediator", 3, None),
    ]:
        people[username] = accounts.add_user(admin_ctx.uow(), username=username, full_name=name, role=role,
                                             password=PASSWORD, window_no=window, department_id=department)
    leaves = [c for c in center.list_categories(admin_ctx.uow()) if c.parent_id is not None]
    return Staff(**{k: _as(admin_ctx, v) for k, v in people.items()}, dept=dept, dept_b=dept_b,
                 category=leaves[0].id, category_b=leaves[20].id)


def petitioner(name: str = "张三", *, seq: int = 123, phone: str = "13812345678", village: str = "虎丘村",
               with_id: bool = True, **more) -> PersonInput:
    return PersonInput(name=name, id_number=id_number(seq=seq) if with_id else None, phone=phone,
                       village=village, address=f"{village}1组", grid="第一网格", **more)


def register(ctx, staff: Staff, *, content: str = "村东头工厂夜间噪音扰民，多次反映未解决", people=None,
             category: int | None = None, **more) -> pt.RegisteredCase:
    return pt.register_petition(ctx.uow(), source=more.pop("source", "visit"),
                                petitioners=people or [petitioner()], category_id=category or staff.category,
                                content=content, requests=more.pop("requests", "要求工厂夜间停工"), **more)


def advance(staff: Staff, case_id: int, to: str) -> None:
    """Take a registered case through the six steps up to status ``to``, with the right people."""
    order = ["registered", "assigned", "met", "handling", "concluded", "closed"]
    current = pt.get_case(staff.officer.uow(), case_id=case_id).status
    for status in order[order.index(current) + 1:order.index(to) + 1]:
        v = pt.get_case(staff.officer.uow(), case_id=case_id).version
        if status == "assigned":
            pt.assign_petition(staff.clerk.uow(), case_id=case_id, version=v, department_id=staff.dept)
        elif status == "met":
            pt.record_meeting(staff.officer.uow(), case_id=case_id, version=v,
                              met_on=staff.officer.clock.now().date(), place="领导接访室", note="当面听取诉求")
        elif status == "handling":
            pt.record_handling(staff.officer.uow(), case_id=case_id, version=v, note="现场核查，约谈企业负责人")
        elif status == "concluded":
            pt.conclude_petition(staff.officer.uow(), case_id=case_id, version=v, facts="经核查，噪音属实",
                                 basis="《环境噪声污染防治法》", issuing_body="镇综治办",
                                 decisions=[pt.Decision("要求工厂夜间停工", "支持，已责令整改")])
        elif status == "closed":
            pt.record_follow_up(staff.clerk.uow(), case_id=case_id, version=v, satisfaction="satisfied",
                                method="phone", note="已整改")


def real_ticket(ctx, letter: str = "B") -> int:
    """A ticket issued at the kiosk, for registrations that come from the queue."""
    from desktop.services import queue

    service = next(s for s in center.list_services(ctx.uow()) if s.letter == letter)
    return queue.issue_ticket(ctx.uow(), service_id=service.id).ticket.id
