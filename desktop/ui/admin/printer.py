"""取号打印机: the kiosk's ticket printer (the system printer, an 80 mm ESC/POS printer over USB, a serial port or
the network, or none: a PDF), and a test ticket printed with the choice on screen (saved or not) from this
PC. A USB or serial printer must be attached to the PC that prints: test it at the kiosk PC."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.documents.ticket import TicketSlip
from desktop.services import queue as hall_voice
from desktop.services.admin import center as center_service
from desktop.ui import ops
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.messages import describe
from desktop.ui.tasks import Task, TaskRunner
from desktop.ui.ticket_printer import PrintOutcome, paint_ticket, print_escpos, print_ticket

log = logging.getLogger(__name__)
BAUDRATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)


class PrinterPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.last_outcome: PrintOutcome | None = None
        self.runner = TaskRunner(self)
        self._build_kind()
        self._build_fields()
        self._build_details()
        self._build_box()
        preview_box = self._build_preview()
        self._lay_out(preview_box)

    def _build_kind(self) -> None:
        self.box = QGroupBox(self.tr("The kiosk's ticket printer"))
        self.kind = QComboBox()
        self.kind.setObjectName("printer_kind")
        for key, label in (("system", self.tr("System printer (with its driver)")),
                           ("usb", self.tr("80 mm ESC/POS printer on USB")),
                           ("serial", self.tr("80 mm ESC/POS printer on a serial port")),
                           ("network", self.tr("80 mm ESC/POS printer on the network")),
                           ("pdf", self.tr("No printer (the ticket is shown and saved as a PDF)"))):
            self.kind.addItem(label, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)

    def _build_fields(self) -> None:
        self.system_name = QComboBox()
        self.system_name.setObjectName("printer_system_name")
        self.usb_id = QLineEdit()
        self.usb_id.setObjectName("printer_usb_id")
        self.usb_id.setPlaceholderText("0416:5011")
        self.usb_id.setMaximumWidth(160)
        self.serial_port = QLineEdit()
        self.serial_port.setObjectName("printer_serial_port")
        self.serial_port.setPlaceholderText("/dev/ttyUSB0  COM3")
        self.baudrate = QComboBox()
        self.baudrate.setObjectName("printer_baudrate")
        for rate in BAUDRATES:
            self.baudrate.addItem(str(rate), rate)
        self.host = QLineEdit()
        self.host.setObjectName("printer_host")
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox()
        self.port.setObjectName("printer_port")
        self.port.setRange(1, 65535)

    def _build_details(self) -> None:
        self.details = QStackedWidget()
        self.pages: dict[str, int] = {}
        for key, rows in (("system", [(self.tr("Printer:"), self.system_name)]),
                          ("usb", [(self.tr("USB ID (vendor:product):"), self.usb_id),
                                   ("", QLabel(self.tr("Shown by lsusb, or in the printer's self-test print. "
                                                       "The .deb lets the signed-in user reach USB printers.")))]),
                          ("serial", [(self.tr("Serial port:"), self.serial_port),
                                      (self.tr("Baud rate:"), self.baudrate)]),
                          ("network", [(self.tr("Address:"), self.host), (self.tr("Port:"), self.port)]),
                          ("pdf", [("", QLabel(self.tr("The kiosk shows the number large on screen and saves "
                                                       "the ticket as a PDF in the data folder.")))])):
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                if isinstance(widget, QLabel) and not label:
                    widget.setWordWrap(True)
                    widget.setStyleSheet("color: #555")
                    form.addRow(widget)
                else:
                    caption = QLabel(label)
                    caption.setBuddy(widget)
                    form.addRow(caption, widget)
            self.pages[key] = self.details.addWidget(page)

    def _build_box(self) -> None:
        self.message = QLabel()
        self.message.setObjectName("printer_message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("printer_save")
        self.save_button.setToolTip(with_shortcut(self.tr("Save the kiosk's printer"), "Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        make_action(self, "Ctrl+S", self.save)
        self.test_button = QPushButton(self.tr("Print a &test ticket"))
        self.test_button.setObjectName("printer_test")
        self.test_button.setToolTip(with_shortcut(self.tr("Print a test ticket from this PC with the printer "
                                                          "chosen above"), "F5"))
        self.test_button.clicked.connect(self.print_test)
        make_action(self, "F5", self.print_test)
        kind_label = QLabel(self.tr("&Printer:"))
        kind_label.setBuddy(self.kind)
        form = QFormLayout(self.box)
        form.addRow(kind_label, self.kind)
        form.addRow(self.details)
        form.addRow(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

    def _build_preview(self) -> QGroupBox:
        self.preview = QLabel()
        self.preview.setObjectName("ticket_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        preview_box = QGroupBox(self.tr("The test ticket"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.preview)
        preview_layout.addStretch(1)
        return preview_box

    def _lay_out(self, preview_box: QGroupBox) -> None:
        left = QVBoxLayout()
        left.addWidget(self.box)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(preview_box, 2)
        self.primary = self.kind

    # ------------------------------------------------------------ loading
    def refresh(self) -> None:
        if self._loaded:
            return
        from PySide6.QtPrintSupport import QPrinterInfo

        s = hall_voice.get_printer_settings(self.ctx.uow(read_only=True))
        self.system_name.clear()
        default = QPrinterInfo.defaultPrinterName()
        self.system_name.addItem(self.tr("The default printer (%1)").replace("%1", default) if default else
                                 self.tr("The default printer (none yet)"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.system_name.addItem(name, name)
        if s.system_name and self.system_name.findData(s.system_name) < 0:
            self.system_name.addItem(s.system_name, s.system_name)
        self.system_name.setCurrentIndex(max(0, self.system_name.findData(s.system_name)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(s.kind)))
        self.usb_id.setText(s.usb_id)
        self.serial_port.setText(s.serial_port)
        self.baudrate.setCurrentIndex(max(0, self.baudrate.findData(s.baudrate)))
        self.host.setText(s.host)
        self.port.setValue(s.port)
        self._kind_changed()
        self._show_preview(self.test_slip())
        self._loaded = True

    def _kind_changed(self) -> None:
        self.details.setCurrentIndex(self.pages[self.kind.currentData()])

    def form_settings(self) -> hall_voice.PrinterSettings:
        return hall_voice.PrinterSettings(
            kind=self.kind.currentData(), system_name=self.system_name.currentData() or "",
            usb_id=self.usb_id.text(), serial_port=self.serial_port.text(), baudrate=self.baudrate.currentData(),
            host=self.host.text(), port=self.port.value())

    # ------------------------------------------------------------ actions
    def save(self) -> bool:
        if not ops.run(self, self.ctx, lambda uow: hall_voice.update_printer_settings(uow, settings=self.form_settings()),
                       failure=lambda exc: self._say(describe(exc), ok=False), area="admin").ok:
            return False
        self._say(self.tr("Saved. The kiosk prints on it from its next ticket."), ok=True)
        return True

    def test_slip(self) -> TicketSlip:
        info = center_service.get_center(self.ctx.uow(read_only=True))
        return TicketSlip(center_name=info.name if info else "OneStop", number="A000",
                          service_name=self.tr("Printer test"), waiting_ahead=0,
                          issued_at=dt.datetime.now().replace(microsecond=0))

    def print_test(self) -> None:
        checked = ops.run(self, None, lambda: hall_voice.check_printer_settings(self.form_settings()),
                          failure=lambda exc: self._say(describe(exc), ok=False))
        if not checked.ok:
            return
        settings = checked.value
        if self.runner.is_running("test"):
            return
        slip = self.test_slip()
        self._show_preview(slip)
        if settings.kind in ("usb", "serial", "network"):  # may wait for the printer: off the screen's thread
            self._say(self.tr("Printing the test ticket…"), ok=True)
            self.test_button.setEnabled(False)
            task = Task(lambda: print_escpos(slip, settings), plain=True)
            task.signals.finished.connect(self._tested)
            task.signals.failed.connect(lambda exc: self._tested(PrintOutcome(False, "", None, "offline", str(exc))))
            self.runner.start("test", task)
            return
        printer = "" if settings.kind == "pdf" else settings.system_name or None
        self._tested(print_ticket(slip, printer_name=printer))

    def _tested(self, outcome: PrintOutcome) -> None:
        self.test_button.setEnabled(True)
        self.last_outcome = outcome
        if outcome.printed:
            self._say(self.tr("The test ticket went to %1. Check the paper: the number large, the Chinese text "
                              "readable, the QR code, and the cut.").replace("%1", outcome.printer), ok=True)
        elif outcome.problem == "paper_out":
            self._say(self.tr("%1 is out of paper. The kiosk would still issue the ticket and show the "
                              "number.").replace("%1", outcome.printer), ok=False)
        elif outcome.problem:
            self._say(self.tr("%1 does not answer (%2). Check the cable or the address, that it is switched "
                              "on, and that this PC may use it. The kiosk would still issue the ticket and show "
                              "the number.").replace("%1", outcome.printer or self.tr("The printer")).replace(
                "%2", outcome.detail or "—"), ok=False)
        else:
            self._say(self.tr("No printer: the test ticket is saved as %1.").replace("%1", str(outcome.pdf)),
                      ok=True)

    def _show_preview(self, slip: TicketSlip) -> None:
        width = 300
        image = QImage(width, int(width * 110 / 72), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_ticket(painter, slip, width, image.height())
        painter.end()
        self.preview.setPixmap(QPixmap.fromImage(image))

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)
