"""The administrator's hall voice and ticket printer (叫号语音与打印机): three pages.

- Voice (叫号语音): which voice the calls are spoken with (on this PC, and what each hall display reported:
  engine voice, recorded pack or chime only), the choice of voice, repeat count, rate and volume, and *Test
  voice*, which says a call on this PC exactly as a display would.
- Voice pack (语音包): the phrases a call of this center needs, recorded with the microphone inside OneStop
  (record, listen back, re-record) or imported from a vendor's folder or .zip of WAV files; kept in the
  database, so every display PC speaks with it.
- Ticket printer (取号打印机): desktop.ui.admin.printer.

The voice pack page is desktop.ui.admin.voice_pack.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue as hall_voice
from desktop.services import queue as voice_audio
from desktop.ui import ops, speech
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.admin.printer import PrinterPage
from desktop.ui.admin.voice_pack import PackPage
from desktop.ui.announcer import Announcer
from desktop.ui.message_registry import register, register_fields
from desktop.ui.messages import describe
from desktop.ui.text import translator

log = logging.getLogger(__name__)


_t = translator("HallVoiceMessages")


def _bad_audio(f: dict) -> str:
    reason = f.get("reason")
    name = f.get("name") or ""
    prefix = (name + ": ") if name else ""
    if reason == "silent":
        return prefix + _t(QT_TRANSLATE_NOOP("HallVoiceMessages", "Nothing was heard: check the microphone and "
                                                                   "speak closer to it."))
    if reason == "too_long":
        return prefix + _t(QT_TRANSLATE_NOOP("HallVoiceMessages", "The clip is too long (at most %1 seconds): "
                                                                   "say only the phrase.")).replace(
            "%1", str(int(f.get("maximum_ms", 6000)) // 1000))
    return prefix + _t(QT_TRANSLATE_NOOP("HallVoiceMessages", "Not a WAV file OneStop can read (PCM WAV, 8 to "
                                                               "32 bits, any rate)."))


MESSAGES = [(voice_audio.BadAudio, _bad_audio)]
FIELDS = {
    "voice_mode": QT_TRANSLATE_NOOP("Fields", "Voice"),
    "voice_repeat": QT_TRANSLATE_NOOP("Fields", "Say each call"),
    "voice_rate": QT_TRANSLATE_NOOP("Fields", "Speed"),
    "voice_volume": QT_TRANSLATE_NOOP("Fields", "Volume"),
    "engine_voice": QT_TRANSLATE_NOOP("Fields", "Engine voice"),
    "phrase": QT_TRANSLATE_NOOP("Fields", "Phrase"),
    "pack_file": QT_TRANSLATE_NOOP("Fields", "Voice pack file"),
    "printer_kind": QT_TRANSLATE_NOOP("Fields", "Printer"),
    "printer_usb_id": QT_TRANSLATE_NOOP("Fields", "USB printer ID (vendor:product, e.g. 0416:5011)"),
    "printer_serial_port": QT_TRANSLATE_NOOP("Fields", "Serial port"),
    "printer_baudrate": QT_TRANSLATE_NOOP("Fields", "Baud rate"),
    "printer_host": QT_TRANSLATE_NOOP("Fields", "Printer address"),
    "printer_port": QT_TRANSLATE_NOOP("Fields", "Port"),
}
register(MESSAGES)
register_fields(FIELDS, replace=False)


def kind_text(kind: str, name: str = "") -> str:
    """Which voice speaks, in words (the display's F9 says the same)."""
    if kind == "pack":
        return _t(QT_TRANSLATE_NOOP("HallVoiceMessages", "the recorded voice pack"))
    if kind == "engine":
        return _t(QT_TRANSLATE_NOOP("HallVoiceMessages", "the speech engine's voice %1")).replace(
            "%1", speech.voice_label(name))
    return _t(QT_TRANSLATE_NOOP("HallVoiceMessages", "the chime only (no Chinese voice)"))


MODES = [("auto", QT_TRANSLATE_NOOP("HallVoiceMessages", "Automatic: the recorded pack when complete, else the "
                                                         "speech engine")),
         ("engine", QT_TRANSLATE_NOOP("HallVoiceMessages", "The speech engine's Mandarin voice")),
         ("pack", QT_TRANSLATE_NOOP("HallVoiceMessages", "The recorded voice pack")),
         ("chime", QT_TRANSLATE_NOOP("HallVoiceMessages", "The chime only (no voice)"))]


class VoicePage(QWidget):
    """叫号语音: what speaks, the choice, Test voice."""

    engine: str | None = None  # the QtTextToSpeech engine (None: the platform's; tests use "mock")

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.announcer: Announcer | None = None
        self.voice_names: list[str] = []
        self._loaded = False

        self._build_status()
        self._build_settings()
        self._build_test()
        self._lay_out()

    def _build_status(self) -> None:
        self.status_box = QGroupBox(self.tr("Voice in use"))
        self.this_pc = QLabel()
        self.this_pc.setObjectName("voice_this_pc")
        self.this_pc.setWordWrap(True)
        self.engine_label = QLabel()
        self.engine_label.setObjectName("voice_engine")
        self.engine_label.setWordWrap(True)
        self.pack_label = QLabel()
        self.pack_label.setObjectName("voice_pack_state")
        self.pack_label.setWordWrap(True)
        self.displays = QLabel()
        self.displays.setObjectName("voice_displays")
        self.displays.setWordWrap(True)
        self.displays.setTextFormat(Qt.TextFormat.PlainText)
        status = QFormLayout(self.status_box)
        status.addRow(self.tr("Calls on this PC:"), self.this_pc)
        status.addRow(self.tr("Speech engine:"), self.engine_label)
        status.addRow(self.tr("Recorded pack:"), self.pack_label)
        status.addRow(self.tr("Hall displays:"), self.displays)

    def _build_settings(self) -> None:
        self.settings_box = QGroupBox(self.tr("How calls are spoken"))
        self.mode = QComboBox()
        self.mode.setObjectName("voice_mode")
        for key, label in MODES:
            self.mode.addItem(_t(label), key)
        self.engine_voice = QComboBox()
        self.engine_voice.setObjectName("engine_voice")
        self.repeat = QSpinBox()
        self.repeat.setObjectName("voice_repeat")
        self.repeat.setRange(1, 3)
        self.repeat.setSuffix(self.tr(" times"))
        self.rate = QSpinBox()
        self.rate.setObjectName("voice_rate")
        self.rate.setRange(-50, 50)
        self.rate.setSuffix(" %")
        self.rate.setToolTip(self.tr("Slower (−) or faster (+) than the voice's normal speed"))
        self.volume = QSpinBox()
        self.volume.setObjectName("voice_volume")
        self.volume.setRange(10, 100)
        self.volume.setSuffix(" %")
        self.say_service = QCheckBox(self.tr("Name the service at the end (…窗口办理户籍业务)"))
        self.say_service.setObjectName("say_service")
        form = QFormLayout(self.settings_box)
        for label, widget in ((self.tr("&Voice:"), self.mode), (self.tr("&Engine voice:"), self.engine_voice),
                              (self.tr("Say each &call:"), self.repeat), (self.tr("&Speed:"), self.rate),
                              (self.tr("Vol&ume:"), self.volume)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow("", self.say_service)
        self.settings_message = QLabel()
        self.settings_message.setObjectName("voice_message")
        self.settings_message.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setObjectName("voice_save")
        self.save_button.setToolTip(with_shortcut(self.tr("Save how calls are spoken"), "Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        make_action(self, "Ctrl+S", self.save)
        form.addRow(self.settings_message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        form.addRow(row)

    def _build_test(self) -> None:
        self.test_box = QGroupBox(self.tr("Test voice"))
        self.test_ticket = QLineEdit("A012")
        self.test_ticket.setObjectName("test_ticket")
        self.test_ticket.setMaximumWidth(100)
        self.test_window = QSpinBox()
        self.test_window.setObjectName("test_window")
        self.test_window.setRange(1, 999)
        self.test_window.setValue(3)
        self.test_button = QPushButton(self.tr("&Test voice"))
        self.test_button.setObjectName("test_voice")
        self.test_button.setToolTip(with_shortcut(self.tr("Say this call on this PC as a hall display would "
                                                          "(with the choices above, saved or not)"), "F5"))
        self.test_button.clicked.connect(self.test_voice)
        make_action(self, "F5", self.test_voice)
        self.test_said = QLabel()
        self.test_said.setObjectName("test_said")
        self.test_said.setWordWrap(True)
        test_row = QHBoxLayout()
        ticket_label = QLabel(self.tr("Tic&ket:"))
        ticket_label.setBuddy(self.test_ticket)
        window_label = QLabel(self.tr("&Window:"))
        window_label.setBuddy(self.test_window)
        for w in (ticket_label, self.test_ticket, window_label, self.test_window, self.test_button):
            test_row.addWidget(w)
        test_row.addStretch(1)
        test_layout = QVBoxLayout(self.test_box)
        test_layout.addLayout(test_row)
        test_layout.addWidget(self.test_said)
        hint = QLabel(self.tr("A script can check the voice too: onestop voice test --ticket A012 --window 3 "
                              "--out call.wav"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        test_layout.addWidget(hint)

    def _lay_out(self) -> None:
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self.status_box)
        left.addWidget(self.test_box)
        left.addStretch(1)
        right.addWidget(self.settings_box)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.primary = self.mode

    # ------------------------------------------------------------ loading
    def refresh(self) -> None:
        if self.announcer is None:
            self.announcer = Announcer(engine=self.engine, language="zh_CN", chime=True, parent=self)
            self.voice_names = self.announcer.mandarin_voice_names()
            self.announcer.kind_changed.connect(lambda _kind: self._engine_changed())
        if not self._loaded:
            self._load_settings()
        self._show_status()

    def _engine_changed(self) -> None:
        """The engine came up later (speech-dispatcher still starting): list its voices, show the state."""
        if not self.voice_names and self.announcer.engine_voice is not None:
            self.voice_names = self.announcer.mandarin_voice_names()
            chosen = self.engine_voice.currentData()
            for name in self.voice_names:
                if self.engine_voice.findData(name) < 0:
                    self.engine_voice.addItem(speech.voice_label(name), name)
            self.engine_voice.setCurrentIndex(max(0, self.engine_voice.findData(chosen)))
        self._show_status()

    def _load_settings(self) -> None:
        s = hall_voice.get_voice_settings(self.ctx.uow(read_only=True))
        self.mode.setCurrentIndex(max(0, self.mode.findData(s.mode)))
        self.engine_voice.clear()
        self.engine_voice.addItem(self.tr("Automatic (the best Mandarin voice found)"), "")
        for name in self.voice_names:
            self.engine_voice.addItem(speech.voice_label(name), name)
        if s.engine_voice and self.engine_voice.findData(s.engine_voice) < 0:
            self.engine_voice.addItem(self.tr("%1 (not on this PC)").replace("%1", s.engine_voice), s.engine_voice)
        self.engine_voice.setCurrentIndex(max(0, self.engine_voice.findData(s.engine_voice)))
        self.repeat.setValue(s.repeat)
        self.rate.setValue(s.rate)
        self.volume.setValue(s.volume)
        self.say_service.setChecked(s.say_service)
        self._loaded = True

    def form_settings(self) -> hall_voice.VoiceSettings:
        return hall_voice.VoiceSettings(mode=self.mode.currentData(), engine_voice=self.engine_voice.currentData(),
                                        repeat=self.repeat.value(), rate=self.rate.value(),
                                        volume=self.volume.value(), say_service=self.say_service.isChecked())

    def _show_status(self) -> None:
        plan = hall_voice.voice_plan(self.ctx.uow(read_only=True))
        self.announcer.set_plan(plan)
        engine = self.announcer.engine_voice
        self.engine_label.setText(speech.voice_label(engine.name) if engine is not None else self.tr(
            "No Mandarin voice on this PC. On Debian, UOS or Kylin: sudo apt install speech-dispatcher "
            "speech-dispatcher-espeak-ng (the .deb and tools/system-deps.sh bring them); on Windows: add the "
            "Chinese (Simplified) speech pack in Settings › Time & language › Speech."))
        status = hall_voice.pack_status(self.ctx.uow(read_only=True))
        if status.complete:
            self.pack_label.setText(self.tr("complete: %1 phrases").replace("%1", str(len(status.needed))))
        else:
            self.pack_label.setText(self.tr("%1 of %2 phrases recorded; missing: %3").replace(
                "%1", str(len(status.needed) - len(status.missing))).replace("%2", str(len(status.needed))).replace(
                "%3", "、".join(status.missing[:12]) + ("…" if len(status.missing) > 12 else "")))
        self.this_pc.setText(kind_text(self.announcer.kind, self.announcer.voice_name))
        displays = hall_voice.display_voices(self.ctx.uow(read_only=True))
        if not displays:
            self.displays.setText(self.tr("No hall display has started yet."))
        else:
            self.displays.setText("\n".join(
                self.tr("%1: %2 (since %3)").replace("%1", d.host).replace("%2", kind_text(d.kind, d.name)).replace(
                    "%3", d.reported_at.strftime("%Y-%m-%d %H:%M")) for d in displays))

    # ------------------------------------------------------------ actions
    def save(self) -> bool:
        def failed(exc: Exception) -> None:
            self.settings_message.setStyleSheet(ERROR_STYLE)
            self.settings_message.setText(describe(exc))

        outcome = ops.run(self, self.ctx, lambda uow: hall_voice.update_voice_settings(uow, settings=self.form_settings()),
                          failure=failed, area="admin")
        if not outcome.ok:
            return False
        self.settings_message.setStyleSheet(OK_STYLE)
        self.settings_message.setText(self.tr("Saved. The hall displays take it up within a minute."))
        self._show_status()
        return True

    def test_voice(self) -> None:
        if self.announcer is None:
            self.refresh()
        plan = hall_voice.voice_plan(self.ctx.uow(read_only=True))
        self.announcer.set_plan(replace(plan, settings=self.form_settings()))
        number = self.test_ticket.text().strip().upper() or "A012"
        window = self.test_window.value()
        wording = self.announcer.plan.wording(number, window)
        self.announcer.announce_call(number, window, wording.text)
        self.test_said.setText(self.tr("Saying 「%1」 with %2.").replace("%1", wording.text).replace(
            "%2", kind_text(self.announcer.kind, self.announcer.voice_name)))


class HallDevicesScreen(QWidget):
    """The administration tab: voice, voice pack, ticket printer."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.voice = VoicePage(ctx)
        self.voice.setObjectName("hall_voice_page")
        self.pack = PackPage(ctx)
        self.pack.setObjectName("voice_pack_page")
        self.printer = PrinterPage(ctx)
        self.printer.setObjectName("printer_page")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("hall_devices_tabs")
        self.tabs.addTab(self.voice, self.tr("Call &voice"))
        self.tabs.addTab(self.pack, self.tr("Voice &pack"))
        self.tabs.addTab(self.printer, self.tr("Ticket &printer"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.primary = self.tabs

    def refresh(self) -> None:
        page = self.tabs.currentWidget()
        page.refresh()
