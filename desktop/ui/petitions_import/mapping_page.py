"""Step 2 of the import wizard: which column of the file is which of our fields, with the first values of each
column, the columns left out, and (for administrators) the category synonyms."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import intake
from desktop.services.intake import files
from desktop.services.permissions import Permission, can
from desktop.ui.category_synonyms import SynonymEditor
from desktop.ui.petitions_import import texts
from desktop.ui.petitions_import.state import ImportState

translate = QCoreApplication.translate  # in the context ImportWizard (see state.py)


def may_configure(ctx) -> bool:
    return ctx.actor.role == "system" or can(ctx.actor.role, Permission.CONFIGURE_CENTER)


class MappingPage(QWidget):
    def __init__(self, ctx, state: ImportState):
        super().__init__()
        self.ctx = ctx
        self.state = state
        self.file_info = QLabel()
        self.file_info.setObjectName("file_info")
        self.file_info.setWordWrap(True)
        self._mapping_table()
        bottom = self._bottom_row()
        note = QLabel(translate("ImportWizard", "Fields marked * are required. A column left out is not imported."))
        note.setStyleSheet("color: #555")
        self.unmapped = QLabel()
        self.unmapped.setObjectName("unmapped")
        self.unmapped.setWordWrap(True)
        self.unmapped.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_info)
        layout.addWidget(self.mapping_table, 1)
        layout.addWidget(self.unmapped)
        layout.addWidget(note)
        layout.addLayout(bottom)

    def _mapping_table(self) -> None:
        self.mapping_table = QTableWidget(len(files.FIELDS), 3)
        self.mapping_table.setObjectName("mapping")
        self.mapping_table.setHorizontalHeaderLabels([translate("ImportWizard", "Our field"),
                                                      translate("ImportWizard", "Column in the file"),
                                                      translate("ImportWizard", "First values in that column")])
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.setColumnWidth(0, 180)
        self.mapping_table.setColumnWidth(1, 300)
        self.mapping_table.verticalHeader().setDefaultSectionSize(34)
        self.combos: dict[str, QComboBox] = {}
        for i, field in enumerate(files.FIELDS):
            label = texts.field_label(field) + (" *" if field in files.REQUIRED else "")
            item = QTableWidgetItem(label)
            if field in files.REQUIRED:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.mapping_table.setItem(i, 0, item)
            combo = QComboBox()
            combo.setObjectName(f"map_{field}")
            combo.currentIndexChanged.connect(lambda _i, f=field: self._show_samples(f))
            self.combos[field] = combo
            self.mapping_table.setCellWidget(i, 1, combo)
            self.mapping_table.setItem(i, 2, QTableWidgetItem(""))

    def _bottom_row(self) -> QHBoxLayout:
        self.remember = QCheckBox(translate("ImportWizard", "Remember this mapping for the source"))
        self.remember.setObjectName("remember")
        self.remember.setChecked(True)
        self.synonyms_button = QPushButton(translate("ImportWizard", "Category &synonyms…"))
        self.synonyms_button.setToolTip(translate("ImportWizard",
                                                  "Which of our categories the platform's category names mean"))
        self.synonyms_button.clicked.connect(self.edit_synonyms)
        self.synonyms_button.setVisible(may_configure(self.ctx))
        bottom = QHBoxLayout()
        bottom.addWidget(self.remember)
        bottom.addStretch(1)
        bottom.addWidget(self.synonyms_button)
        return bottom

    # ------------------------------------------------------------ the file's columns

    def show_file(self, opened: intake.OpenedFile) -> None:
        """The file as read: what it is, and the columns proposed for each field."""
        sheet = opened.sheet
        origin = {"remembered": translate("ImportWizard", "the mapping remembered for this source"),
                  "mixed": translate("ImportWizard", "the remembered mapping, completed by the header names"),
                  "detected": translate("ImportWizard", "the header names")}[opened.origin]
        where = translate("ImportWizard", "sheet “%1”, ").replace("%1", sheet.sheet) if sheet.sheet else ""
        encoding = f" ({sheet.encoding.upper()})" if sheet.encoding else ""
        self.file_info.setText(translate("ImportWizard",
                                         "<b>%1</b>%2: %3header in row %4, %5 data rows, %6 empty rows skipped. "
                                         "Columns proposed from %7.")
                               .replace("%1", html.escape(sheet.file_name)).replace("%2", encoding)
                               .replace("%3", html.escape(where)).replace("%4", str(sheet.header_row))
                               .replace("%5", f"{len(sheet.rows):,}").replace("%6", str(sheet.empty_rows))
                               .replace("%7", origin))
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(translate("ImportWizard", "(not in the file)"), "")
            for header in sheet.headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(opened.mapping.get(field, "")), 0))
            combo.blockSignals(False)
            self._show_samples(field)

    def _show_samples(self, field: str) -> None:
        opened = self.state.opened
        if opened is None:
            return
        header = self.combos[field].currentData() or ""
        samples = opened.sheet.samples(header) if header else []
        row = files.FIELDS.index(field)
        self.mapping_table.item(row, 2).setText("  |  ".join(s.replace("\n", " ")[:40] for s in samples))
        used = set(self.mapping().values())
        left = [h for h in opened.sheet.headers if h and h not in used]
        self.unmapped.setText(translate("ImportWizard", "Columns of the file not imported: %1").replace(
            "%1", "、".join(left)) if left else "")

    def mapping(self) -> dict[str, str]:
        return {f: c.currentData() for f, c in self.combos.items() if c.currentData()}

    def edit_synonyms(self) -> None:
        SynonymEditor(self.ctx, self.window()).exec()
        self.state.preview = None  # the categories may match differently now
