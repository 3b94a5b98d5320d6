"""The import wizard's busy row, shown while a step runs in the background: what is being done, how far it
is, and Cancel (nothing is imported)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.ui.petitions_import.widgets import shortcut_tip

translate = QCoreApplication.translate  # in the context ImportWizard (see state.py)


class BusyRow(QWidget):
    def __init__(self, error: QLabel):
        super().__init__()
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.stage = QLabel()
        self.cancel_button = QPushButton(translate("ImportWizard", "Cancel"))
        self.cancel_button.setToolTip(shortcut_tip(translate("ImportWizard", "Stop; nothing is imported"), "Esc"))
        self.error = error  # the wizard's message line, cleared when a step starts
        busy = QHBoxLayout()
        busy.addWidget(self.stage)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.setLayout(busy)
        self.hide()

    def started(self, stage_text: str) -> None:
        self.error.clear()
        self.stage.setText(stage_text)
        self.progress.setRange(0, 0)
        self.show()
        self.cancel_button.setEnabled(True)

    def advanced(self, stage: str, done: int, total: int) -> None:
        words = {"read": translate("ImportWizard", "Reading the file…"),
                 "check": translate("ImportWizard", "Checking the rows…"),
                 "write": translate("ImportWizard", "Importing…"), "done": translate("ImportWizard", "Done")}
        self.stage.setText(words.get(stage, stage))
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"{min(done, total):,} / {total:,}")
        else:
            self.progress.setRange(0, 0)

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.stage.setText(translate("ImportWizard", "Cancelling…"))
