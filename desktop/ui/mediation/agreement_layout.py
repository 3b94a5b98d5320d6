"""The agreement editor's widgets and how they are laid out: the version line, the parties' basic
information, the three texts, the oral content, the terms table, the Article 29 checklist beside them and
the button row. ``AgreementLayout`` is mixed into AgreementEditor, which calls these in order from its
__init__; the texts keep the translation context "AgreementEditor" of the editor they were written in."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.form_widgets import Banner, buddy, button, table
from desktop.ui.mediation_labels import AGREEMENT_FORMS, label
from desktop.ui.tasks import TaskRunner
from desktop.ui.text import translator

_t = translator("AgreementEditor")
PARTY_COLUMNS = (
    QT_TRANSLATE_NOOP("AgreementEditor", "Side"), QT_TRANSLATE_NOOP("AgreementEditor", "Name"),
    QT_TRANSLATE_NOOP("AgreementEditor", "Gender"), QT_TRANSLATE_NOOP("AgreementEditor", "Born"),
    QT_TRANSLATE_NOOP("AgreementEditor", "ID number / representative"),
    QT_TRANSLATE_NOOP("AgreementEditor", "Address"), QT_TRANSLATE_NOOP("AgreementEditor", "Agent"))
TERM_COLUMNS = (
    QT_TRANSLATE_NOOP("AgreementEditor", "No."), QT_TRANSLATE_NOOP("AgreementEditor", "Agreed term"),
    QT_TRANSLATE_NOOP("AgreementEditor", "Performed by"),
    QT_TRANSLATE_NOOP("AgreementEditor", "How it is performed"),
    QT_TRANSLATE_NOOP("AgreementEditor", "By (yyyy-mm-dd)"))


class AgreementLayout:
    """Builds the editor's widgets (attributes of the editor) and returns its parts for the main layout."""

    def _make_inputs(self) -> None:
        self.version = QComboBox()
        self.version.setObjectName("versions")
        self.state = QLabel()
        self.state.setObjectName("agreement_state")
        self.written = QRadioButton(label(AGREEMENT_FORMS, "written"))
        self.oral = QRadioButton(label(AGREEMENT_FORMS, "oral"))
        forms = QButtonGroup(self)
        forms.addButton(self.written)
        forms.addButton(self.oral)
        self.parties = table([_t(c) for c in PARTY_COLUMNS], stretch=5)
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
        self.terms = table([_t(c) for c in TERM_COLUMNS], stretch=1)
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

    def _make_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Version:"))))
        top.addWidget(self.version)
        top.addWidget(self.state)
        top.addSpacing(20)
        top.addWidget(self.written)
        top.addWidget(self.oral)
        top.addStretch(1)
        return top

    def _make_texts(self) -> QGridLayout:
        texts = QGridLayout()
        texts.addWidget(buddy(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Ma&in facts:")), self.facts), 0, 0)
        texts.addWidget(buddy(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Disputed &matters:")), self.matters), 0, 1)
        texts.addWidget(buddy(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Each party's &responsibility:")),
                              self.responsibilities), 0, 2)
        texts.addWidget(self.facts, 1, 0)
        texts.addWidget(self.matters, 1, 1)
        texts.addWidget(self.responsibilities, 1, 2)
        return texts

    def _make_editor(self) -> QWidget:
        """The parties, the three texts, the oral content, the terms and the other matters."""
        texts = self._make_texts()
        self.oral_label = buddy(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Content of the &oral agreement:")),
                                self.oral_content)
        term_bar = QHBoxLayout()
        term_bar.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("AgreementEditor", "<b>Agreed terms</b>"))))
        term_bar.addStretch(1)
        self.add_term_button = button(self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "Add &term")), self.add_term,
                                      "Ctrl+T")
        self.remove_term_button = button(self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "Remove term")),
                                         self.remove_term, "Ctrl+Shift+T")
        term_bar.addWidget(self.add_term_button)
        term_bar.addWidget(self.remove_term_button)
        extra = QFormLayout()
        extra.addRow(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Other matters:")), self.other)
        self.correction_label = buddy(_t(QT_TRANSLATE_NOOP("AgreementEditor", "Reaso&n for the correction:")),
                                      self.correction)
        extra.addRow(self.correction_label, self.correction)
        editor = QWidget()
        ev = QVBoxLayout(editor)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(QLabel(_t(QT_TRANSLATE_NOOP(
            "AgreementEditor", "<b>The parties' basic information</b> (from the registration)"))))
        ev.addWidget(self.parties)
        ev.addLayout(texts, 2)
        ev.addWidget(self.oral_label)
        ev.addWidget(self.oral_content, 1)
        ev.addLayout(term_bar)
        ev.addWidget(self.terms, 2)
        ev.addLayout(extra)
        return editor

    def _make_side(self) -> QWidget:
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(6, 0, 0, 0)
        sv.addWidget(QLabel(_t(QT_TRANSLATE_NOOP("AgreementEditor", "<b>Article 29 checklist</b>"))))
        sv.addWidget(self.missing, 1)
        return side

    def _make_action_buttons(self) -> None:
        self.save_button = button(self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "&Save draft")), self.save,
                                  "Ctrl+S")
        self.save_button.setObjectName("save_draft")
        self.finalise_button = button(
            self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "&Finalise…")), self.finalise, "Ctrl+Shift+F",
            _t(QT_TRANSLATE_NOOP("AgreementEditor", "Freeze the agreement; it is refused while an item is missing")))
        self.finalise_button.setObjectName("finalise")
        self.correct_button = button(self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "&Correct (new version)")),
                                     self.correct, "Ctrl+Shift+N")
        self.sign_button = button(
            self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "Record si&gning…")), self.record_signing, None,
            _t(QT_TRANSLATE_NOOP("AgreementEditor", "Every party, the mediator and the committee's seal are on the "
                                                    "printed agreement: record it, then finalise")))
        self.sign_button.setObjectName("record_signing")
        self.print_button = button(
            self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "&Print")), self.print_agreement, "Ctrl+P",
            _t(QT_TRANSLATE_NOOP("AgreementEditor", "Print one copy per party plus one for the committee (a "
                                                    "complete draft prints for signing)")))
        self.print_button.setObjectName("print_agreement")

    def _make_buttons(self) -> QHBoxLayout:
        self._make_action_buttons()
        self.print_runner = TaskRunner(self)
        self._printing = ""
        self.discard_button = button(self, _t(QT_TRANSLATE_NOOP("AgreementEditor", "Discard draft")), self.discard)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        for b in (self.save_button, self.finalise_button, self.correct_button, self.sign_button, self.print_button,
                  self.discard_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(close)
        return bar
