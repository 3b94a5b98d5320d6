"""Turns a service's typed failure into a message a clerk can act on: the sentences common to every area are
here, each area registers its own (desktop/ui/message_registry.py); the facts of the exception fill the
placeholders. Imports no area: desktop/ui/app.py imports the areas' texts modules, which register themselves."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.facts import FactsError
from desktop.services import errors
from desktop.ui import message_registry as registry
from desktop.ui.fields import FIELDS  # noqa: F401  (the field words, read here by the admin screens)
from desktop.ui.fields import field_name as _field
from desktop.ui.message_registry import MESSAGES  # noqa: F401  (every registered sentence, for the tests)
from desktop.ui.text import translator

log = logging.getLogger(__name__)


_t = translator("Messages")


def describe(exc: Exception) -> str:
    """A translated sentence for an expected failure; a generic one for anything else."""
    facts = getattr(exc, "facts", {})
    if (render := registry.render_for(exc)) is not None:
        try:
            return render(facts)
        except Exception:  # a message must never hide the failure it describes
            log.exception("could not render message for %r", exc)
    return _t(QT_TRANSLATE_NOOP("Messages", "Unexpected error: %1")).replace("%1", str(exc))


def _invalid(f: dict) -> str:
    if (text := registry.invalid_text(f)) is not None:  # the areas' own reasons
        return text
    reason = f.get("reason")
    field = _field(f.get("field", ""))
    if reason == "empty":
        return _t(QT_TRANSLATE_NOOP("Messages", "%1 must not be empty.")).replace("%1", field)
    if reason == "range":
        return _t(QT_TRANSLATE_NOOP("Messages", "%1 must be between %2 and %3.")).replace("%1", field).replace(
            "%2", str(f.get("minimum"))).replace("%3", str(f.get("maximum")))
    if reason == "too_short":
        return _t(QT_TRANSLATE_NOOP("Messages", "The password must have at least %1 characters.")).replace("%1", str(f.get("minimum")))
    if reason == "letters_and_digits":
        return _t(QT_TRANSLATE_NOOP("Messages", "The password must contain both letters and digits."))
    if reason == "too_long":
        return _t(QT_TRANSLATE_NOOP("Messages", "The password must have at most %1 characters.")).replace(
            "%1", str(f.get("maximum")))
    if reason == "contains_username":
        return _t(QT_TRANSLATE_NOOP("Messages", "The password must not contain the user name."))
    if reason == "unchanged":
        return _t(QT_TRANSLATE_NOOP("Messages", "The new password must differ from the current one."))
    if reason == "format":
        return _t(QT_TRANSLATE_NOOP("Messages", "%1 has an invalid format.")).replace("%1", field)
    if reason == "own_account":
        return _t(QT_TRANSLATE_NOOP("Messages", "You cannot disable your own account or change your own role."))
    if reason == "two_levels":
        return _t(QT_TRANSLATE_NOOP("Messages", "Categories have two levels only."))
    if reason == "mismatch":
        return _t(QT_TRANSLATE_NOOP("Messages", "The two passwords differ."))
    if reason == "before_opening":
        return _t(QT_TRANSLATE_NOOP("Messages", "The closing time must be after the opening time."))
    if reason == "length":
        return _t(QT_TRANSLATE_NOOP("Messages", "%1 is too long (at most %2 characters).")).replace("%1", field).replace(
            "%2", str(f.get("maximum")))
    return _t(QT_TRANSLATE_NOOP("Messages", "%1 is not valid.")).replace("%1", field)


registry.register([
    (errors.WrongPassword, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "Wrong user name or password.")) if f.get("remaining") is None else
        _t(QT_TRANSLATE_NOOP("Messages", "Wrong user name or password. %1 attempts left before the account is locked.")).replace(
            "%1", str(f["remaining"]))),
    (errors.AccountLocked, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "This account is locked after too many wrong passwords. "
                                        "Try again after %1.")).replace("%1", f["until"].strftime("%H:%M"))),
    (errors.AccountDisabled, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "This account is disabled. Ask an administrator."))),
    (errors.AuditLogReadOnly, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "The audit log can only be added to; "
                                                                        "its entries cannot be changed or deleted."))),
    (errors.PermissionDenied, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "Your role may not do this."))),
    (errors.Duplicate, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "%1 “%2” already exists.")).replace("%1", _field(f.get("field", ""))).replace(
        "%2", str(f.get("value")))),
    (errors.NotFound, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "The record was not found (%1 %2). It may have been removed.")).replace(
        "%1", str(f.get("entity"))).replace("%2", str(f.get("key")))),
    (errors.InUse, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "This record is still in use and cannot be removed."))),
    (errors.Conflict, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "Someone else changed this record since you opened it. "
                                   "Your input is kept; reload to see their change."))),
    (errors.Invalid, _invalid),
    (errors.DatabaseUnavailable, lambda f: _t(QT_TRANSLATE_NOOP(
        "Messages", "The connection to the database broke while this was being saved, so it is not certain "
        "whether it was saved. Your input is kept: check the record once the connection is back before "
        "saving it again.")) if f.get("may_have_applied") else
        _t(QT_TRANSLATE_NOOP("Messages", "The database cannot be reached: %1")).replace("%1", str(f.get("detail", "")))),
    (errors.StorageFull, lambda f: _t(QT_TRANSLATE_NOOP(
        "Messages", "The disk of the database is full, so nothing was saved. Your input is kept: free some disk "
        "space (or ask the administrator), then save again."))),
    (errors.ReadOnlyDatabase, lambda f: _t(QT_TRANSLATE_NOOP(
        "Messages", "The database can only be read at the moment, so nothing was saved. Your input is kept: "
        "save again once the administrator has made it writable."))),
    (errors.DatabaseTooNew, lambda f: _t(QT_TRANSLATE_NOOP("Messages", "This database was written by a newer version of OneStop "
                                         "(schema %1). Install the newer version to open it.")).replace(
        "%1", str(f.get("revision")))),
])


def show_error(parent: QWidget | None, exc: Exception, title: str | None = None) -> None:
    """Expected failures get their sentence; unexpected ones are logged with their traceback too."""
    if not isinstance(exc, FactsError):
        log.error("unexpected error: %s", "".join(traceback.format_exception(exc)))
    QMessageBox.warning(parent, title or _t(QT_TRANSLATE_NOOP("Messages", "OneStop")), describe(exc))
