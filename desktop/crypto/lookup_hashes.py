"""Keeping the hashes beside their values: on every ORM insert and update a model's hash attributes are
set from the values they hash; bulk inserts fill them in the plain rows."""

from __future__ import annotations

from sqlalchemy import event, inspect

LOOKUPS: dict[type, dict[str, str]] = {}  # model class -> {hash attribute: the attribute it hashes}
LOOKUP_COLUMNS: dict[str, dict[str, str]] = {}  # table name -> {hash column: the column it hashes}


def keep_lookup_hashes(cls, pairs: dict[str, str]) -> None:
    """On every ORM insert and update of ``cls``, set each hash attribute from the value it hashes (given
    plain: LookupHash hashes it on the way out). Bulk inserts call :func:`fill_lookup_hashes`."""
    LOOKUPS[cls] = dict(pairs)
    LOOKUP_COLUMNS[cls.__tablename__] = {cls.__table__.c[h].name: cls.__table__.c[src].name for h, src in pairs.items()}

    @event.listens_for(cls, "before_insert")
    def _insert(mapper, connection, target):
        for hashed, source in pairs.items():
            setattr(target, hashed, getattr(target, source))

    @event.listens_for(cls, "before_update")
    def _update(mapper, connection, target):
        state = inspect(target)
        for hashed, source in pairs.items():
            if state.attrs[source].history.has_changes():
                setattr(target, hashed, getattr(target, source))


def fill_lookup_hashes(cls, row: dict) -> dict:
    """For bulk inserts of plain rows: the hash columns given the values they hash."""
    for hashed, source in LOOKUPS.get(cls, {}).items():
        if source in row:
            row[hashed] = row[source]
    return row
