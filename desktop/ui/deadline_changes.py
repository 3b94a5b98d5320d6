"""The deadlines the working-day calendar moved: case, rule, old date, new date, and what changed the
calendar. Shown after an import (the changes just made) and from the calendar screen, the director's board
and the calendar banner (every change, newest first). For administrators and directors."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services.admin import calendar as calendar_service
from desktop.ui import ops
from desktop.ui.calendar_texts import CASE_KINDS, CAUSES, RULES, fmt_day, label
from desktop.ui.messages import describe

MOVED_LATER = "#e6f4ea"
MOVED_EARLIER = "#fde0dc"


class DeadlineChangesDialog(QDialog):
    """``changes`` given: those (just made); otherwise every recorded change, newest first."""

    def __init__(self, ctx, changes=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("deadline_changes")
        self.setWindowTitle(self.tr("Deadlines moved by the calendar"))
        self.resize(980, 520)
        self.intro = QLabel()
        self.intro.setObjectName("deadline_changes_intro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("deadline_changes_table")
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Kind"), self.tr("Deadline"),
                                              self.tr("Old date"), self.tr("New date"), self.tr("Why"),
                                              self.tr("When, by whom")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.just_made = changes is not None
        self.changes = list(changes) if changes is not None else []
        if changes is None:
            self.load()
        else:
            self._show()

    def load(self) -> None:
        loaded = ops.run(self, self.ctx, calendar_service.list_deadline_changes, read_only=True,
                         failure=self._not_loaded)
        if loaded.ok:
            self.changes = loaded.value
            self._show()

    def _not_loaded(self, exc: Exception) -> None:
        self.changes = []
        self.intro.setText(describe(exc))
        self.table.setRowCount(0)

    def _show(self) -> None:
        n = len(self.changes)
        if self.just_made:
            text = self.tr("%1 open deadlines were recomputed with the new calendar. Concluded cases keep "
                           "their dates.").replace("%1", str(n)) if n else \
                self.tr("No open deadline depends on the days that changed.")
        else:
            text = self.tr("Every deadline the calendar has moved, newest first (%1).").replace("%1", str(n)) \
                if n else self.tr("The calendar has not moved any deadline yet.")
        self.intro.setText(text)
        self.table.setRowCount(n)
        for r, c in enumerate(self.changes):
            later = c.new_date > c.old_date
            when = f"{c.changed_at:%Y-%m-%d %H:%M} {c.actor_name}" if c.changed_at else ""
            values = [c.case_no, label(CASE_KINDS, c.case_kind), label(RULES, c.rule), fmt_day(c.old_date),
                      fmt_day(c.new_date), label(CAUSES, c.cause) + (f"：{c.cause_detail}" if c.cause_detail else ""),
                      when]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 4:
                    item.setBackground(QColor(MOVED_LATER if later else MOVED_EARLIER))
                    item.setToolTip(self.tr("%1 days later").replace("%1", str((c.new_date - c.old_date).days))
                                    if later else self.tr("%1 days earlier").replace(
                                        "%1", str((c.old_date - c.new_date).days)))
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)


def show_deadline_changes(ctx, parent, changes=None) -> DeadlineChangesDialog:
    dialog = DeadlineChangesDialog(ctx, changes, parent)
    dialog.open()
    return dialog
