"""Accounts: adding staff, signing in with lockout, passwords hashed with Argon2id."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, text

from desktop.db import Actor, UnitOfWork
from desktop.models import User, Window
from desktop.services.admin.settings import get_setting
from desktop.services.audit import record_event
from desktop.services.errors import (
    AccountDisabled,
    AccountLocked,
    Duplicate,
    Invalid,
    NotFound,
    PermissionDenied,
    WrongPassword,
)
from desktop.services.permissions import Permission, Role, require

_hasher = PasswordHasher()  # Argon2id, memory-hard
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,40}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: str
    window_no: int | None
    department_id: int | None
    phone: str
    active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None


def _info(user: User, window_no: int | None) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, user.role, window_no, user.department_id,
                    user.phone, user.active, user.locked_until, user.last_login_at)


PASSWORD_MAX = 128  # a longer "password" is pasted by mistake (and costs hashing time for nothing)


def check_password_policy(uow: UnitOfWork, password: str, *, username: str | None = None) -> None:
    """Inside an open unit of work: the minimum policy every new password meets (creating a user, resetting,
    changing one's own, the first administrator): at least the configured length (``password_min_length``,
    default 8), at most PASSWORD_MAX characters, both letters and digits, and not the user name."""
    minimum = get_setting(uow, "password_min_length")
    if len(password) < minimum:
        raise Invalid(field="password", reason="too_short", minimum=minimum)
    if len(password) > PASSWORD_MAX:
        raise Invalid(field="password", reason="too_long", maximum=PASSWORD_MAX)
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise Invalid(field="password", reason="letters_and_digits")
    if username and username.strip().lower() in password.lower():
        raise Invalid(field="password", reason="contains_username")


def _window_id(uow, window_no: int | None) -> int | None:
    if window_no is None:
        return None
    window = uow.session.scalar(select(Window).where(Window.number == window_no))
    if window is None:
        raise NotFound(entity="window", key=window_no)
    return window.id


def _validate(full_name: str, role: str) -> None:
    if not full_name.strip():
        raise Invalid(field="full_name", reason="empty")
    try:
        Role(role)
    except ValueError:
        raise Invalid(field="role", reason="unknown", value=role) from None


def add_user(uow: UnitOfWork, *, username: str, full_name: str, role: str, password: str,
             window_no: int | None = None, department_id: int | None = None, phone: str = "") -> UserInfo:
    with uow:
        require(uow, Permission.MANAGE_USERS)
        return _insert_user(uow, username=username, full_name=full_name, role=role, password=password,
                            window_no=window_no, department_id=department_id, phone=phone, action="user.add")


# Any constant: the PostgreSQL advisory lock two first runs at once queue on.
FIRST_ADMIN_LOCK = 0x0E5701


def add_first_admin(uow: UnitOfWork, *, username: str, full_name: str, password: str) -> UserInfo:
    """The first administrator of a database without any account, for the command line's first run (the
    app's first run is ``center.setup_center``): nobody can sign in yet, so this needs no permission, and
    only while no account exists. Checked and added in one transaction; a first run at the same moment waits
    (SQLite: the write lock; PostgreSQL: an advisory lock), then finds the account and gets PermissionDenied."""
    with uow:
        if uow.kind == "postgresql":
            uow.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FIRST_ADMIN_LOCK})
        if uow.session.scalar(select(func.count(User.id))):
            raise PermissionDenied(role=uow.actor.role, permission=Permission.MANAGE_USERS.value)
        return _insert_user(uow, username=username, full_name=full_name, role=Role.ADMIN.value,
                            password=password, window_no=None, department_id=None, phone="",
                            action="user.add_first_admin")


def _insert_user(uow, *, username: str, full_name: str, role: str, password: str, window_no: int | None,
                 department_id: int | None, phone: str, action: str) -> UserInfo:
    username = username.strip()
    if not USERNAME.match(username):
        raise Invalid(field="username", reason="format")
    _validate(full_name, role)
    if uow.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())):
        raise Duplicate(entity="user", field="username", value=username)
    check_password_policy(uow, password, username=username)
    uow.action = action
    user = User(username=username, full_name=full_name.strip(), role=role,
                password_hash=_hasher.hash(password), window_id=_window_id(uow, window_no),
                department_id=department_id, phone=phone, active=True, failed_logins=0,
                created_at=uow.now())
    uow.session.add(user)
    uow.session.flush()
    info = _info(user, window_no)
    uow.commit()
    return info


def update_user(uow: UnitOfWork, *, user_id: int, full_name: str, role: str, window_no: int | None,
                department_id: int | None = None, phone: str = "", active: bool = True) -> UserInfo:
    with uow:
        require(uow, Permission.MANAGE_USERS)
        _validate(full_name, role)
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound(entity="user", key=user_id)
        if user.id == uow.actor.user_id and (not active or role != user.role):
            raise Invalid(field="role", reason="own_account")  # nobody locks themselves out
        uow.action = "user.update"
        user.full_name, user.role, user.phone, user.active = full_name.strip(), role, phone, active
        user.window_id = _window_id(uow, window_no)
        user.department_id = department_id
        info = _info(user, window_no)
        uow.commit()
        return info


def reset_password(uow: UnitOfWork, *, user_id: int, new_password: str) -> None:
    """An administrator sets a new password; this also lifts a lockout."""
    with uow:
        require(uow, Permission.MANAGE_USERS)
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound(entity="user", key=user_id)
        check_password_policy(uow, new_password, username=user.username)
        uow.action = "user.reset_password"
        user.password_hash = _hasher.hash(new_password)
        user.failed_logins, user.locked_until = 0, None
        uow.commit()


def unlock_user(uow: UnitOfWork, *, user_id: int) -> UserInfo:
    """Lift a lockout after too many wrong passwords without changing the password."""
    with uow:
        require(uow, Permission.MANAGE_USERS)
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound(entity="user", key=user_id)
        uow.action = "user.unlock"
        user.failed_logins, user.locked_until = 0, None
        window_no = uow.session.scalar(select(Window.number).where(Window.id == user.window_id)) \
            if user.window_id else None
        info = _info(user, window_no)
        uow.commit()
        return info


def change_own_password(uow: UnitOfWork, *, old_password: str, new_password: str) -> None:
    with uow:
        user = uow.session.get(User, uow.actor.user_id)
        if user is None:
            raise NotFound(entity="user", key=uow.actor.user_id)
        if not _verify(user.password_hash, old_password):
            raise WrongPassword(remaining=None)
        if new_password == old_password:
            raise Invalid(field="password", reason="unchanged")
        check_password_policy(uow, new_password, username=user.username)
        uow.action = "user.change_password"
        user.password_hash = _hasher.hash(new_password)
        uow.commit()


def list_users(uow: UnitOfWork) -> list[UserInfo]:
    with uow:
        require(uow, Permission.MANAGE_USERS)
        rows = uow.session.execute(
            select(User, Window.number).outerjoin(Window, User.window_id == Window.id).order_by(User.username))
        return [_info(u, n) for u, n in rows]


def count_users(uow: UnitOfWork) -> int:
    with uow:
        return uow.session.scalar(select(func.count(User.id))) or 0


def _verify(hash_: str, password: str) -> bool:
    try:
        return _hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False


def _for_check(uow, where) -> User | None:
    """Inside an open unit of work: the account whose password is about to be checked, locked for the rest
    of the transaction. On PostgreSQL ``SELECT … FOR NO KEY UPDATE``: checks of one account queue here and
    each sees the count of failures the one before it committed, so a burst of guesses from many PCs gets
    no more checks than ``lockout_attempts`` (rows that only refer to the account are not held up). On
    SQLite the unit of work's ``BEGIN IMMEDIATE`` already makes every writer wait its turn."""
    return uow.session.scalar(select(User).where(where).with_for_update(key_share=True))


