"""Small helpers shared by the intake's screens (the wizard, the synonym editor, the export dialog)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def shortcut_tip(text: str, keys: str) -> str:
    """``text`` with its shortcut in the platform's own spelling, for a tooltip."""
    return f"{text} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
