"""Registering a dispute (from a queue ticket or directly) and correcting its registration: type, source,
the parties on both sides (people found or typed, organisations, representatives), facts, disputed
matters and the mediators."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import center, mediation, people
from desktop.services.errors import Invalid, ServiceError
from desktop.services.mediation import PartyInput
from desktop.services.people import PersonInput
from desktop.ui import ops
from desktop.ui.mediation.common import PARTY_KINDS, REP_KINDS, SIDES, SOURCES, label
from desktop.ui.mediation.widgets import (
    Banner,
    add_check,
    buddy,
    button,
    check_list,
    checked,
    fill,
    shortcut,
    table,
    with_keys,
)
from desktop.ui.messages import describe
from desktop.ui.ticket_handoff import TicketHandoff

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
        # person
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
        # organisation
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
        self.pages = QStackedWidget()
        self.pages.addWidget(person)
        self.pages.addWidget(org)
        # representative
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


class RegistrationDialog(QDialog):
    """New dispute (``dispute`` None), optionally from a queue ticket: ``ticket`` (the queue's TicketInfo, read
    through desktop/ui/ticket_handoff.py like the petition registration; shown by its number and service, its
    visitor as the first applicant) or ``ticket_id`` of ``visitor_name``;
    or the correction of an open dispute's registration."""

    def __init__(self, ctx, parent=None, *, dispute=None, ticket_id: int | None = None, visitor_name: str = "",
                 ticket=None):
        ticket = TicketHandoff.of(ticket)
        if ticket is not None:
            ticket_id, visitor_name = ticket.ticket_id, visitor_name or ticket.visitor_name or ""
        super().__init__(parent)
        self.ctx, self.dispute, self.ticket_id = ctx, dispute, ticket_id
        self.saved = None
        self.rows: list[PartyRow] = []
        self.setWindowTitle(self.tr("Correct registration — %1").replace("%1", dispute.case_no) if dispute
                            else self.tr("Register a dispute"))
        self.resize(980, 700)
        self.type = QComboBox()
        self.type.setObjectName("type")
        for t in center.list_dispute_types(ctx.uow(), active_only=True):
            self.type.addItem(t.name, t.id)
        self.source = QComboBox()
        self.source.setObjectName("source")
        for code in SOURCES:
            self.source.addItem(label(SOURCES, code), code)
        self.referred_by = QLineEdit()
        self.referred_by.setPlaceholderText(self.tr("The referring body, e.g. 虎丘派出所"))
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.title.setPlaceholderText(self.tr("One line, e.g. 宅基地边界纠纷"))
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.matters = QPlainTextEdit()
        self.matters.setObjectName("matters")
        self.parties = table([self.tr("Side"), self.tr("Kind"), self.tr("Name"), self.tr("ID number / credit code"),
                              self.tr("Phone"), self.tr("Representative")], stretch=2)
        self.parties.setObjectName("parties")
        self.parties.doubleClicked.connect(lambda _i: self.edit_party())
        self.mediators = check_list()
        self.mediators.setObjectName("mediators")
        roster = mediation.list_mediators(ctx.uow())
        assigned = {m.id for m in dispute.mediators} if dispute else set()
        if dispute is None and ctx.actor.role == "mediator":
            assigned = {m.id for m in roster if m.user_id == ctx.actor.user_id}
        for m in roster:
            add_check(self.mediators, m.name + (f"（{m.organisation}）" if m.organisation else ""), m.id, m.id in assigned)
        self.status = Banner()
        self.status.setObjectName("status")
        form = QGridLayout()
        form.addWidget(buddy(self.tr("&Type:"), self.type), 0, 0)
        form.addWidget(self.type, 0, 1)
        form.addWidget(buddy(self.tr("&Source:"), self.source), 0, 2)
        form.addWidget(self.source, 0, 3)
        form.addWidget(self.referred_by, 0, 4)
        form.addWidget(buddy(self.tr("S&ubject:"), self.title), 1, 0)
        form.addWidget(self.title, 1, 1, 1, 4)
        form.setColumnStretch(4, 1)
        party_buttons = QHBoxLayout()
        party_buttons.addWidget(QLabel(self.tr("<b>Parties</b> (at least one applicant and one respondent)")))
        party_buttons.addStretch(1)
        # Alt+letter is each button's mnemonic (the & in its text), which clicks it. A second shortcut on the same
        # keys made both ambiguous, and Qt then only moved the focus.
        for text, slot, keys, name in (
                (self.tr("Add &applicant…"), lambda: self.add_party("applicant"), None, "add_applicant"),
                (self.tr("Add res&pondent…"), lambda: self.add_party("respondent"), None, "add_respondent"),
                (self.tr("Add &organisation…"), lambda: self.add_party("respondent", "organisation"), None,
                 "add_organisation"),
                (self.tr("&Edit…"), self.edit_party, "F2", "edit_party"),
                (self.tr("&Remove…"), self.remove_party, "Alt+Delete", "remove_party")):
            b = button(self, text, slot, keys, name=name)
            if keys is None:
                b.setToolTip(with_keys(text.replace("&", "").rstrip("…"), QKeySequence.mnemonic(text).toString()))
            party_buttons.addWidget(b)
        texts = QGridLayout()
        texts.addWidget(buddy(self.tr("&Facts:"), self.facts), 0, 0)
        texts.addWidget(buddy(self.tr("Disputed &matters and requests:"), self.matters), 0, 1)
        texts.addWidget(buddy(self.tr("Me&diators:"), self.mediators), 0, 2)
        texts.addWidget(self.facts, 1, 0)
        texts.addWidget(self.matters, 1, 1)
        texts.addWidget(self.mediators, 1, 2)
        texts.setColumnStretch(0, 3)
        texts.setColumnStretch(1, 2)
        texts.setColumnStretch(2, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save") if dispute else self.tr("Register"))
        save.setObjectName("save")
        save.setToolTip(with_keys(save.text(), "Ctrl+S"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        shortcut(self, "Ctrl+S", self.save)
        layout = QVBoxLayout(self)
        if ticket is not None:  # the ticket by its number and service, never its database id
            from_ticket = QLabel(self.tr("From queue ticket %1 (%2 %3)").replace("%1", ticket.number or "").replace(
                "%2", ticket.service_letter or "").replace("%3", ticket.service_name or ""))
            from_ticket.setObjectName("from_ticket")
            layout.addWidget(from_ticket)
            self.setWindowTitle(f"{self.windowTitle()} — {ticket.number}")
        elif ticket_id is not None:
            layout.addWidget(QLabel(self.tr("From a queue ticket")))
        layout.addLayout(form)
        layout.addLayout(party_buttons)
        layout.addWidget(self.parties, 1)
        layout.addLayout(texts, 2)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.source.currentIndexChanged.connect(self._source)
        if dispute is not None:
            self._load(dispute)
        elif visitor_name:
            self.rows.append(PartyRow(PartyInput(side="applicant", person=PersonInput(name=visitor_name))))
        self._source()
        self._show_parties()
        self.title.setFocus()

    def _load(self, d) -> None:
        self.type.setCurrentIndex(max(0, self.type.findData(d.type_id)))
        self.source.setCurrentIndex(max(0, self.source.findData(d.source)))
        self.referred_by.setText(d.referred_by)
        self.title.setText(d.title)
        self.facts.setPlainText(d.facts)
        self.matters.setPlainText(d.matters)
        for p in d.parties:
            rep = dict(rep_name=p.rep_name, rep_kind=p.rep_kind, rep_phone="")
            if p.kind == "person":
                data = PartyInput(side=p.side, kind="person", party_id=p.id, person=PersonInput(
                    name=p.name, id_number=None, phone=None, village=p.village, address=p.address,
                    person_id=p.person_id), **rep)
            else:
                data = PartyInput(side=p.side, kind="organisation", name=p.name, org_code=p.org_code,
                                  org_legal_rep=p.org_legal_rep, org_address=p.org_address, party_id=p.id, **rep)
            self.rows.append(PartyRow(data, p.id_number_masked, p.phone_masked))

    def _source(self) -> None:
        self.referred_by.setEnabled(self.source.currentData() == "referral")

    def _show_parties(self) -> None:
        out = []
        for r in self.rows:
            d = r.data
            name = d.person.name if d.person else d.name
            ident = r.id_masked if d.kind == "person" else d.org_code
            rep = f"{d.rep_name}（{label(REP_KINDS, d.rep_kind)}）" if d.rep_name else ""
            out.append([label(SIDES, d.side), label(PARTY_KINDS, d.kind), name,
                        people.mask_id(ident) if d.kind == "person" and ident and "*" not in ident else ident,
                        people.mask_phone(r.phone_masked) if r.phone_masked and "*" not in r.phone_masked
                        else r.phone_masked, rep])
        fill(self.parties, out, list(range(len(self.rows))))

    def add_party(self, side: str, kind: str = "person") -> None:
        dialog = PartyDialog(self.ctx, self, side=side, kind=kind)
        if dialog.exec() and dialog.result_row is not None:
            self.rows.append(dialog.result_row)
            self._show_parties()
            self.parties.selectRow(len(self.rows) - 1)

    def edit_party(self, index: int | None = None) -> None:
        row = self.parties.currentRow() if index is None else index
        if not 0 <= row < len(self.rows):
            return
        dialog = PartyDialog(self.ctx, self, row=self.rows[row])
        if dialog.exec() and dialog.result_row is not None:
            self.rows[row] = dialog.result_row
            self._show_parties()
            self.parties.selectRow(row)

    def remove_party(self) -> None:
        """Remove the selected party, once the user confirms it by name."""
        row = self.parties.currentRow()
        if not 0 <= row < len(self.rows):
            return
        d = self.rows[row].data
        name = d.person.name if d.person else d.name
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove party"),
                          self.tr("Remove %1 (%2) from the parties of this dispute?").replace("%1", name).replace(
                              "%2", label(SIDES, d.side)), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirm_remove_party")
        remove = box.addButton(self.tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirm_remove")
        keep = box.addButton(self.tr("&Keep"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        if box.clickedButton() is not remove:
            return
        del self.rows[row]
        self._show_parties()
        if self.rows:
            self.parties.selectRow(min(row, len(self.rows) - 1))

    def parties_input(self) -> list[PartyInput]:
        return [r.data for r in self.rows]

    def save(self) -> None:
        values = dict(type_id=self.type.currentData(), source=self.source.currentData(), title=self.title.text(),
                      facts=self.facts.toPlainText(), matters=self.matters.toPlainText(),
                      parties=self.parties_input(), mediator_ids=checked(self.mediators),
                      referred_by=self.referred_by.text())
        if self.dispute is None:
            def save(uow):
                return mediation.register_dispute(uow, ticket_id=self.ticket_id, **values)
        else:
            def save(uow):
                return mediation.update_dispute(uow, dispute_id=self.dispute.id, version=self.dispute.version,
                                                **values)
        saved = ops.run(self, self.ctx, save, area="mediation",
                        failure=lambda exc: self.status.error(self.explain(exc)))
        if not saved.ok:
            return
        self.saved = saved.value
        self.accept()

    def explain(self, exc: ServiceError) -> str:
        """A refusal about one party names the party and selects its row."""
        m = FIELD.match(str(exc.facts.get("field", "")))
        if m is None:
            return describe(exc)
        row = min(int(m.group(1)), len(self.rows) - 1)  # the index of the party as sent, i.e. its row
        self.parties.selectRow(row)
        inner = replace_facts(exc, field=m.group(2) or "name")
        r = self.rows[row].data
        name = r.person.name if r.person else r.name
        return self.tr("Party %1 (%2): %3").replace("%1", str(row + 1)).replace("%2", name).replace(
            "%3", describe(inner))


def replace_facts(exc: ServiceError, **facts) -> ServiceError:
    new = type(exc).__new__(type(exc))
    ServiceError.__init__(new, **{**exc.facts, **facts})
    return new

