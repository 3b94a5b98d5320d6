"""SQLAlchemy models, one module per area. Importing this package registers every table."""

from desktop.models.accounts import User
from desktop.models.audit import AuditEntry
from desktop.models.base import Base
from desktop.models.center import (
    CalendarDay,
    Center,
    Department,
    DisputeType,
    PetitionCategory,
    QueueService,
    Room,
    Setting,
    Window,
    window_service,
)

__all__ = [
    "AuditEntry", "Base", "CalendarDay", "Center", "Department", "DisputeType", "PetitionCategory",
    "QueueService", "Room", "Setting", "User", "Window", "window_service",
]
