"""Settings kept as one JSON object in the ``setting`` table (the hall voice, the kiosk printer)."""

from __future__ import annotations

import json
from dataclasses import replace

from desktop.models import Setting
from desktop.services.errors import Invalid


def _read_json(uow, key: str) -> dict:
    row = uow.session.get(Setting, key)
    try:
        value = json.loads(row.value) if row is not None else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def _from(cls, stored: dict):
    fields = {k: v for k, v in stored.items() if k in cls.__dataclass_fields__}
    defaults = cls()
    return replace(defaults, **{k: v for k, v in fields.items()
                                if type(v) is type(getattr(defaults, k))})


def _write_json(uow, key: str, value: dict) -> None:
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = uow.session.get(Setting, key)
    if row is None:
        uow.session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded


def _range(field: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(field=field, reason="range", minimum=low, maximum=high)
