"""Recording who signed a printed mediation agreement, and when (or the day an oral agreement was made):
the SigningDialog the agreement editor opens before finalising."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
)

from desktop.ui.form_widgets import buddy
from desktop.ui.mediation_labels import SIDES, label, pydate, qdate


class SigningDialog(QDialog):
    """Who has signed the printed agreement, and when: each party (signature, seal or fingerprint), the
    mediator and the committee's seal must all be ticked (第二十九条). For an oral agreement only the day
    the parties agreed (it takes effect then)."""

    def __init__(self, parent, *, parties, mediators, today: dt.date, oral: bool = False):
        super().__init__(parent)
        self.setObjectName("signing_dialog")
        self.setWindowTitle(self.tr("Signing") if not oral else self.tr("Oral agreement"))
        self.checks: list[tuple[str, QCheckBox]] = []
        form = QFormLayout(self)
        if oral:
            form.addRow(QLabel(self.tr("An oral agreement takes effect when the parties agree.")))
        else:
            intro = QLabel(self.tr("A written agreement takes effect when every party has signed, sealed or "
                                   "fingerprinted it, the mediator has signed it and the committee has sealed it. "
                                   "Tick what is on the signed agreement:"))
            intro.setWordWrap(True)
            form.addRow(intro)
            for n, p in enumerate(parties, start=1):
                self.checks.append((f"party:{n}", QCheckBox(f"{label(SIDES, p.side)} {p.name}")))
            who = "、".join(mediators)
            self.checks.append(("mediator", QCheckBox(self.tr("Mediator %1").replace("%1", who).strip())))
            self.checks.append(("seal", QCheckBox(self.tr("The committee's seal"))))
            for code, box in self.checks:
                box.setObjectName(f"signed_{code.replace(':', '_')}")
                box.toggled.connect(self._update)
                form.addRow(box)
            everyone = QPushButton(self.tr("&All signed"))
            everyone.setObjectName("all_signed")
            everyone.setToolTip(self.tr("Tick every party, the mediator and the seal"))
            everyone.clicked.connect(lambda: [box.setChecked(True) for _c, box in self.checks])
            form.addRow(everyone)
        self.day = QDateEdit(qdate(today))
        self.day.setObjectName("signed_on")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(qdate(today))
        form.addRow(buddy(self.tr("Signed &on:") if not oral else self.tr("Agreed &on:"), self.day), self.day)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("signing_ok")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(all(box.isChecked() for _c, box in self.checks))

    def signatures(self) -> list[str]:
        return [code for code, box in self.checks if box.isChecked()]

    def signed_on(self) -> dt.date:
        return pydate(self.day.date())
