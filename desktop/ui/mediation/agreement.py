"""The agreement editor (调解协议书): the parties' basic information, facts, disputed matters and each
party's responsibility, numbered terms with how and by when each is performed, or the content of an oral
agreement. What 第二十九条 still requires is listed as you type; finalising refuses an incomplete agreement.
A written agreement is printed for signing, its signing recorded (every party, the mediator, the
committee's seal), and only then finalised: finalising closes the case, so it refuses an unsigned one, and
offers to cancel the case's remaining sessions. A final version is read-only: a correction starts a new
version and the earlier ones stay viewable."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QVBoxLayout

from desktop.facts import FactsError
from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services import mediation as mediation_documents
from desktop.services.mediation import AgreementIncomplete, AgreementUnsigned
from desktop.ui import ops
from desktop.ui.documents import NoPrintSystem, open_pdf, print_pdf
from desktop.ui.form_widgets import fill, fit_rows, shortcut
from desktop.ui.mediation.agreement_layout import AgreementLayout
from desktop.ui.mediation.agreement_signing import SigningDialog
from desktop.ui.mediation.agreement_terms import AgreementTerms, parse_day
from desktop.ui.mediation.closing import ClosingDialog
from desktop.ui.mediation_labels import (
    AGREEMENT_STATES,
    REP_KINDS,
    SIDES,
    fmt_date,
    fmt_dt,
    label,
    missing_text,
)
from desktop.ui.messages import describe
from desktop.ui.tasks import Task
from desktop.ui.widgets import two_panes

GENDER = {"M": "男", "F": "女"}

__all__ = ["AgreementEditor", "SigningDialog", "parse_day"]


class AgreementEditor(AgreementLayout, AgreementTerms, QDialog):
    def __init__(self, ctx, parent=None, *, dispute):
        super().__init__(parent)
        self.ctx, self.dispute = ctx, dispute
        self.versions: list = []
        self.current = None
        self.setWindowTitle(self.tr("Mediation agreement — %1").replace("%1", dispute.case_no))
        self.resize(1180, 720)
        self._make_inputs()
        top = self._make_top()
        split = two_panes(self._make_editor(), self._make_side(), (4, 1))
        bar = self._make_buttons()
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
