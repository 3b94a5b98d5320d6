"""The declared list of the center's adjustable numbers, with defaults. Stored values live in the
``setting`` table; a setting nobody changed reads its default. Later areas add their own entries here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.models import Setting
from desktop.services.errors import Invalid, InvalidInput, NotFound
from desktop.services.permissions import Permission, require
from desktop.validation import check_text

TEXT_SETTING_MAX = 200  # a text setting (a committee's name, a retention period) is one line


@dataclass(frozen=True)
class Declared:
    key: str
    default: Any
    minimum: int | None = None
    maximum: int | None = None


DECLARED: dict[str, Declared] = {d.key: d for d in [
    Declared("password_min_length", 8, 6, 64),
    Declared("lockout_attempts", 5, 3, 20),
    Declared("lockout_minutes", 15, 1, 1440),
    Declared("idle_lock_minutes", 10, 0, 240),  # 0: the screen never locks
]}


# The modules that declare settings at import time; imported before the whole list is read, so the
# Center screen shows every area's settings even when that area has not been opened yet.
DECLARING_MODULES = (
    "desktop.services.queue", "desktop.services.deadlines", "desktop.services.petitions",
    "desktop.services.mediation",
    "desktop.services.intake", "desktop.services.case_files", "desktop.services.backup",
    "desktop.services.calendar",
)


def _load_declarations() -> None:
    import importlib

    for module in DECLARING_MODULES:
        importlib.import_module(module)


def load_declarations() -> None:
    """Make sure every area's settings are declared (for a service that reads another area's setting)."""
    _load_declarations()


def declare(*items: Declared) -> None:
    """Areas register their settings at import time, so the list stays in one place per area."""
    for item in items:
        DECLARED[item.key] = item


def get_setting(uow, key: str) -> Any:
    """Read one setting inside an open unit of work."""
    declared = DECLARED.get(key)
    if declared is None:
        raise NotFound(entity="setting", key=key)
    row = uow.session.get(Setting, key)
    return declared.default if row is None else json.loads(row.value)


def read_settings(uow) -> dict[str, Any]:
    _load_declarations()
    with uow:
        stored = {r.key: json.loads(r.value) for r in uow.session.scalars(select(Setting))}
        return {k: stored.get(k, d.default) for k, d in DECLARED.items()}


def update_settings(uow, values: dict[str, Any]) -> None:
    _load_declarations()
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "setting.update"
        for key, value in values.items():
            _store(uow, key, value)
        uow.commit()


def _store(uow, key: str, value: Any) -> None:
    declared = DECLARED.get(key)
    if declared is None:
        raise NotFound(entity="setting", key=key)
    if isinstance(declared.default, bool):
        if not isinstance(value, bool):
            raise InvalidInput(field=key, reason="type", expected="bool")
    elif isinstance(declared.default, int):
        if isinstance(value, bool) or not isinstance(value, int):  # "yes", 1.5, True as minutes
            raise InvalidInput(field=key, reason="type", expected="int")
        if (declared.minimum is not None and value < declared.minimum) or (
                declared.maximum is not None and value > declared.maximum):
            raise Invalid(field=key, reason="range", minimum=declared.minimum, maximum=declared.maximum)
    elif isinstance(declared.default, str):
        check_text(key, value, TEXT_SETTING_MAX)
    row = uow.session.get(Setting, key)
    encoded = json.dumps(value, ensure_ascii=False)
    if row is None:
        uow.session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded
