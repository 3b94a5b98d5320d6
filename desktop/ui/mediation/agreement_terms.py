"""The agreement editor's terms table and what a refusal marks on it: adding, removing and reading the
numbered terms (content, who performs it, how, by when), the checklist of what Article 29 still requires
as typed, and the red borders and cells on what a refusal named. ``AgreementTerms`` is mixed into
AgreementEditor; it shows no text of its own."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidgetItem

from desktop.services import mediation as agreements
from desktop.services.mediation import TermInput
from desktop.ui.mediation_labels import fmt_date

RED = "QPlainTextEdit, QLineEdit { border: 2px solid #d93025; }"


def parse_day(text: str) -> dt.date | None:
    text = text.strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class AgreementTerms:
    """The terms table and the checklist marks of AgreementEditor."""

    def _add_term_row(self, content="", obligor="", method="", due: dt.date | None = None) -> None:
        row = self.terms.rowCount()
        self.terms.insertRow(row)
        number = QTableWidgetItem(str(row + 1))
        number.setFlags(number.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.terms.setItem(row, 0, number)
        for col, value in ((1, content), (2, obligor), (3, method), (4, fmt_date(due))):
            self.terms.setItem(row, col, QTableWidgetItem(value))

    def add_term(self) -> None:
        if self.current is None or self.current.state != "draft":
            return
        self._add_term_row()
        self.terms.setCurrentCell(self.terms.rowCount() - 1, 1)
        self.terms.editItem(self.terms.item(self.terms.rowCount() - 1, 1))
        self.update_checklist()

    def remove_term(self) -> None:
        row = self.terms.currentRow()
        if row >= 0 and self.current is not None and self.current.state == "draft":
            self.terms.removeRow(row)
            for r in range(self.terms.rowCount()):
                self.terms.item(r, 0).setText(str(r + 1))
            self.update_checklist()

    def term_inputs(self) -> list[TermInput]:
        out = []
        for r in range(self.terms.rowCount()):
            def cell(c, r=r):
                item = self.terms.item(r, c)
                return item.text() if item else ""
            out.append(TermInput(cell(1), cell(2), cell(3), parse_day(cell(4))))
        return out

    # ------------------------------------------------------------------ the checklist
    def _party_dicts(self) -> list[dict]:
        return [{"side": p.side, "kind": p.kind, "name": p.name, "address": p.address,
                 "has_id_number": bool(p.id_number_masked), "org_legal_rep": p.org_legal_rep}
                for p in (self.current.parties if self.current else ())]

    def missing_now(self) -> tuple[str, ...]:
        return agreements.missing_items("oral" if self.oral.isChecked() else "written", self._party_dicts(),
                                        self.facts.toPlainText(), self.matters.toPlainText(),
                                        self.responsibilities.toPlainText(), self.oral_content.toPlainText(),
                                        self.term_inputs())

    def _mark(self, missing) -> None:
        """Red borders on what a refusal named."""
        codes = {c.split(":")[0]: c for c in missing}
        for code, widget in (("facts", self.facts), ("matters", self.matters),
                             ("responsibilities", self.responsibilities), ("oral_content", self.oral_content)):
            widget.setStyleSheet(RED if code in codes else "")
        self.terms.blockSignals(True)
        bad = {}
        for c in missing:
            key, _, n = c.partition(":")
            col = {"term_content": 1, "term_method": 3, "term_deadline": 4}.get(key)
            if col is not None and n.isdigit():
                bad.setdefault(int(n) - 1, set()).add(col)
        for r in range(self.terms.rowCount()):
            for c in range(1, 5):
                item = self.terms.item(r, c)
                if item is not None:
                    item.setBackground(QBrush(QColor("#f4c7c3")) if c in bad.get(r, ()) else QBrush())
        self.terms.blockSignals(False)
