"""First run: create the center (with its default windows, rooms and calendar) and the first administrator."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, QTime
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop import config
from desktop.services.admin import center
from desktop.ui import ops
from desktop.ui.messages import describe


class SetupWizard(QWizard):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("OneStop — First-run setup"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(680, 500)
        logo = QIcon(str(config.resources_dir() / "icons" / "onestop.svg")).pixmap(QSize(56, 56))
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, logo)

        welcome = self._welcome_page()
        center_page = self._center_page()
        admin_page = self._admin_page()
        for page in (welcome, center_page, admin_page):
            self.addPage(page)
        # A mandatory field counts as filled when it differs from its value when its page was added, so the
        # suggested user name goes in afterwards (set before, it kept Finish disabled until edited).
        self.username.setText("admin")
        self._update_preview()

    def _welcome_page(self) -> QWizardPage:
        """What the next steps set up and what is filled in by default."""
        welcome = QWizardPage()
        welcome.setTitle(self.tr("Welcome to OneStop"))
        welcome.setSubTitle(self.tr("One-stop comprehensive service center workbench"))
        text = QLabel(self.tr(
            "This database is new. The next two steps set up your center: its name and the abbreviation "
            "used in case numbers, opening hours, and the first administrator account.\n\n"
            "The 17 service windows, the mediation rooms, departments, petition categories, dispute types "
            "and the official holiday calendar are filled in with sensible defaults that the administrator "
            "can change later."))
        text.setWordWrap(True)
        QVBoxLayout(welcome).addWidget(text)
        return welcome

    def _center_page(self) -> QWizardPage:
        """The center's name, case number abbreviation (with a preview) and opening hours."""
        center_page = QWizardPage()
        center_page.setTitle(self.tr("Your center"))
        center_page.setSubTitle(self.tr("Case numbers look like （2026）虎信字第034号, where 虎 is the abbreviation."))
        self.name = QLineEdit()
        self.name.setObjectName("center_name")
        self.name.setPlaceholderText(self.tr("e.g. 虎丘镇一站式综合服务中心"))
        self.abbr = QLineEdit()
        self.abbr.setObjectName("case_abbr")
        self.abbr.setMaxLength(4)
        self.abbr.setMaximumWidth(120)
        self.preview = QLabel()
        self.preview.setObjectName("case_preview")
        self.abbr.textChanged.connect(self._update_preview)
        self.opens = QTimeEdit(QTime(8, 30))
        self.closes = QTimeEdit(QTime(17, 30))
        for edit in (self.opens, self.closes):
            edit.setDisplayFormat("HH:mm")
            edit.setMaximumWidth(120)
        form = QFormLayout(center_page)
        form.addRow(self.tr("Center &name:"), self.name)
        form.addRow(self.tr("Case number &abbreviation:"), self.abbr)
        form.addRow(self.tr("Case numbers:"), self.preview)
        form.addRow(self.tr("Opens at:"), self.opens)
        form.addRow(self.tr("Closes at:"), self.closes)
        center_page.registerField("name*", self.name)
        center_page.registerField("abbr*", self.abbr)
        return center_page

    def _admin_page(self) -> QWizardPage:
        """The first administrator's account."""
        admin_page = QWizardPage()
        admin_page.setTitle(self.tr("First administrator"))
        admin_page.setSubTitle(self.tr("The administrator adds the other staff accounts afterwards."))
        self.username = QLineEdit()
        self.username.setObjectName("admin_username")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("admin_full_name")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("admin_confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        form = QFormLayout(admin_page)
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("Full &name:"), self.full_name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("&Confirm password:"), self.confirm)
        form.addRow(QLabel(self.tr("At least 8 characters, with letters and digits.")))
        form.addRow(self.error)
        admin_page.registerField("username*", self.username)
        admin_page.registerField("full_name*", self.full_name)
        admin_page.registerField("password*", self.password)
        return admin_page

    def _update_preview(self) -> None:
        abbr = self.abbr.text().strip() or "□"
        year = self.ctx.clock.now().year
        self.preview.setText(self.tr("%1 (petitions), %2 (mediation)")
                             .replace("%1", center.case_number(abbr, "信", year, 1))
                             .replace("%2", center.case_number(abbr, "调", year, 1)))

    def validateCurrentPage(self) -> bool:  # noqa: N802 (Qt override)
        if self.currentId() != self.pageIds()[-1]:
            return super().validateCurrentPage()
        if self.password.text() != self.confirm.text():
            self.error.setText(self.tr("The two passwords differ."))
            return False
        return ops.run(self, self.ctx, lambda uow: center.setup_center(
            uow, name=self.name.text(), case_abbr=self.abbr.text(),
            admin_username=self.username.text(), admin_full_name=self.full_name.text(),
            admin_password=self.password.text(),
            opens_at=dt.time(self.opens.time().hour(), self.opens.time().minute()),
            closes_at=dt.time(self.closes.time().hour(), self.closes.time().minute())),
            failure=lambda exc: self.error.setText(describe(exc))).ok
