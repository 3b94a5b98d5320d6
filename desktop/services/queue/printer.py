"""The kiosk's printer: the system printer (a named one, or the default), an ESC/POS printer over USB, a
serial port or the network, or a PDF saved in the data folder (no printer)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from desktop.db import UnitOfWork
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.queue._stored import _from, _range, _read_json, _write_json

PRINTER_KEY = "kiosk_printer"
PRINTER_KINDS = ("system", "usb", "serial", "network", "pdf")
USB_ID = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$")


@dataclass(frozen=True)
class PrinterSettings:
    kind: str = "system"
    system_name: str = ""  # "" = the default system printer
    usb_id: str = ""  # vendor:product in hex, e.g. 0416:5011
    serial_port: str = ""  # /dev/ttyUSB0, COM3
    baudrate: int = 9600
    host: str = ""
    port: int = 9100

    @property
    def usb_ids(self) -> tuple[int, int]:
        vendor, product = self.usb_id.split(":")
        return int(vendor, 16), int(product, 16)


def get_printer_settings(uow: UnitOfWork) -> PrinterSettings:
    with uow:
        return _from(PrinterSettings, _read_json(uow, PRINTER_KEY))


def check_printer_settings(settings: PrinterSettings) -> PrinterSettings:
    """The settings with their texts trimmed; Invalid names the field a kind of printer needs."""
    s = replace(settings, system_name=settings.system_name.strip(), usb_id=settings.usb_id.strip().lower(),
                serial_port=settings.serial_port.strip(), host=settings.host.strip())
    if s.kind not in PRINTER_KINDS:
        raise Invalid(field="printer_kind", reason="choice")
    if s.kind == "usb" and not USB_ID.match(s.usb_id):
        raise Invalid(field="printer_usb_id", reason="usb_id")
    if s.kind == "serial":
        if not s.serial_port:
            raise Invalid(field="printer_serial_port", reason="empty")
        if s.baudrate not in (2400, 4800, 9600, 19200, 38400, 57600, 115200):
            raise Invalid(field="printer_baudrate", reason="choice")
    if s.kind == "network":
        if not s.host or not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]+", s.host):
            raise Invalid(field="printer_host", reason="format" if s.host else "empty")
        _range("printer_port", s.port, 1, 65535)
    return s


def update_printer_settings(uow: UnitOfWork, *, settings: PrinterSettings) -> PrinterSettings:
    settings = check_printer_settings(settings)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "printer.settings"
        _write_json(uow, PRINTER_KEY, asdict(settings))
        uow.commit()
    return settings
