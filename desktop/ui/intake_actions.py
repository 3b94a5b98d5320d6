"""The intake's entry points (desktop.ui.petitions_import) as actions, for the Petitions area's toolbar or menu:

    for action in intake_actions(ctx, self, on_imported=self.reload):
        toolbar.addAction(action)

Only the actions the signed-in role may use are returned: import and export need IMPORT_WORK_ORDERS,
the synonym table CONFIGURE_CENTER. The wizard and the export dialog are the intake's screens, built
through desktop.ui.area_links."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence

from desktop.services.permissions import Permission, can
from desktop.ui import area_links
from desktop.ui.text import translator

_t = translator("IntakeActions")


def _allowed(ctx, permission: Permission) -> bool:
    return ctx.actor.role == "system" or can(ctx.actor.role, permission)


def open_import_wizard(ctx, parent=None, *, source: str = "hotline", on_imported: Callable | None = None):
    wizard = area_links.build(area_links.IMPORT_WIZARD, ctx, parent, source=source)
    if on_imported is not None:
        wizard.imported.connect(on_imported)
    wizard.exec()


def open_export_dialog(ctx, parent=None, *, source: str = "hotline"):
    area_links.build(area_links.EXPORT_DIALOG, ctx, parent, source=source).exec()


def open_synonym_editor(ctx, parent=None):
    from desktop.ui.category_synonyms import SynonymEditor

    SynonymEditor(ctx, parent).exec()


def intake_actions(ctx, parent, *, on_imported: Callable | None = None) -> list[QAction]:
    actions = []

    def action(text: str, tip: str, keys: str, slot) -> QAction:
        a = QAction(text, parent)
        a.setShortcut(QKeySequence(keys))
        native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        a.setToolTip(f"{tip} ({native})")
        a.triggered.connect(lambda _=False: slot())
        actions.append(a)
        return a

    if _allowed(ctx, Permission.IMPORT_WORK_ORDERS):
        action(_t(QT_TRANSLATE_NOOP("IntakeActions", "Import work orders…")),
               _t(QT_TRANSLATE_NOOP("IntakeActions", "Import 12345 work orders or grid reports from Excel/CSV")),
               "Ctrl+Shift+I", lambda: open_import_wizard(ctx, parent, on_imported=on_imported))
        action(_t(QT_TRANSLATE_NOOP("IntakeActions", "Export results…")),
               _t(QT_TRANSLATE_NOOP("IntakeActions", "Export handling results for the 12345 platform")),
               "Ctrl+Shift+E", lambda: open_export_dialog(ctx, parent))
    if _allowed(ctx, Permission.CONFIGURE_CENTER):
        action(_t(QT_TRANSLATE_NOOP("IntakeActions", "Category synonyms…")),
               _t(QT_TRANSLATE_NOOP("IntakeActions", "Which of our categories the platforms' names mean")),
               "Ctrl+Shift+Y", lambda: open_synonym_editor(ctx, parent))
    return actions
