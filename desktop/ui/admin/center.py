"""The Center screen: who the center is (name, case-number abbreviation, address, phone, opening hours)
and the declared settings (password rules, lockout, and the numbers other areas declare)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import center as center_service
from desktop.services.admin import settings as settings_service
from desktop.services.errors import ServiceError
from desktop.ui import ops
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.admin.setting_labels import register_fields, setting_label
from desktop.ui.messages import describe


def _qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


def _time(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


class CenterScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self._stored_settings: dict = {}
        register_fields()
        hours = self._build_center_fields()
        self._build_center_box(hours)
        self._build_settings()
        self._lay_out()

    def _build_center_fields(self) -> QHBoxLayout:
        # --- identity
        self.center_box = QGroupBox(self.tr("Center"))
        self.name = QLineEdit()
        self.name.setObjectName("center_name")
        self.abbr = QLineEdit()
        self.abbr.setObjectName("case_abbr")
        self.abbr.setMaxLength(4)
        self.abbr.setMaximumWidth(120)
        self.preview = QLabel()
        self.preview.setObjectName("case_preview")
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setMaximumWidth(220)
        self.opens = QTimeEdit()
        self.opens.setDisplayFormat("HH:mm")
        self.closes = QTimeEdit()
        self.closes.setDisplayFormat("HH:mm")
        hours = QHBoxLayout()
        hours.addWidget(self.opens)
        hours.addWidget(QLabel("—"))
        hours.addWidget(self.closes)
        hours.addStretch(1)
        return hours

    def _build_center_box(self, hours: QHBoxLayout) -> None:
        self.center_error = QLabel()
        self.center_error.setObjectName("center_error")
        self.center_error.setWordWrap(True)
        self.save_center_button = QPushButton(self.tr("&Save center"))
        self.save_center_button.setToolTip(with_shortcut(self.tr("Save the center's details"), "Ctrl+S"))
        self.save_center_button.clicked.connect(self.save_center)
        hours_label = QLabel(self.tr("Opening &hours:"))
        hours_label.setBuddy(self.opens)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_center_button)
        form = QFormLayout(self.center_box)
        form.addRow(self.tr("Center &name:"), self.name)
        form.addRow(self.tr("Case number &abbreviation:"), self.abbr)
        form.addRow(self.tr("Case numbers:"), self.preview)
        form.addRow(self.tr("A&ddress:"), self.address)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow(hours_label, hours)
        form.addRow(self.center_error)
        form.addRow(save_row)
        self._center_fields = {"name": self.name, "case_abbr": self.abbr, "address": self.address,
                               "phone": self.phone, "opens_at": self.opens, "closes_at": self.closes}
        self.abbr.textChanged.connect(self._update_preview)
        make_action(self.center_box, "Ctrl+S", self.save_center)

    def _build_settings(self) -> None:
        self.primary = self.name  # takes the focus when the tab opens
        # --- declared settings
        self.settings_box = QGroupBox(self.tr("Rules and limits"))
        self.setting_widgets: dict[str, QWidget] = {}
        settings_form = QFormLayout()
        for key, declared in settings_service.DECLARED.items():
            widget = self._setting_widget(declared)
            widget.setObjectName(f"setting_{key}")
            self.setting_widgets[key] = widget
            label = QLabel(setting_label(key))
            label.setBuddy(widget)
            settings_form.addRow(label, widget)
        inner = QWidget()
        inner.setLayout(settings_form)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.viewport().setAutoFillBackground(False)
        inner.setAutoFillBackground(False)
        scroll.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustToContents)  # grows with the list
        self.settings_error = QLabel()
        self.settings_error.setObjectName("settings_error")
        self.settings_error.setWordWrap(True)
        self.save_settings_button = QPushButton(self.tr("Save &rules"))
        self.save_settings_button.setToolTip(with_shortcut(self.tr("Save the rules and limits"), "Ctrl+S"))
        self.save_settings_button.clicked.connect(self.save_settings)
        box_layout = QVBoxLayout(self.settings_box)
        box_layout.addWidget(scroll)
        box_layout.addWidget(self.settings_error)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_settings_button)
        box_layout.addLayout(row)
        make_action(self.settings_box, "Ctrl+S", self.save_settings)

    def _lay_out(self) -> None:
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.center_box)
        left.addStretch(1)
        right.addWidget(self.settings_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    @staticmethod
    def _setting_widget(declared) -> QWidget:
        default = declared.default
        if isinstance(default, bool):
            return QCheckBox()
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(declared.minimum if declared.minimum is not None else -1_000_000,
                          declared.maximum if declared.maximum is not None else 1_000_000)
            spin.setMaximumWidth(140)
            return spin
        if isinstance(default, float):
            spin = QDoubleSpinBox()
            spin.setRange(declared.minimum if declared.minimum is not None else -1e9,
                          declared.maximum if declared.maximum is not None else 1e9)
            spin.setMaximumWidth(140)
            return spin
        return QLineEdit()

    # --- loading
    def refresh(self) -> None:
        """Load from the database the first time the screen is shown; later visits keep unsaved edits."""
        if not self._loaded:
            self.load()

    def load(self) -> None:
        info = center_service.get_center(self.ctx.uow(read_only=True))
        if info is not None:
            self.name.setText(info.name)
            self.abbr.setText(info.case_abbr)
            self.address.setText(info.address)
            self.phone.setText(info.phone)
            self.opens.setTime(_qtime(info.opens_at))
            self.closes.setTime(_qtime(info.closes_at))
        values = settings_service.read_settings(self.ctx.uow(read_only=True))
        self._stored_settings = dict(values)
        for key, widget in self.setting_widgets.items():
            value = values.get(key)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.setValue(value)
            else:
                widget.setText("" if value is None else str(value))
        self._update_preview()
        self._loaded = True

    def _update_preview(self) -> None:
        abbr = self.abbr.text().strip() or "□"
        year = self.ctx.clock.now().year
        self.preview.setText(self.tr("%1 (petitions), %2 (mediation)")
                             .replace("%1", center_service.case_number(abbr, "信", year, 1))
                             .replace("%2", center_service.case_number(abbr, "调", year, 1)))

    # --- saving
    def save_center(self) -> bool:
        if not ops.run(self, self.ctx, lambda uow: center_service.update_center(
                uow, name=self.name.text(), case_abbr=self.abbr.text(), address=self.address.text(),
                phone=self.phone.text(), opens_at=_time(self.opens.time()), closes_at=_time(self.closes.time())),
                failure=lambda exc: self._report(self.center_error, exc, self._center_fields), area="admin").ok:
            return False
        self.center_error.setStyleSheet(OK_STYLE)
        self.center_error.setText(self.tr("The center's details are saved."))
        return True

    def setting_values(self) -> dict:
        values = {}
        for key, widget in self.setting_widgets.items():
            if isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                values[key] = widget.value()
            else:
                values[key] = widget.text()
        return values

    def save_settings(self) -> bool:
        """Store the settings the user changed (unchanged ones keep following their default)."""
        changed = {k: v for k, v in self.setting_values().items() if self._stored_settings.get(k) != v}
        outcome = ops.run(self, self.ctx, lambda uow: settings_service.update_settings(uow, values=changed),
                          failure=lambda exc: self._report(self.settings_error, exc, self.setting_widgets), area="admin")
        if not outcome.ok:
            return False
        self._stored_settings.update(changed)
        self.settings_error.setStyleSheet(OK_STYLE)
        self.settings_error.setText(self.tr("The rules are saved."))
        return True

    @staticmethod
    def _report(label: QLabel, exc: ServiceError, fields: dict[str, QWidget]) -> None:
        label.setStyleSheet(ERROR_STYLE)
        label.setText(describe(exc))
        widget = fields.get(exc.facts.get("field", ""))
        if widget is not None:
            widget.setFocus()
