"""One party of a dispute as the registration form holds it (PartyRow) and the dialog that adds or edits
it (PartyDialog): a person looked up or typed, or an organisation, with an optional representative."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import people
from desktop.services.errors import Invalid
from desktop.services.mediation import PartyInput
from desktop.services.people import PersonInput
from desktop.ui import ops
from desktop.ui.form_widgets import (
    Banner,
    button,
)
from desktop.ui.mediation_labels import PARTY_KINDS, REP_KINDS, SIDES, label
from desktop.ui.messages import describe

FIELD = re.compile(r"^parties\[(\d+)\]\.?(.*)$")


@dataclass
class PartyRow:
    """A party as the form holds it: what will be sent, and what to show (masked)."""

    data: PartyInput
    id_masked: str = ""
    phone_masked: str = ""


class PartyDialog(QDialog):
    def __init__(self, ctx, parent=None, *, side: str = "applicant", kind: str = "person", row: PartyRow | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.result_row: PartyRow | None = None
        self.found_person_id: int | None = row.data.person.person_id if row and row.data.person else None
        self.setWindowTitle(self.tr("Party"))
        self.setMinimumWidth(560)
        data = row.data if row else PartyInput(side=side, kind=kind)
        existing = self._make_side_and_kind(data, row)
        person = self._make_person_page(data, row, existing)
        org = self._make_org_page(data)
        self.pages = QStackedWidget()
        self.pages.addWidget(person)
        self.pages.addWidget(org)
        rep = self._make_representative(data)
        self.status = Banner()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Side:")))
        top.addWidget(self.side)
        top.addSpacing(16)
        top.addWidget(self.person_radio)
        top.addWidget(self.org_radio)
        top.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        layout.addWidget(rep)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.person_radio.toggled.connect(self._kind)
        self._kind()
        (self.name if self.person_radio.isChecked() else self.org_name).setFocus()

    def _make_side_and_kind(self, data: PartyInput, row: PartyRow | None) -> bool:
        """The side and person/organisation choices; a stored party keeps its kind (returns whether stored)."""
        self.side = QComboBox()
        for code in SIDES:
            self.side.addItem(label(SIDES, code), code)
        self.side.setCurrentIndex(self.side.findData(data.side))
        self.person_radio = QRadioButton(label(PARTY_KINDS, "person"))
        self.org_radio = QRadioButton(label(PARTY_KINDS, "organisation"))
        kinds = QButtonGroup(self)
        kinds.addButton(self.person_radio)
        kinds.addButton(self.org_radio)
        (self.org_radio if data.kind == "organisation" else self.person_radio).setChecked(True)
        existing = row is not None and row.data.party_id is not None
        self.person_radio.setEnabled(not existing)
        self.org_radio.setEnabled(not existing)
        return existing

    def _make_person_page(self, data: PartyInput, row: PartyRow | None, existing: bool) -> QWidget:
        """A person: looked up by ID number, phone or name (a new party only), or typed."""
        p = data.person or PersonInput(name="")
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Find by ID number, phone or name"))
        self.find.returnPressed.connect(self._find)
        self.matches = QListWidget()
        self.matches.setMaximumHeight(90)
        self.matches.itemActivated.connect(self._take_match)
        self.name = QLineEdit(p.name)
        self.name.setObjectName("party_name")
        self.id_number = QLineEdit(p.id_number or "")
        self.id_number.setObjectName("party_id_number")
        self.id_number.setPlaceholderText(row.id_masked if row and row.id_masked else self.tr("18 characters"))
        self.phone = QLineEdit(p.phone or "")
        self.phone.setPlaceholderText(row.phone_masked if row else "")
        self.village = QLineEdit(p.village)
        self.address = QLineEdit(p.address)
        for w, name in ((self.phone, "party_phone"), (self.village, "party_village"), (self.address, "party_address")):
            w.setObjectName(name)
        person = QWidget()
        pf = QFormLayout(person)
        pf.setContentsMargins(0, 0, 0, 0)
        finder = QHBoxLayout()
        finder.addWidget(self.find)
        finder.addWidget(button(self, self.tr("Find"), self._find))
        if not existing:
            pf.addRow(self.tr("Look up:"), finder)
            pf.addRow("", self.matches)
        pf.addRow(self.tr("Full &name:"), self.name)  # 姓名 (an organisation has a 名称)
        pf.addRow(self.tr("&ID number:"), self.id_number)
        pf.addRow(self.tr("&Phone:"), self.phone)
        pf.addRow(self.tr("&Village or community:"), self.village)
        pf.addRow(self.tr("&Address:"), self.address)
        return person

    def _make_org_page(self, data: PartyInput) -> QWidget:
        self.org_name = QLineEdit(data.name if data.kind == "organisation" else "")
        self.org_name.setObjectName("org_name")
        self.org_code = QLineEdit(data.org_code)
        self.org_rep = QLineEdit(data.org_legal_rep)
        self.org_address = QLineEdit(data.org_address)
        org = QWidget()
        of = QFormLayout(org)
        of.setContentsMargins(0, 0, 0, 0)
        of.addRow(self.tr("&Name:"), self.org_name)
        of.addRow(self.tr("Credit &code:"), self.org_code)
        of.addRow(self.tr("&Legal representative:"), self.org_rep)
        of.addRow(self.tr("&Address:"), self.org_address)
        return org

    def _make_representative(self, data: PartyInput) -> QGroupBox:
        self.rep_kind = QComboBox()
        for code in REP_KINDS:
            self.rep_kind.addItem(label(REP_KINDS, code), code)
        self.rep_kind.setCurrentIndex(max(0, self.rep_kind.findData(data.rep_kind)))
        self.rep_name = QLineEdit(data.rep_name)
        self.rep_phone = QLineEdit(data.rep_phone)
        rep = QGroupBox(self.tr("Representative"))
        rf = QFormLayout(rep)
        rf.addRow(self.tr("Kind:"), self.rep_kind)
        rf.addRow(self.tr("Name:"), self.rep_name)
        rf.addRow(self.tr("Phone:"), self.rep_phone)
        return rep

    def _kind(self) -> None:
        self.pages.setCurrentIndex(0 if self.person_radio.isChecked() else 1)

    def _find(self) -> None:
        outcome = ops.run(self, self.ctx, lambda uow: people.find_people(uow, text=self.find.text()),
                          failure=lambda exc: self.status.error(describe(exc)))
        if not outcome.ok:
            return
        found = outcome.value
        self.matches.clear()
        for p in found:
            item = QListWidgetItem(f"{p.name}  {p.id_number_masked}  {p.phone_masked}  {p.village}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.matches.addItem(item)
        if not found:
            self.status.info(self.tr("Nobody found; type the person's details."))
        else:
            self.status.clear_message()
            self.matches.setFocus()
            self.matches.setCurrentRow(0)

    def _take_match(self, item: QListWidgetItem) -> None:
        p = item.data(Qt.ItemDataRole.UserRole)
        self.found_person_id = p.id
        self.name.setText(p.name)
        self.id_number.clear()
        self.id_number.setPlaceholderText(p.id_number_masked)
        self.phone.clear()
        self.phone.setPlaceholderText(p.phone_masked)
        self.village.setText(p.village)
        self.address.setText(p.address)
        self._masked = (p.id_number_masked, p.phone_masked)

    def save(self) -> None:
        side = self.side.currentData()
        party_id = self.row.data.party_id if self.row else None
        rep = dict(rep_name=self.rep_name.text().strip(), rep_kind=self.rep_kind.currentData(),
                   rep_phone=self.rep_phone.text().strip())
        if self.person_radio.isChecked():
            if not self.name.text().strip():
                self.status.error(describe(Invalid(field="name", reason="empty")))
                return
            # an empty ID or phone of a known person keeps what is stored (the form shows it masked)
            known = self.found_person_id is not None
            person = PersonInput(
                name=self.name.text().strip(), id_number=self.id_number.text().strip() or None,
                phone=self.phone.text().strip() or (None if known else ""), village=self.village.text().strip(),
                address=self.address.text().strip(), person_id=self.found_person_id)
            masked = getattr(self, "_masked", (self.row.id_masked, self.row.phone_masked) if self.row else ("", ""))
            self.result_row = PartyRow(PartyInput(side=side, kind="person", person=person, party_id=party_id, **rep),
                                       id_masked=person.id_number or masked[0], phone_masked=person.phone or masked[1])
        else:
            if not self.org_name.text().strip():
                self.status.error(describe(Invalid(field="name", reason="empty")))
                return
            self.result_row = PartyRow(PartyInput(
                side=side, kind="organisation", name=self.org_name.text().strip(),
                org_code=self.org_code.text().strip(), org_legal_rep=self.org_rep.text().strip(),
                org_address=self.org_address.text().strip(), party_id=party_id, **rep))
        self.accept()
