"""The personal data key of a database (desktop.crypto), for the administrator: whether this PC has it, the
recovery sheet, and entering it on another PC.

- ``key_state(url)`` (``key_info(uow)`` for the open database): the database's key id and creation, and whether (and where) this PC keeps the key.
- ``enter_key(url, text)``: the key typed from a recovery sheet, checked against the database's key check
  (InvalidDataKey with reason length / characters / checksum for a typing mistake, WrongDataKey for a
  sheet of another database) and kept on this PC: the system keyring, else the 0600 key file. Audited.
- ``recovery_sheet(uow)``: what the sheet prints (the key in groups with its checksum), for a role that
  configures the center; every print is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop import crypto
from desktop.db import Actor, Database, UnitOfWork
from desktop.models import Center
from desktop.services.audit import record_event
from desktop.services.errors import DatabaseUnavailable, DataKeyMissing, Invalid, WrongDataKey
from desktop.services.permissions import Permission, require


class InvalidDataKey(Invalid):
    """Typed text that is not the key: facts field "data_key", reason length / characters / checksum (a
    typing mistake), or not_encrypted (the database has no key yet)."""


@dataclass(frozen=True)
class KeyState:
    """``key_id`` None: the database has no data key yet (its schema is older than encryption)."""

    key_id: str | None
    created_at: dt.datetime | None
    on_this_pc: bool
    in_keyring: bool  # where this PC would keep (or keeps) it: the system keyring, else key_file
    key_file: str


@dataclass(frozen=True)
class EnteredKey:
    key_id: str
    in_keyring: bool
    key_file: str | None  # where it went when there is no usable keyring


@dataclass(frozen=True)
class RecoverySheet:
    key_id: str
    created_at: dt.datetime | None
    lines: tuple[str, ...]  # the key: 14 groups of four characters, seven to a line
    center_name: str
    database: str  # the database's address without password
    printed_at: dt.datetime
    printed_by: str


def _record(url: str) -> tuple[Database, crypto.KeyRecord | None]:
    from sqlalchemy.exc import DBAPIError

    try:
        db = Database(url)
    except Exception as exc:  # a malformed URL or an unknown driver
        raise DatabaseUnavailable(url=url, detail=str(exc)) from exc
    try:
        with db.engine.connect() as conn:
            return db, crypto.read_record(conn)
    except DBAPIError as exc:
        db.dispose()
        raise DatabaseUnavailable(url=db.display_url, detail=str(exc.orig or exc).strip()) from exc


def key_state(url: str) -> KeyState:
    db, record = _record(url)
    db.dispose()
    in_keyring = crypto._keyring() is not None
    key_file = str(crypto.key_file_path())
    if record is None:
        return KeyState(None, None, False, in_keyring, key_file)
    created = record.created_at if isinstance(record.created_at, dt.datetime) else None
    return KeyState(record.key_id, created, crypto.find_key(record.key_id) is not None, in_keyring, key_file)


def key_info(uow: UnitOfWork) -> KeyState:
    """The open database's key, for the administrator's screen."""
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        record = crypto.read_record(uow.session.connection())
        in_keyring, key_file = crypto._keyring() is not None, str(crypto.key_file_path())
        if record is None:
            return KeyState(None, None, False, in_keyring, key_file)
        created = record.created_at if isinstance(record.created_at, dt.datetime) else None
        return KeyState(record.key_id, created, crypto.find_key(record.key_id) is not None, in_keyring, key_file)


def enter_key(url: str, text: str, *, actor: Actor | None = None) -> EnteredKey:
    """Check the typed key against the database at ``url`` and keep it on this PC."""
    try:
        key = crypto.parse_recovery_text(text)
    except crypto.BadKeyText as exc:
        raise InvalidDataKey(field="data_key", reason=exc.reason) from None
    db, record = _record(url)
    try:
        if record is None:
            raise InvalidDataKey(field="data_key", reason="not_encrypted")
        try:
            crypto.verify(record, key)
        except crypto.WrongDataKey as exc:
            raise WrongDataKey(key_id=exc.key_id, given_id=exc.given_id) from None
        stored = crypto.save_key(key)
        crypto.attach(db.engine.dialect, key)
        uow = UnitOfWork(db, actor=actor or Actor.system("key enter"))
        with uow:
            record_event(uow, action="data_key.enter", entity="data_key", entity_id=key.key_id,
                         detail={"kept_in": "keyring" if stored.in_keyring else "key_file"})
            uow.commit()
    finally:
        db.dispose()
    return EnteredKey(key.key_id, stored.in_keyring, stored.path)


def recovery_sheet(uow: UnitOfWork) -> RecoverySheet:
    """The key as the administrator prints it; audited (who printed it, when)."""
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        conn = uow.session.connection()
        record = crypto.read_record(conn)
        if record is None:
            raise InvalidDataKey(field="data_key", reason="not_encrypted")
        try:
            key = crypto.key_for(conn.dialect)
        except crypto.DataKeyMissing:
            raise DataKeyMissing(key_id=record.key_id, url=uow.db.display_url) from None
        center = uow.session.scalar(select(Center).limit(1))
        uow.action = "data_key.recovery_sheet"
        record_event(uow, action="data_key.recovery_sheet", entity="data_key", entity_id=key.key_id)
        created = record.created_at if isinstance(record.created_at, dt.datetime) else None
        sheet = RecoverySheet(key.key_id, created, tuple(crypto.recovery_lines(key)), center.name if center else "",
                              uow.db.display_url, uow.now(), uow.actor.full_name or uow.actor.username)
        uow.commit()
        return sheet
