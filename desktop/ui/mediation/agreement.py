"""The agreement editor (调解协议书): the parties' basic information, facts, disputed matters and each
party's responsibility, numbered terms with how and by when each is performed, or the content of an oral
agreement. What 第二十九条 still requires is listed as you type; finalising refuses an incomplete agreement.
A written agreement is printed for signing, its signing recorded (every party, the mediator, the
committee's seal), and only then finalised: finalising closes the case, so it refuses an unsigned one, and
offers to cancel the case's remaining sessions. A final version is read-only: a correction starts a new
version and the earlier ones stay viewable."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.facts import FactsError
from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services import mediation as mediation_documents
from desktop.services.mediation import AgreementIncomplete, AgreementUnsigned, TermInput
from desktop.ui import ops
from desktop.ui.documents import NoPrintSystem, open_pdf, print_pdf
from desktop.ui.mediation.closing import ClosingDialog
from desktop.ui.mediation.common import (
    AGREEMENT_FORMS,
    AGREEMENT_STATES,
    REP_KINDS,
    SIDES,
    fmt_date,
    fmt_dt,
    label,
    missing_text,
    pydate,
    qdate,
)
from desktop.ui.mediation.widgets import Banner, buddy, button, fill, fit_rows, shortcut, table
from desktop.ui.messages import describe
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.widgets import two_panes

RED = "QPlainTextEdit, QLineEdit { border: 2px solid #d93025; }"
GENDER = {"M": "男", "F": "女"}


def parse_day(text: str) -> dt.date | None:
    text = text.strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class AgreementEditor(QDialog):
    def __init__(self, ctx, parent=None, *, dispute):
        super().__init__(parent)
        self.ctx, self.dispute = ctx, dispute
        self.versions: list = []
        self.current = None
        self.setWindowTitle(self.tr("Mediation agreement — %1").replace("%1", dispute.case_no))
        self.resize(1180, 720)
        self.version = QComboBox()
        self.version.setObjectName("versions")
        self.state = QLabel()
        self.state.setObjectName("agreement_state")
        self.written = QRadioButton(label(AGREEMENT_FORMS, "written"))
        self.oral = QRadioButton(label(AGREEMENT_FORMS, "oral"))
        forms = QButtonGroup(self)
        forms.addButton(self.written)
        forms.addButton(self.oral)
        self.parties = table([self.tr("Side"), self.tr("Name"), self.tr("Gender"), self.tr("Born"),
                              self.tr("ID number / representative"), self.tr("Address"), self.tr("Agent")], stretch=5)
        self.parties.setObjectName("agreement_parties")
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.matters = QPlainTextEdit()
        self.matters.setObjectName("matters")
        self.responsibilities = QPlainTextEdit()
        self.responsibilities.setObjectName("responsibilities")
        self.oral_content = QPlainTextEdit()
        self.oral_content.setObjectName("oral_content")
        self.other = QLineEdit()
        self.correction = QLineEdit()
        self.correction.setObjectName("correction_reason")
        self.terms = table([self.tr("No."), self.tr("Agreed term"), self.tr("Performed by"),
                            self.tr("How it is performed"), self.tr("By (yyyy-mm-dd)")], stretch=1)
        self.terms.setObjectName("terms")
        self.terms.setEditTriggers(self.terms.EditTrigger.AllEditTriggers)
        self.terms.setColumnWidth(0, 40)
        self.terms.setColumnWidth(2, 120)
        self.terms.setColumnWidth(3, 220)
        self.terms.setColumnWidth(4, 120)
        self.missing = QLabel()
        self.missing.setObjectName("missing")
        self.missing.setWordWrap(True)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.missing.setMinimumWidth(240)
        self.status = Banner()
        self.status.setObjectName("status")
        # layout
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Version:")))
        top.addWidget(self.version)
        top.addWidget(self.state)
        top.addSpacing(20)
        top.addWidget(self.written)
        top.addWidget(self.oral)
        top.addStretch(1)
        texts = QGridLayout()
        texts.addWidget(buddy(self.tr("Ma&in facts:"), self.facts), 0, 0)
        texts.addWidget(buddy(self.tr("Disputed &matters:"), self.matters), 0, 1)
        texts.addWidget(buddy(self.tr("Each party's &responsibility:"), self.responsibilities), 0, 2)
        texts.addWidget(self.facts, 1, 0)
        texts.addWidget(self.matters, 1, 1)
        texts.addWidget(self.responsibilities, 1, 2)
        self.oral_label = buddy(self.tr("Content of the &oral agreement:"), self.oral_content)
        term_bar = QHBoxLayout()
        term_bar.addWidget(QLabel(self.tr("<b>Agreed terms</b>")))
        term_bar.addStretch(1)
        self.add_term_button = button(self, self.tr("Add &term"), self.add_term, "Ctrl+T")
        self.remove_term_button = button(self, self.tr("Remove term"), self.remove_term, "Ctrl+Shift+T")
        term_bar.addWidget(self.add_term_button)
        term_bar.addWidget(self.remove_term_button)
        extra = QFormLayout()
        extra.addRow(self.tr("Other matters:"), self.other)
        self.correction_label = buddy(self.tr("Reaso&n for the correction:"), self.correction)
        extra.addRow(self.correction_label, self.correction)
        editor = QWidget()
        ev = QVBoxLayout(editor)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(QLabel(self.tr("<b>The parties' basic information</b> (from the registration)")))
        ev.addWidget(self.parties)
        ev.addLayout(texts, 2)
        ev.addWidget(self.oral_label)
        ev.addWidget(self.oral_content, 1)
        ev.addLayout(term_bar)
        ev.addWidget(self.terms, 2)
        ev.addLayout(extra)
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(6, 0, 0, 0)
        sv.addWidget(QLabel(self.tr("<b>Article 29 checklist</b>")))
        sv.addWidget(self.missing, 1)
        split = two_panes(editor, side, (4, 1))
        # buttons
        self.save_button = button(self, self.tr("&Save draft"), self.save, "Ctrl+S")
        self.save_button.setObjectName("save_draft")
        self.finalise_button = button(self, self.tr("&Finalise…"), self.finalise, "Ctrl+Shift+F",
                                      self.tr("Freeze the agreement; it is refused while an item is missing"))
        self.finalise_button.setObjectName("finalise")
        self.correct_button = button(self, self.tr("&Correct (new version)"), self.correct, "Ctrl+Shift+N")
        self.sign_button = button(self, self.tr("Record si&gning…"), self.record_signing, None,
                                  self.tr("Every party, the mediator and the committee's seal are on the printed "
                                          "agreement: record it, then finalise"))
        self.sign_button.setObjectName("record_signing")
        self.print_button = button(self, self.tr("&Print"), self.print_agreement, "Ctrl+P",
                                   self.tr("Print one copy per party plus one for the committee (a complete draft "
                                           "prints for signing)"))
        self.print_button.setObjectName("print_agreement")
        self.print_runner = TaskRunner(self)
        self._printing = ""
        self.discard_button = button(self, self.tr("Discard draft"), self.discard)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        for b in (self.save_button, self.finalise_button, self.correct_button, self.sign_button, self.print_button,
                  self.discard_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        # live checklist
        for w in (self.facts, self.matters, self.responsibilities, self.oral_content):
            w.textChanged.connect(self.update_checklist)
        self.terms.itemChanged.connect(lambda _i: self.update_checklist())
        self.written.toggled.connect(self._form_changed)
        self.version.currentIndexChanged.connect(self._version_changed)
        shortcut(self, "Ctrl+S", self.save)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self, select_id: int | None = None) -> None:
        self.versions = agreements.list_agreements(self.ctx.uow(), dispute_id=self.dispute.id)
        if not self.versions:
            self.versions = [agreements.draft_agreement(self.ctx.uow(), dispute_id=self.dispute.id)]
        self.version.blockSignals(True)
        self.version.clear()
        for a in self.versions:
            self.version.addItem(self.tr("Version %1 — %2").replace("%1", str(a.version_no)).replace(
                "%2", label(AGREEMENT_STATES, a.state)), a.id)
        self.version.blockSignals(False)
        index = 0
        if select_id is not None:
            index = max(0, self.version.findData(select_id))
        self.version.setCurrentIndex(index)
        self._show(self.versions[index])

    def _version_changed(self, index: int) -> None:
        if 0 <= index < len(self.versions):
            self._show(self.versions[index])

    def _show(self, a) -> None:
        self.current = a
        draft = a.state == "draft"
        for w in (self.facts, self.matters, self.responsibilities, self.oral_content):
            w.blockSignals(True)
        self.terms.blockSignals(True)
        (self.oral if a.form == "oral" else self.written).setChecked(True)
        self.facts.setPlainText(a.facts)
        self.matters.setPlainText(a.matters)
        self.responsibilities.setPlainText(a.responsibilities)
        self.oral_content.setPlainText(a.oral_content)
        self.other.setText(a.other_terms)
        self.correction.setText(a.correction_reason)
        rows = []
        for p in a.parties:
            ident = p.id_number_masked if p.kind == "person" else p.org_legal_rep
            rep = f"{p.rep_name}（{label(REP_KINDS, p.rep_kind)}）" if p.rep_name else ""
            rows.append([label(SIDES, p.side), p.name, GENDER.get(p.gender or "", ""), fmt_date(p.birth_date),
                         ident, p.address, rep])
        fill(self.parties, rows)
        fit_rows(self.parties, 2, 5)
        self.terms.setRowCount(0)
        for t in a.terms:
            self._add_term_row(t.content, t.obligor, t.method, t.due_on)
        for w in (self.facts, self.matters, self.responsibilities, self.oral_content):
            w.blockSignals(False)
            w.setReadOnly(not draft)
        self.terms.blockSignals(False)
        self.other.setReadOnly(not draft)
        self.correction.setReadOnly(not draft)
        self.terms.setEditTriggers(self.terms.EditTrigger.AllEditTriggers if draft
                                   else self.terms.EditTrigger.NoEditTriggers)
        self.written.setEnabled(draft)
        self.oral.setEnabled(draft)
        correcting = a.version_no > 1
        self.correction_label.setVisible(correcting)
        self.correction.setVisible(correcting)
        signed = self.tr("signed %1").replace("%1", fmt_date(a.signed_on)) if a.signed_on \
            else self.tr("not signed yet")
        if a.state != "draft":
            state = self.tr("finalised %1 by %2").replace("%1", fmt_dt(a.finalised_at)).replace(
                "%2", a.finalised_by_name)
            state += " · " + signed + " · " + self.tr("%1 copies").replace("%1", str(a.copies))
        else:
            state = signed if a.form == "written" else ""
        self.state.setText(state)
        is_latest = a.id == self.versions[0].id
        self.save_button.setEnabled(draft)
        self.finalise_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        self.add_term_button.setEnabled(draft)
        self.remove_term_button.setEnabled(draft)
        self.correct_button.setEnabled(a.state == "final" and is_latest)
        self.sign_button.setEnabled(a.form == "written" and (draft or (a.state == "final" and a.signed_on is None)))
        self.print_button.setEnabled(a.form == "written")
        self._form_changed()
        self.status.clear_message()
        self._mark([])

    def _form_changed(self) -> None:
        oral = self.oral.isChecked()
        self.oral_label.setVisible(oral)
        self.oral_content.setVisible(oral)
        self.update_checklist()

    # ------------------------------------------------------------------ terms
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

    def update_checklist(self) -> None:
        if self.current is None:
            return
        if self.current.state != "draft":
            self.missing.setText(self.tr("This version is final and cannot be changed. To correct it, start a new "
                                         "version; this one is kept."))
            self.missing.setStyleSheet("color: #202124;")
            return
        missing = self.missing_now()
        if missing:
            self.missing.setText(self.tr("Still required before finalising:") + "<ul>" + "".join(
                f"<li>{missing_text(code)}</li>" for code in missing) + "</ul>")
            self.missing.setStyleSheet("color: #a50e0e;")
        elif not self.oral.isChecked() and self.current.signed_on is None:
            self.missing.setText(self.tr("Every item Article 29 requires is present. Print it for signing; once "
                                         "every party, the mediator and the committee's seal are on it, record "
                                         "the signing, then finalise."))
            self.missing.setStyleSheet("color: #202124;")
        else:
            self.missing.setText(self.tr("Every item Article 29 requires is present. The agreement can be "
                                         "finalised."))
            self.missing.setStyleSheet("color: #0d652d;")

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

    # ------------------------------------------------------------------ actions
    def save(self, quiet: bool = False) -> bool:
        a = self.current
        if a is None or a.state != "draft":
            return False
        bad_dates = [r + 1 for r in range(self.terms.rowCount())
                     if (self.terms.item(r, 4) and self.terms.item(r, 4).text().strip()
                         and parse_day(self.terms.item(r, 4).text()) is None)]
        if bad_dates:
            self.status.error(self.tr("The deadline of term %1 is not a date (yyyy-mm-dd).").replace(
                "%1", str(bad_dates[0])))
            return False
        outcome = ops.run(self, self.ctx, lambda uow: agreements.save_agreement(
            uow, agreement_id=a.id, version=a.version, form="oral" if self.oral.isChecked() else "written",
            facts=self.facts.toPlainText(), matters=self.matters.toPlainText(),
            responsibilities=self.responsibilities.toPlainText(), terms=self.term_inputs(),
            oral_content=self.oral_content.toPlainText(), other_terms=self.other.text(),
            correction_reason=self.correction.text()), failure=lambda exc: self.status.error(describe(exc)),
            area="mediation")
        if not outcome.ok:
            return False
        saved = outcome.value
        self.versions = [saved if v.id == saved.id else v for v in self.versions]
        self.current = saved
        if not quiet:
            self.status.ok(self.tr("Draft saved."))
        return True

    def finalise(self) -> None:
        if not self.save(quiet=True):
            return
        a = self.current
        if a.missing:  # the service refuses too; saying so before asking anything
            self._refused(AgreementIncomplete(missing=a.missing))
            return
        if a.form == "written" and a.signed_on is None:
            self._refused(AgreementUnsigned(missing=agreements.signature_codes(len(a.parties)),
                                            party_names=tuple(p.name for p in a.parties)))
            return
        signed_on = None
        if a.form == "oral":
            dialog = SigningDialog(self, parties=a.parties, mediators=(), today=self.ctx.clock.now().date(),
                                   oral=True)
            if not dialog.exec():
                return
            signed_on = dialog.signed_on()
        first = not any(v.state != "draft" for v in self.versions)
        cancel_ids: list[int] = []
        if first:  # finalising the first version closes the case: its remaining sessions are offered
            sessions = mediation.remaining_sessions(self.ctx.uow(), dispute_id=self.dispute.id)
            closing = ClosingDialog(
                self, case_no=self.dispute.case_no, sessions=sessions, keep_allowed=True,
                what=self.tr("Version %1 becomes final: the agreement is in effect and case %2 is closed as "
                             "agreed.").replace("%1", str(a.version_no)).replace("%2", self.dispute.case_no),
                ok_text=self.tr("Finalise and close the case"))
            if not closing.exec():
                return
            cancel_ids = closing.cancelled_ids()
        reason = self.tr("The case was closed by agreement.")
        outcome = ops.run(self, self.ctx, lambda uow: agreements.finalise_agreement(
            uow, agreement_id=a.id, version=a.version, signed_on=signed_on, cancel_booking_ids=cancel_ids,
            cancel_reason=reason), failure=self._failed, area="mediation")
        if not outcome.ok:
            return
        final = outcome.value
        self.reload(select_id=final.id)
        text = self.tr("Version %1 is final and in effect; the case is closed.").replace("%1", str(final.version_no))
        if cancel_ids:
            text += " " + self.tr("%1 remaining sessions cancelled.").replace("%1", str(len(cancel_ids)))
        self.status.ok(text)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, AgreementIncomplete | AgreementUnsigned):
            self._refused(exc)
        else:
            self.status.error(describe(exc))

    def _refused(self, exc: AgreementIncomplete | AgreementUnsigned) -> None:
        self.status.error(describe(exc))
        if isinstance(exc, AgreementIncomplete):
            self._mark(exc.missing)
        else:
            self.sign_button.setFocus()

    def correct(self) -> None:
        outcome = ops.run(self, self.ctx, lambda uow: agreements.draft_agreement(uow, dispute_id=self.dispute.id),
                          failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not outcome.ok:
            return
        draft = outcome.value
        self.reload(select_id=draft.id)
        self.correction.setFocus()
        self.status.info(self.tr("Version %1 is a copy to correct; give the reason, then finalise it. The "
                                 "earlier version is kept.").replace("%1", str(draft.version_no)))

    def record_signing(self) -> None:
        a = self.current
        if a is None or a.form != "written":
            return
        if a.state == "draft" and not self.save(quiet=True):
            return
        a = self.current
        dialog = SigningDialog(self, parties=a.parties, mediators=tuple(m.name for m in self.dispute.mediators),
                               today=self.ctx.clock.now().date())
        if not dialog.exec():
            return
        outcome = ops.run(self, self.ctx, lambda uow: agreements.record_signing(
            uow, agreement_id=a.id, signed_on=dialog.signed_on(), signatures=dialog.signatures()),
            failure=lambda exc: self._refused(exc) if isinstance(exc, AgreementIncomplete) else self.status.error(
                describe(exc)), area="mediation")
        if not outcome.ok:
            return
        signed = outcome.value
        self.reload(select_id=signed.id)
        if signed.state == "draft":
            self.status.ok(self.tr("Signed on %1. Finalise it to put it in effect and close the case.").replace(
                "%1", fmt_date(signed.signed_on)))
            self.finalise_button.setFocus()
        else:
            self.status.ok(self.tr("Signed on %1: the agreement is in effect.").replace(
                "%1", fmt_date(signed.signed_on)))

    def print_agreement(self) -> None:
        """Every copy (parties + 1, each marked with whose copy it is) in one print job through the system."""
        a = self.current
        ctx = self.ctx
        task = Task(lambda: mediation_documents.agreement_print(ctx.uow(), agreement_id=a.id), plain=True)
        task.signals.finished.connect(self._print_ready)
        task.signals.failed.connect(self._print_failed)
        self._printing = mediation_documents.file_stem("agreement", self.dispute.case_no, version=a.version_no)
        self.print_button.setEnabled(False)
        self.status.info(self.tr("Preparing the copies…"))
        self.print_runner.start("print", task)

    def _print_failed(self, exc: Exception) -> None:  # a refusal, or a document that lacks data
        self.print_button.setEnabled(True)
        self.status.error(describe(exc))

    def _print_ready(self, printable) -> None:
        self.print_button.setEnabled(True)
        copies = "、".join(printable.copies)
        try:
            print_pdf(printable.data, self._printing)
        except NoPrintSystem:
            open_pdf(printable.data, self._printing)
            self.status.info(self.tr("No print system on this computer: the %1 copies (%2) are open in the PDF "
                                     "viewer; print them from there.").replace("%1", str(len(printable.copies)))
                             .replace("%2", copies))
            return
        except (FactsError, OSError) as exc:
            self.status.error(describe(exc) if isinstance(exc, FactsError) else str(exc))
            return
        self.status.ok(self.tr("%1 copies sent to the printer: %2.").replace("%1", str(len(printable.copies)))
                       .replace("%2", copies))

    def discard(self) -> None:
        a = self.current
        if QMessageBox.question(self, self.tr("Discard draft"), self.tr("Discard version %1 (a draft)?").replace(
                "%1", str(a.version_no))) != QMessageBox.StandardButton.Yes:
            return
        outcome = ops.run(self, self.ctx, lambda uow: agreements.discard_draft(uow, agreement_id=a.id),
                          failure=lambda exc: self.status.error(describe(exc)), area="mediation")
        if not outcome.ok:
            return
        if len(self.versions) == 1:
            self.accept()
            return
        self.reload()


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