def _failed_attempt(uow, user: User, now: dt.datetime, *, action: str) -> None:
    """Inside an open unit of work (holding the account's row): count a wrong password, lock the account at
    the configured number of attempts, commit (the flush listener audits the change under ``action``, one
    entry per attempt) and raise the error."""
    attempts = get_setting(uow, "lockout_attempts")
    minutes = get_setting(uow, "lockout_minutes")  # read before the change: no flush in between
    uow.action = action
    failed = user.failed_logins + 1
    remaining = attempts - failed
    until = now + dt.timedelta(minutes=minutes) if remaining <= 0 else None
    if until:
        user.failed_logins, user.locked_until = 0, until
    else:
        user.failed_logins = failed
    uow.commit()
    if until:
        raise AccountLocked(until=until)
    raise WrongPassword(remaining=remaining)


def _check_password(uow, user: User, password: str, now, *, failed_action: str) -> None:
    """Inside an open unit of work, with ``user`` read by ``_for_check``: refuse a disabled or locked
    account, then the password. A wrong password counts toward the lockout (committed and audited as
    ``failed_action``) before the error is raised."""
    if not user.active:
        raise AccountDisabled(username=user.username)
    if user.locked_until and user.locked_until > now:
        raise AccountLocked(until=user.locked_until)
    if not _verify(user.password_hash, password):
        _failed_attempt(uow, user, now, action=failed_action)


