"""Step 4 of the import wizard: what the import did (cases registered, repeats recorded, changes applied,
rows rejected), Save error report and Import another file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services import intake

translate = QCoreApplication.translate  # in the context ImportWizard (see state.py)


class ResultPage(QWidget):
    """``ResultPage(save_error_report, restart)``: the wizard's actions behind the two buttons."""

    def __init__(self, save_error_report, restart):
        super().__init__()
        self.result_text = QLabel()
        self.result_text.setObjectName("result")
        self.result_text.setTextFormat(Qt.TextFormat.RichText)
        self.result_text.setWordWrap(True)
        self.result_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result_report = QPushButton(translate("ImportWizard", "Save &error report…"))
        self.result_report.clicked.connect(save_error_report)
        self.another = QPushButton(translate("ImportWizard", "Import &another file"))
        self.another.clicked.connect(restart)
        row = QHBoxLayout()
        row.addWidget(self.result_report)
        row.addWidget(self.another)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_text)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_result(self, result: intake.ImportResult) -> None:
        c = result.counts
        created = translate("ImportWizard", ": %1 … %2").replace("%1", result.first_case_no).replace(
            "%2", result.last_case_no) if result.created else ""
        lines = [translate("ImportWizard", "<h3>Imported</h3>")]
        if result.resumed:
            lines.append(translate("ImportWizard", "An unfinished import of this file was continued and completed."))
        lines += [
                 translate("ImportWizard", "%1 new cases registered%2.").replace("%1", str(result.created)).replace(
                     "%2", created),
                 translate("ImportWizard", "%1 repeat visits recorded on cases in progress.").replace(
                     "%1", str(result.repeats)),
                 translate("ImportWizard", "%1 of %2 changed work orders updated (written to the audit log)."
                           ).replace("%1", str(result.updated)).replace("%2", str(c.changed)),
                 translate("ImportWizard", "%1 work orders were imported before and unchanged.").replace(
                     "%1", str(c.unchanged)),
                 translate("ImportWizard", "%1 rows rejected.").replace("%1", str(c.rejected))]
        if c.other_category:
            lines.append(translate("ImportWizard", "%1 cases went to the category 其他.").replace(
                "%1", str(c.other_category)))
        self.result_text.setText("<br>".join(lines))
        self.result_report.setVisible(c.rejected > 0)
