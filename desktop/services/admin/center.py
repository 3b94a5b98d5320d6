"""The center's configuration: identity and first-run setup, windows and their services, rooms,
departments, petition categories and dispute types."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desktop import config
from desktop.db import UnitOfWork
from desktop.models import (
    Center,
    Department,
    DisputeType,
    PetitionCategory,
    QueueService,
    Room,
    Window,
)
from desktop.services.admin.calendar import seed_calendar
from desktop.services.errors import Duplicate, Invalid, NotFound
from desktop.services.permissions import Permission, require

WINDOW_NUMBERS = range(1, 100)


@dataclass(frozen=True)
class CenterInfo:
    name: str
    case_abbr: str
    address: str
    phone: str
    opens_at: dt.time
    closes_at: dt.time


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    letter: str
    name: str
    description: str
    sort_order: int
    active: bool


@dataclass(frozen=True)
class WindowInfo:
    id: int
    number: int
    name: str
    description: str
    active: bool
    service_ids: tuple[int, ...]
    service_letters: tuple[str, ...]


@dataclass(frozen=True)
class RoomInfo:
    id: int
    name: str
    kind: str
    capacity: int
    sort_order: int
    active: bool


@dataclass(frozen=True)
class NamedItem:
    """A department, a dispute type or a petition category (parent_id set on level-two categories)."""

    id: int
    name: str
    sort_order: int
    active: bool
    parent_id: int | None = None
    contact: str = ""
    phone: str = ""


def case_number(case_abbr: str, kind: str, year: int, serial: int) -> str:
    """A case number as printed on documents: ``case_number("虎", "信", 2026, 34)`` → （2026）虎信字第034号.
    ``kind`` is the one-character case type (信 petition, 调 mediation)."""
    return f"（{year}）{case_abbr}{kind}字第{serial:03d}号"


def load_seed() -> dict:
    return json.loads((config.resources_dir() / "seed" / "center.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- identity and first run

def _check_center(name: str, case_abbr: str, opens_at: dt.time, closes_at: dt.time) -> None:
    if not name.strip():
        raise Invalid(field="name", reason="empty")
    if not case_abbr.strip() or len(case_abbr.strip()) > 4:
        raise Invalid(field="case_abbr", reason="length", maximum=4)
    if opens_at >= closes_at:
        raise Invalid(field="closes_at", reason="before_opening")


def is_set_up(uow: UnitOfWork) -> bool:
    with uow:
        return uow.session.scalar(select(func.count(Center.id))) > 0


def setup_center(uow: UnitOfWork, *, name: str, case_abbr: str, admin_username: str, admin_full_name: str,
                 admin_password: str, opens_at: dt.time = dt.time(8, 30),
                 closes_at: dt.time = dt.time(17, 30)) -> None:
    """First run: the center, its default windows, services, rooms, departments, categories, dispute types
    and working-day calendar from the seed data, and the first administrator — all in one transaction."""
    from desktop.models import User
    from desktop.services.admin.accounts import USERNAME, _hasher, check_password_policy

    with uow:
        if uow.session.scalar(select(func.count(Center.id))):
            raise Duplicate(entity="center", field="name", value=name)
        _check_center(name, case_abbr, opens_at, closes_at)
        if not USERNAME.match(admin_username.strip()):
            raise Invalid(field="username", reason="format")
        if not admin_full_name.strip():
            raise Invalid(field="full_name", reason="empty")
        check_password_policy(uow, admin_password, username=admin_username.strip())
        uow.action = "center.setup"
        now = uow.now()
        s = uow.session
        s.add(Center(name=name.strip(), case_abbr=case_abbr.strip(), opens_at=opens_at, closes_at=closes_at,
                     address="", phone="", created_at=now))
        seed = load_seed()
        services = {}
        for i, item in enumerate(seed["services"]):
            services[item["letter"]] = QueueService(sort_order=i, active=True, **item)
            s.add(services[item["letter"]])
        for item in seed["windows"]:
            s.add(Window(number=item["number"], name=item["name"], description=item["description"], active=True,
                         services=[services[x] for x in item["services"]]))
        for i, item in enumerate(seed["rooms"]):
            s.add(Room(sort_order=i, active=True, **item))
        for i, dept in enumerate(seed["departments"]):
            s.add(Department(name=dept, sort_order=i, active=True, contact="", phone=""))
        for i, (domain, children) in enumerate(seed["categories"].items()):
            parent = PetitionCategory(name=domain, sort_order=i, active=True)
            s.add(parent)
            s.flush()
            for j, child in enumerate(children):
                s.add(PetitionCategory(name=child, parent_id=parent.id, sort_order=j, active=True))
        for i, name_ in enumerate(seed["dispute_types"]):
            s.add(DisputeType(name=name_, sort_order=i, active=True))
        seed_calendar(uow, since_year=now.year - 1)
        s.add(User(username=admin_username.strip(), full_name=admin_full_name.strip(), role="admin",
                   password_hash=_hasher.hash(admin_password), active=True, failed_logins=0, created_at=now,
                   phone=""))
        uow.commit()


def get_center(uow: UnitOfWork) -> CenterInfo | None:
    with uow:
        c = uow.session.scalar(select(Center).limit(1))
        return None if c is None else CenterInfo(c.name, c.case_abbr, c.address, c.phone, c.opens_at, c.closes_at)


def update_center(uow: UnitOfWork, *, name: str, case_abbr: str, address: str = "", phone: str = "",
                  opens_at: dt.time, closes_at: dt.time) -> CenterInfo:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        _check_center(name, case_abbr, opens_at, closes_at)
        c = uow.session.scalar(select(Center).limit(1))
        if c is None:
            raise NotFound(entity="center", key=1)
        uow.action = "center.update"
        c.name, c.case_abbr, c.address, c.phone = name.strip(), case_abbr.strip(), address.strip(), phone.strip()
        c.opens_at, c.closes_at = opens_at, closes_at
        uow.commit()
        return CenterInfo(c.name, c.case_abbr, c.address, c.phone, c.opens_at, c.closes_at)


# ---------------------------------------------------------------- services and windows

def _service_info(q: QueueService) -> ServiceInfo:
    return ServiceInfo(q.id, q.letter, q.name, q.description, q.sort_order, q.active)


def list_services(uow: UnitOfWork) -> list[ServiceInfo]:
    with uow:
        return [_service_info(q) for q in uow.session.scalars(
            select(QueueService).order_by(QueueService.sort_order, QueueService.letter))]


def save_service(uow: UnitOfWork, *, id: int | None, letter: str, name: str, description: str = "",
                 sort_order: int = 0, active: bool = True) -> ServiceInfo:
    letter = letter.strip().upper()
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        if len(letter) != 1 or not ("A" <= letter <= "Z"):
            raise Invalid(field="letter", reason="letter")
        if not name.strip():
            raise Invalid(field="name", reason="empty")
        for field, value in (("letter", letter), ("name", name.strip())):
            other = uow.session.scalar(select(QueueService.id).where(getattr(QueueService, field) == value))
            if other is not None and other != id:
                raise Duplicate(entity="service", field=field, value=value)
        q = _get(uow, QueueService, id) if id else QueueService()
        uow.action = "service.save"
        q.letter, q.name, q.description, q.sort_order, q.active = letter, name.strip(), description, sort_order, active
        uow.session.add(q)
        uow.session.flush()
        info = _service_info(q)
        uow.commit()
        return info


def _window_info(w: Window) -> WindowInfo:
    return WindowInfo(w.id, w.number, w.name, w.description, w.active,
                      tuple(s.id for s in w.services), tuple(s.letter for s in w.services))


def list_windows(uow: UnitOfWork) -> list[WindowInfo]:
    with uow:
        rows = uow.session.scalars(select(Window).options(selectinload(Window.services)).order_by(Window.number))
        return [_window_info(w) for w in rows]


def save_window(uow: UnitOfWork, *, id: int | None, number: int, name: str, description: str = "",
                service_ids: list[int] = (), active: bool = True) -> WindowInfo:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        if number not in WINDOW_NUMBERS:
            raise Invalid(field="number", reason="range", minimum=1, maximum=99)
        if not name.strip():
            raise Invalid(field="name", reason="empty")
        other = uow.session.scalar(select(Window.id).where(Window.number == number))
        if other is not None and other != id:
            raise Duplicate(entity="window", field="number", value=number)
        w = _get(uow, Window, id) if id else Window()
        services = [_get(uow, QueueService, sid) for sid in service_ids]
        uow.action = "window.save"
        w.number, w.name, w.description, w.active = number, name.strip(), description, active
        w.services = services
        uow.session.add(w)
        uow.session.flush()
        info = _window_info(w)
        uow.commit()
        return info


# ---------------------------------------------------------------- rooms

def _room_info(r: Room) -> RoomInfo:
    return RoomInfo(r.id, r.name, r.kind, r.capacity, r.sort_order, r.active)


def list_rooms(uow: UnitOfWork, *, active_only: bool = False) -> list[RoomInfo]:
    with uow:
        q = select(Room).order_by(Room.sort_order, Room.id)
        if active_only:
            q = q.where(Room.active)
        return [_room_info(r) for r in uow.session.scalars(q)]


def save_room(uow: UnitOfWork, *, id: int | None, name: str, kind: str = "mediation", capacity: int = 8,
              sort_order: int = 0, active: bool = True) -> RoomInfo:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        if not name.strip():
            raise Invalid(field="name", reason="empty")
        if not 1 <= capacity <= 500:
            raise Invalid(field="capacity", reason="range", minimum=1, maximum=500)
        _unique(uow, Room, "name", name.strip(), id, "room")
        r = _get(uow, Room, id) if id else Room()
        uow.action = "room.save"
        r.name, r.kind, r.capacity, r.sort_order, r.active = name.strip(), kind, capacity, sort_order, active
        uow.session.add(r)
        uow.session.flush()
        info = _room_info(r)
        uow.commit()
        return info


# ---------------------------------------------------------------- departments, categories, dispute types

def list_departments(uow: UnitOfWork, *, active_only: bool = False) -> list[NamedItem]:
    with uow:
        q = select(Department).order_by(Department.sort_order, Department.id)
        if active_only:
            q = q.where(Department.active)
        return [NamedItem(d.id, d.name, d.sort_order, d.active, None, d.contact, d.phone)
                for d in uow.session.scalars(q)]


def save_department(uow: UnitOfWork, *, id: int | None, name: str, contact: str = "", phone: str = "",
                    sort_order: int = 0, active: bool = True) -> NamedItem:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        if not name.strip():
            raise Invalid(field="name", reason="empty")
        _unique(uow, Department, "name", name.strip(), id, "department")
        d = _get(uow, Department, id) if id else Department()
        uow.action = "department.save"
        d.name, d.contact, d.phone, d.sort_order, d.active = name.strip(), contact, phone, sort_order, active
        uow.session.add(d)
        uow.session.flush()
        info = NamedItem(d.id, d.name, d.sort_order, d.active, None, d.contact, d.phone)
        uow.commit()
        return info


def list_categories(uow: UnitOfWork, *, active_only: bool = False) -> list[NamedItem]:
    """Both levels: domains first-level (parent_id None), each followed by its categories."""
    with uow:
        q = select(PetitionCategory).order_by(PetitionCategory.sort_order, PetitionCategory.id)
        if active_only:
            q = q.where(PetitionCategory.active)
        rows = list(uow.session.scalars(q))
        out = []
        for parent in (r for r in rows if r.parent_id is None):
            out.append(NamedItem(parent.id, parent.name, parent.sort_order, parent.active, None))
            out += [NamedItem(c.id, c.name, c.sort_order, c.active, c.parent_id)
                    for c in rows if c.parent_id == parent.id]
        return out


def save_category(uow: UnitOfWork, *, id: int | None, name: str, parent_id: int | None, sort_order: int = 0,
                  active: bool = True) -> NamedItem:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        if not name.strip():
            raise Invalid(field="name", reason="empty")
        if parent_id is not None:
            parent = _get(uow, PetitionCategory, parent_id)
            if parent.parent_id is not None:
                raise Invalid(field="parent_id", reason="two_levels")
        other = uow.session.scalar(select(PetitionCategory.id).where(
            PetitionCategory.name == name.strip(),
            PetitionCategory.parent_id.is_(None) if parent_id is None else PetitionCategory.parent_id == parent_id))
        if other is not None and other != id:
            raise Duplicate(entity="category", field="name", value=name.strip())
        c = _get(uow, PetitionCategory, id) if id else PetitionCategory()
        if id and parent_id is not None and uow.session.scalar(
                select(func.count(PetitionCategory.id)).where(PetitionCategory.parent_id == id)):
            raise Invalid(field="parent_id", reason="two_levels")
        uow.action = "category.save"
        c.name, c.parent_id, c.sort_order, c.active = name.strip(), parent_id, sort_order, active
        uow.session.add(c)
        uow.session.flush()
        info = NamedItem(c.id, c.name, c.sort_order, c.active, c.parent_id)
        uow.commit()
        return info


def list_dispute_types(uow: UnitOfWork, *, active_only: bool = False) -> list[NamedItem]:
    with uow:
        q = select(DisputeType).order_by(DisputeType.sort_order, DisputeType.id)
        if active_only:
            q = q.where(DisputeType.active)
        return [NamedItem(t.id, t.name, t.sort_order, t.active) for t in uow.session.scalars(q)]


def save_dispute_type(uow: UnitOfWork, *, id: int | None, name: str, sort_order: int = 0, active: bool = True) -> NamedItem:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        if not name.strip():
            raise Invalid(field="name", reason="empty")
        _unique(uow, DisputeType, "name", name.strip(), id, "dispute_type")
        t = _get(uow, DisputeType, id) if id else DisputeType()
        uow.action = "dispute_type.save"
        t.name, t.sort_order, t.active = name.strip(), sort_order, active
        uow.session.add(t)
        uow.session.flush()
        info = NamedItem(t.id, t.name, t.sort_order, t.active)
        uow.commit()
        return info


# ---------------------------------------------------------------- helpers

def _get(uow, model, id_):
    row = uow.session.get(model, id_)
    if row is None:
        raise NotFound(entity=model.__tablename__, key=id_)
    return row


def _unique(uow, model, field: str, value, id_, entity: str) -> None:
    other = uow.session.scalar(select(model.id).where(getattr(model, field) == value))
    if other is not None and other != id_:
        raise Duplicate(entity=entity, field=field, value=value)
