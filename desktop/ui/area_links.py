"""How one area opens a screen of another without importing it (the areas are independent of each other: the
import contract in pyproject.toml). The area asks here for a screen by name; desktop.ui.areas, where the areas
meet, provides each one and imports the area that owns it only when the screen is built.

A provider takes ``(ctx, parent, **keywords)`` and returns the screen, not shown yet: the asking area opens it
as it would its own (``exec()``) and reads its result."""

from __future__ import annotations

from collections.abc import Callable

BOOKING = "booking"  # the Schedule area's BookingDialog: dispute_id=
SESSION_RECORD = "session_record"  # the Mediation area's SessionDialog: dispute=, booking=
PETITION_REGISTRATION = "petition_registration"  # the Petitions area's RegistrationDialog: ticket=
DISPUTE_REGISTRATION = "dispute_registration"  # the Mediation area's RegistrationDialog: ticket=
IMPORT_WIZARD = "import_wizard"  # the intake's ImportWizard: source=
EXPORT_DIALOG = "export_dialog"  # the intake's ExportDialog: source=

_providers: dict[str, Callable] = {}


def provide(name: str, provider: Callable) -> None:
    _providers[name] = provider


def build(name: str, ctx, parent, **keywords):
    """The screen ``name`` (one of the names above) for ``ctx`` over ``parent``."""
    try:
        provider = _providers[name]
    except KeyError:
        raise LookupError(f"no area provides the screen {name!r}: desktop.ui.areas provides them") from None
    return provider(ctx, parent, **keywords)
