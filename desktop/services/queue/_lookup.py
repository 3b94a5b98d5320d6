"""The one "get it or raise NotFound" of the queue package."""

from __future__ import annotations

from typing import TypeVar

from desktop.services.errors import NotFound

_V = TypeVar("_V")


def _found(value: _V | None, *, entity: str, key: object) -> _V:
    """``value`` itself; NotFound(entity, key) when the lookup that gave it found nothing (None)."""
    if value is None:
        raise NotFound(entity=entity, key=key)
    return value


def _get(uow, model: type[_V], key: object, *, entity: str, lock: bool = False) -> _V:
    """The row of ``model`` with primary key ``key`` (locked for the transaction when ``lock``)."""
    return _found(uow.session.get(model, key, with_for_update=True if lock else None), entity=entity, key=key)
