"""Windows & services: the service windows (number, name, which queue services each one serves) and the
queue services visitors take tickets for (letter, name)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.services.admin import center as center_service
from desktop.ui.admin.common import EditDialog, ListPanel, grey_when_inactive, whole_list, yes_no
from desktop.ui.tablemodel import Column

CENTERED = Qt.AlignmentFlag.AlignCenter


class WindowsScreen(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: EditDialog | None = None
        self._services: list = []
        self._windows: list = []
        grey = grey_when_inactive
        self.windows = ListPanel(
            self.tr("Service windows"),
            [Column(self.tr("No."), lambda w: w.number, align=CENTERED, foreground=grey),
             Column(self.tr("Window"), lambda w: w.name, foreground=grey),
             Column(self.tr("Services"), self._service_names, foreground=grey),
             Column(self.tr("Description"), lambda w: w.description, foreground=grey),
             Column(self.tr("Active"), lambda w: yes_no(w.active), align=CENTERED, foreground=grey)],
            whole_list(self._load_windows), new_text=self.tr("&New window…"), widths=(50, 220, 260, 330, 60), stretch=3)
        self.windows.setObjectName("windows")
        self.services = ListPanel(
            self.tr("Queue services (ticket letters)"),
            [Column(self.tr("Letter"), lambda s: s.letter, align=CENTERED, foreground=grey),
             Column(self.tr("Service"), lambda s: s.name, foreground=grey),
             Column(self.tr("Served at windows"), self._window_numbers, foreground=grey),
             Column(self.tr("Description"), lambda s: s.description, foreground=grey),
             Column(self.tr("Active"), lambda s: yes_no(s.active), align=CENTERED, foreground=grey)],
            whole_list(self._load_services), new_text=self.tr("New &service…"), widths=(50, 160, 200, 330, 60), stretch=3)
        self.services.setObjectName("services")
        self.windows.new_requested.connect(lambda: self.edit_window(None))
        self.windows.edit_requested.connect(self.edit_window)
        self.services.new_requested.connect(lambda: self.edit_service(None))
        self.services.edit_requested.connect(self.edit_service)
        self.primary = self.windows.view  # takes the focus when the tab opens
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.windows)
        splitter.addWidget(self.services)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)

    # --- data
    def _load_services(self) -> list:
        self._services = center_service.list_services(self.ctx.uow(read_only=True))
        return self._services

    def _load_windows(self) -> list:
        self._windows = center_service.list_windows(self.ctx.uow(read_only=True))
        return self._windows

    def _service_names(self, window) -> str:
        names = {s.id: f"{s.letter} {s.name}" for s in self._services}
        return "、".join(names.get(i, "") for i in window.service_ids)

    def _window_numbers(self, service) -> str:
        return "、".join(str(w.number) for w in self._windows if service.id in w.service_ids)

    def refresh(self) -> None:
        self.services.reload()  # first: the window list names the services
        self.windows.reload()
        self.services.column_changed(2)  # "served at windows" depends on the window list

    # --- editing
    def edit_window(self, window) -> None:
        dialog = self.dialog = WindowDialog(self.ctx, self._services, window, self._windows, self)
        dialog.accepted.connect(lambda: self._saved_window(dialog.result_value))
        dialog.open()

    def _saved_window(self, info) -> None:
        self.windows.reload(select=lambda w: w.id == info.id)
        self.services.column_changed(2)

    def edit_service(self, service) -> None:
        next_order = max((s.sort_order for s in self._services), default=-1) + 1
        dialog = self.dialog = ServiceDialog(self.ctx, service, next_order, self)
        dialog.accepted.connect(lambda: self._saved_service(dialog.result_value))
        dialog.open()

    def _saved_service(self, info) -> None:
        self.services.reload(select=lambda s: s.id == info.id)
        self.windows.reload()


class WindowDialog(EditDialog):
    def __init__(self, ctx, services, window=None, windows=(), parent=None):
        super().__init__(self.tr("New window") if window is None else self.tr("Edit window %1").replace(
            "%1", str(window.number)), parent)
        self.ctx = ctx
        self.row = window
        self.number = QSpinBox()
        self.number.setObjectName("number")
        self.number.setRange(0, 999)  # the service says what is allowed (1–99) and why
        self.number.setMaximumWidth(100)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(60)
        self.description = QLineEdit()
        self.description.setMaxLength(200)
        self.active = QCheckBox(self.tr("In &use"))
        self.add_row(self.tr("&Number:"), self.number, "number")
        self.add_row(self.tr("N&ame:"), self.name, "name")
        self.add_row(self.tr("&Description:"), self.description, "description")
        self.add_row("", self.active)
        box = QGroupBox(self.tr("Services served at this window"))
        grid = QGridLayout(box)
        self.service_boxes: dict[int, QCheckBox] = {}
        chosen = set(window.service_ids) if window else set()
        shown = [s for s in services if s.active or s.id in chosen]
        for i, service in enumerate(shown):
            check = QCheckBox(f"{service.letter}  {service.name}")
            check.setChecked(service.id in chosen)
            self.service_boxes[service.id] = check
            grid.addWidget(check, i // 2, i % 2)
        self.form.addRow(box)
        if window is None:
            used = {w.number for w in windows}
            self.number.setValue(next((n for n in center_service.WINDOW_NUMBERS if n not in used), 1))
            self.active.setChecked(True)
        else:
            self.number.setValue(window.number)
            self.name.setText(window.name)
            self.description.setText(window.description)
            self.active.setChecked(window.active)
        self.name.setFocus()

    def save(self, uow):
        return center_service.save_window(
            uow, id=self.row.id if self.row else None, number=self.number.value(),
            name=self.name.text(), description=self.description.text().strip(),
            service_ids=[i for i, box in self.service_boxes.items() if box.isChecked()],
            active=self.active.isChecked())


class ServiceDialog(EditDialog):
    def __init__(self, ctx, service=None, next_order: int = 0, parent=None):
        super().__init__(self.tr("New queue service") if service is None else
                         self.tr("Edit queue service %1").replace("%1", service.letter), parent)
        self.ctx = ctx
        self.service = service
        self.letter = QLineEdit()
        self.letter.setObjectName("letter")
        self.letter.setMaxLength(1)
        self.letter.setMaximumWidth(60)
        self.letter.setToolTip(self.tr("One capital letter A–Z; tickets are numbered A001, A002 …"))
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setMaxLength(60)
        self.description = QLineEdit()
        self.description.setMaxLength(200)
        self.order = QSpinBox()
        self.order.setRange(0, 999)
        self.order.setMaximumWidth(100)
        self.active = QCheckBox(self.tr("In &use (the kiosk offers it)"))
        self.add_row(self.tr("Ticket &letter:"), self.letter, "letter")
        self.add_row(self.tr("&Name:"), self.name, "name")
        self.add_row(self.tr("&Description:"), self.description, "description")
        self.add_row(self.tr("&Order:"), self.order, "sort_order")
        self.add_row("", self.active)
        if service is None:
            self.active.setChecked(True)
            self.order.setValue(next_order)
        else:
            self.letter.setText(service.letter)
            self.name.setText(service.name)
            self.description.setText(service.description)
            self.order.setValue(service.sort_order)
            self.active.setChecked(service.active)

    def save(self, uow):
        return center_service.save_service(
            uow, id=self.service.id if self.service else None, letter=self.letter.text(),
            name=self.name.text(), description=self.description.text().strip(), sort_order=self.order.value(),
            active=self.active.isChecked())
