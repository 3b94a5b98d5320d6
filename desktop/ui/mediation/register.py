"""Registering a dispute (from a queue ticket or directly) and correcting its registration: type, source,
the parties on both sides (people found or typed, organisations, representatives), facts, disputed
matters and the mediators."""

from __future__ import annotations

import re

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.services import mediation, people
from desktop.services.admin import center
from desktop.services.errors import ServiceError
from desktop.services.mediation import PartyInput
from desktop.services.people import PersonInput
from desktop.ui import ops
from desktop.ui.form_widgets import (
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
from desktop.ui.mediation.party_dialog import PartyDialog, PartyRow
from desktop.ui.mediation_labels import PARTY_KINDS, REP_KINDS, SIDES, SOURCES, label
from desktop.ui.messages import describe
from desktop.ui.ticket_handoff import TicketHandoff

FIELD = re.compile(r"^parties\[(\d+)\]\.?(.*)$")

__all__ = ["PartyDialog", "PartyRow", "RegistrationDialog", "replace_facts"]


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
        self._make_inputs(ctx, dispute)
        form = self._make_form()
        party_buttons = self._make_party_buttons()
        texts = self._make_texts()
        buttons = self._make_buttons(dispute)
        layout = QVBoxLayout(self)
        self._show_ticket(layout, ticket, ticket_id)
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

    def _make_inputs(self, ctx, dispute) -> None:
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

    def _make_form(self) -> QGridLayout:
        form = QGridLayout()
        form.addWidget(buddy(self.tr("&Type:"), self.type), 0, 0)
        form.addWidget(self.type, 0, 1)
        form.addWidget(buddy(self.tr("&Source:"), self.source), 0, 2)
        form.addWidget(self.source, 0, 3)
        form.addWidget(self.referred_by, 0, 4)
        form.addWidget(buddy(self.tr("S&ubject:"), self.title), 1, 0)
        form.addWidget(self.title, 1, 1, 1, 4)
        form.setColumnStretch(4, 1)
        return form

    def _make_party_buttons(self) -> QHBoxLayout:
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
        return party_buttons

    def _make_texts(self) -> QGridLayout:
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
        return texts

    def _make_buttons(self, dispute) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save") if dispute else self.tr("Register"))
        save.setObjectName("save")
        save.setToolTip(with_keys(save.text(), "Ctrl+S"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        shortcut(self, "Ctrl+S", self.save)
        return buttons

    def _show_ticket(self, layout: QVBoxLayout, ticket, ticket_id: int | None) -> None:
        """The ticket by its number and service, never its database id."""
        if ticket is not None:
            from_ticket = QLabel(self.tr("From queue ticket %1 (%2 %3)").replace("%1", ticket.number or "").replace(
                "%2", ticket.service_letter or "").replace("%3", ticket.service_name or ""))
            from_ticket.setObjectName("from_ticket")
            layout.addWidget(from_ticket)
            self.setWindowTitle(f"{self.windowTitle()} — {ticket.number}")
        elif ticket_id is not None:
            layout.addWidget(QLabel(self.tr("From a queue ticket")))

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

