"""The center's configuration: identity, windows and the services they serve, rooms, departments,
petition categories, dispute types, the working-day calendar and declared settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base


class Center(Base):
    """Exactly one row: who the center is."""

    __tablename__ = "center"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    case_abbr: Mapped[str] = mapped_column(String(10))  # 虎 in （2026）虎信字第034号
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    opens_at: Mapped[dt.time] = mapped_column(default=dt.time(8, 30))
    closes_at: Mapped[dt.time] = mapped_column(default=dt.time(17, 30))
    created_at: Mapped[dt.datetime]


window_service = Table(
    "window_service",
    Base.metadata,
    Column("window_id", ForeignKey("window.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("queue_service.id", ondelete="CASCADE"), primary_key=True),
)


class QueueService(Base):
    """A line visitors queue in; its letter prefixes the ticket number (A001)."""

    __tablename__ = "queue_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter: Mapped[str] = mapped_column(String(1), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    windows: Mapped[list[Window]] = relationship(secondary=window_service, back_populates="services")


class Window(Base):
    __tablename__ = "window"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)

    services: Mapped[list[QueueService]] = relationship(
        secondary=window_service, back_populates="windows", order_by="QueueService.sort_order"
    )


class Room(Base):
    __tablename__ = "room"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="mediation")  # mediation / reception / other
    capacity: Mapped[int] = mapped_column(default=8)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class Department(Base):
    """A responsible unit (责任单位) that petitions are assigned to."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    contact: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class PetitionCategory(Base):
    """Two levels: a domain (parent_id NULL) and the specific categories under it."""

    __tablename__ = "petition_category"
    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_petition_category_parent_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("petition_category.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class DisputeType(Base):
    __tablename__ = "dispute_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class CalendarDay(Base):
    """An exception to the Monday–Friday week: a holiday on a weekday, or a make-up working day (调休)."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    is_workday: Mapped[bool]
    note: Mapped[str] = mapped_column(String(60), default="")


class Setting(Base):
    """A stored value of a declared setting (see desktop.services.admin.settings for the list and defaults)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
