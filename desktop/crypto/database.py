"""The key of an open database: its check in table ``data_key``, finding and checking the key on this PC,
and attaching it to the engine's dialect, where the column types find it."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from sqlalchemy import String, inspect

from desktop.crypto.errors import DataKeyMissing, WrongDataKey
from desktop.crypto.key import DataKey, key_id_of
from desktop.crypto.store import find_key

DIALECT_KEY = "onestop_data_key"
DIALECT_LOADER = "onestop_data_key_loader"
TABLE = "data_key"


@dataclass(frozen=True)
class KeyRecord:
    """What the database says about its key (table data_key)."""

    check: str
    created_at: object = None

    @property
    def key_id(self) -> str:
        return key_id_of(self.check)


def read_record(conn) -> KeyRecord | None:
    """The database's key check, or None (no key yet: a database before migration 0011)."""
    from sqlalchemy import DateTime, Integer, column, select, table

    if TABLE not in inspect(conn).get_table_names():
        return None
    t = table(TABLE, column("id", Integer), column("key_check", String), column("created_at", DateTime))
    row = conn.execute(select(t.c.key_check, t.c.created_at).order_by(t.c.id).limit(1)).first()
    return KeyRecord(row[0], row[1]) if row else None


def verify(record: KeyRecord, key: DataKey) -> DataKey:
    if not hmac.compare_digest(record.check, key.check):
        raise WrongDataKey(record.key_id, key.key_id)
    return key


def load_key(conn) -> DataKey | None:
    """Find this database's key on this PC, check it and attach it to the connection's dialect (so every
    connection of the engine encrypts and decrypts with it). None for a database without encryption yet.
    Raises DataKeyMissing or WrongDataKey."""
    record = read_record(conn)
    if record is None:
        return None
    key = find_key(record.key_id)
    if key is None:
        raise DataKeyMissing(record.key_id)
    attach(conn.dialect, verify(record, key))
    return key


def attach(dialect, key: DataKey | None) -> None:
    setattr(dialect, DIALECT_KEY, key)


def attached(dialect) -> DataKey | None:
    return getattr(dialect, DIALECT_KEY, None)


def set_loader(engine) -> None:
    """Let the column types load the key on first use (``load_key`` on a connection of its own) for code
    that opened the engine without ``desktop.services.context.open_database``."""
    import weakref

    ref = weakref.ref(engine)

    def loader():
        target = ref()
        if target is None:
            return None
        # a reading connection (SQLite: a deferred BEGIN, which never waits for the writer that may be
        # this very thread, halfway through a write transaction on another connection)
        with target.execution_options(onestop_read_only=True).connect() as conn:
            return load_key(conn)

    setattr(engine.dialect, DIALECT_LOADER, loader)


def key_for(dialect) -> DataKey:
    key = attached(dialect)
    if key is None:
        loader = getattr(dialect, DIALECT_LOADER, None)
        key = loader() if loader is not None else None
        if key is None:
            raise DataKeyMissing(None)
    return key
