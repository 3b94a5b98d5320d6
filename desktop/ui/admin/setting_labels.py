"""Labels of the declared settings (desktop.services.admin.settings.DECLARED) for the Center screen.

Each area that declares a setting adds its label here, in context "Fields" so that a service error about
the setting (``Invalid(field=key, reason="range")``) names it the same way. A key without a label is shown
as the key itself.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.ui import message_registry
from desktop.ui.fields import FIELDS

SETTING_LABELS: dict[str, str] = {
    "password_min_length": QT_TRANSLATE_NOOP("Fields", "Minimum password length (characters)"),
    "lockout_attempts": QT_TRANSLATE_NOOP("Fields", "Wrong passwords before an account locks"),
    "lockout_minutes": QT_TRANSLATE_NOOP("Fields", "Account lockout (minutes)"),
    "idle_lock_minutes": QT_TRANSLATE_NOOP("Fields", "Lock the screen after inactivity (minutes, 0 = never)"),
    "matter_code_prefix": QT_TRANSLATE_NOOP("Fields", "Matter code prefix (e.g. HS)"),
    "matter_handover_alert_hours": QT_TRANSLATE_NOOP("Fields", "Handover not acknowledged: flag after (hours)"),
    "matter_lookup_max_tries": QT_TRANSLATE_NOOP("Fields", "Kiosk progress lookup: wrong tries before locking"),
    "matter_lookup_lock_minutes": QT_TRANSLATE_NOOP("Fields", "Kiosk progress lookup: lock for (minutes)"),
}


def register_fields() -> None:
    """Let error messages name settings by their label."""
    message_registry.register_fields(SETTING_LABELS, replace=False)


def setting_label(key: str) -> str:
    # Areas keep their settings' labels with their other field names (desktop/ui/fields.FIELDS).
    return QCoreApplication.translate("Fields", SETTING_LABELS.get(key) or FIELDS.get(key, key))