def authenticate(uow: UnitOfWork, *, username: str, password: str) -> Actor:
    """Check a password. Five wrong in a row lock the account for fifteen minutes (both configurable).

    Each failed attempt is committed (and audited) before the error is raised, so the count survives. The
    account's row is held while its password is checked (``_for_check``), so guesses sent at once from many
    processes are counted one after another: never more checks than the limit.
    """
    with uow:
        now = uow.now()
        user = _for_check(uow, func.lower(User.username) == username.strip().lower())
        if user is None:
            _hasher.hash(password)  # same cost as a real check: no hint which names exist
            raise WrongPassword(remaining=None)
        _check_password(uow, user, password, now, failed_action="user.login_failed")
        window_no = uow.session.scalar(select(Window.number).where(Window.id == user.window_id)) \
            if user.window_id else None
        actor = Actor(user_id=user.id, username=user.username, role=user.role, window_no=window_no,
                      department_id=user.department_id, full_name=user.full_name)
        uow.session.info["actor"] = actor  # the sign-in is recorded as the user's own action
        uow.action = "user.login"
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        if not uow.session.is_modified(user, include_collections=False):
            # a second sign-in within the same second changes no column, so the flush would audit nothing
            record_event(uow, action="user.login", entity="user_account", entity_id=str(user.id))
        uow.commit()
        return actor


# ---------------------------------------------------------------- the idle screen lock


def idle_lock_minutes(uow: UnitOfWork) -> int:
    """Minutes without input before the workbench locks its screen (0: never)."""
    with uow:
        return int(get_setting(uow, "idle_lock_minutes"))


def record_screen_lock(uow: UnitOfWork, *, idle_minutes: int) -> None:
    """The signed-in user's screen locked itself after ``idle_minutes`` without input, or was locked by hand
    (``idle_minutes`` 0) (audited)."""
    with uow:
        record_event(uow, action="session.lock", entity="user", entity_id=str(uow.actor.user_id or ""),
                     detail={"idle_minutes": idle_minutes})
        uow.commit()


def unlock_screen(uow: UnitOfWork, *, password: str) -> None:
    """The signed-in user gives their password again to unlock the screen. A wrong password counts toward
    the lockout exactly like one at sign-in (and is audited); a locked or disabled account stays locked."""
    with uow:
        now = uow.now()
        user = _for_check(uow, User.id == uow.actor.user_id) if uow.actor.user_id is not None else None
        if user is None:
            raise NotFound(entity="user", key=uow.actor.user_id)
        _check_password(uow, user, password, now, failed_action="session.unlock_failed")
        uow.action = "session.unlock"
        if user.failed_logins:
            user.failed_logins = 0
        record_event(uow, action="session.unlock", entity="user", entity_id=str(user.id))
        uow.commit()
