"""The administrator's hall voice and ticket printer (叫号语音与打印机): three pages.

- Voice (叫号语音): which voice the calls are spoken with (on this PC, and what each hall display reported:
  engine voice, recorded pack or chime only), the choice of voice, repeat count, rate and volume, and *Test
  voice*, which says a call on this PC exactly as a display would.
- Voice pack (语音包): the phrases a call of this center needs, recorded with the microphone inside OneStop
  (record, listen back, re-record) or imported from a vendor's folder or .zip of WAV files; kept in the
  database, so every display PC speaks with it.
- Ticket printer (取号打印机): desktop.ui.admin.printer.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue as hall_voice
from desktop.services import queue as voice_audio
from desktop.ui import ops, speech
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.admin.printer import PrinterPage
from desktop.ui.message_registry import register, register_fields
from desktop.ui.messages import describe
from desktop.ui.queue.announcer import Announcer
from desktop.ui.text import translator

log = logging.getLogger(__name__)
RECORD_MAX_MS = 5000


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

        outcome = ops.run(self, self.ctx, lambda uow: hall_voice.update_voice_settings(uow, self.form_settings()),
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


class PackPage(QWidget):
    """语音包: record, listen back, re-record, import, export."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.status: hall_voice.PackStatus | None = None
        self.source = None  # QAudioSource while recording
        self.device_io = None
        self.recorded = bytearray()
        self.record_format = None
        self.recording_phrase = ""
        self.player = None
        self._sound_no = 0

        intro = QLabel(self.tr("Record each phrase a call needs, or import a vendor's WAV files named after "
                               "their phrase (请.wav, A.wav, 0.wav … 9.wav, 10.wav = 十). The pack is kept in the "
                               "database: every hall display speaks with it once it is complete."))
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("pack_summary")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("pack_table")
        self.table.setHorizontalHeaderLabels([self.tr("Phrase"), self.tr("State"), self.tr("Length"),
                                              self.tr("Recorded by")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)

        self.microphone = QComboBox()
        self.microphone.setObjectName("microphone")
        self.record_button = QPushButton(self.tr("&Record"))
        self.record_button.setObjectName("record")
        self.record_button.setToolTip(with_shortcut(self.tr("Record the selected phrase (press again to stop; "
                                                            "it stops by itself after 5 seconds)"), "Ctrl+R"))
        self.record_button.clicked.connect(self.toggle_recording)
        make_action(self, "Ctrl+R", self.toggle_recording)
        self.play_button = QPushButton(self.tr("&Listen"))
        self.play_button.setObjectName("listen")
        self.play_button.setToolTip(with_shortcut(self.tr("Play the selected phrase's clip"), "Ctrl+P"))
        self.play_button.clicked.connect(self.listen)
        make_action(self, "Ctrl+P", self.listen)
        self.delete_button = QPushButton(self.tr("&Delete clip"))
        self.delete_button.setObjectName("delete_clip")
        self.delete_button.clicked.connect(self.delete)
        self.import_folder_button = QPushButton(self.tr("Import &folder…"))
        self.import_folder_button.setObjectName("import_folder")
        self.import_folder_button.clicked.connect(lambda: self.import_pack(folder=True))
        self.import_zip_button = QPushButton(self.tr("Import &zip…"))
        self.import_zip_button.setObjectName("import_zip")
        self.import_zip_button.clicked.connect(lambda: self.import_pack(folder=False))
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.export_button.setObjectName("export_pack")
        self.export_button.clicked.connect(self.export)
        self.level = QProgressBar()
        self.level.setObjectName("record_level")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.level.setMaximumHeight(12)
        self.message = QLabel()
        self.message.setObjectName("pack_message")
        self.message.setWordWrap(True)
        self.stop_timer = QTimer(self)
        self.stop_timer.setSingleShot(True)
        self.stop_timer.timeout.connect(self.stop_recording)

        mic_row = QHBoxLayout()
        mic_label = QLabel(self.tr("&Microphone:"))
        mic_label.setBuddy(self.microphone)
        mic_row.addWidget(mic_label)
        mic_row.addWidget(self.microphone, 1)
        buttons = QHBoxLayout()
        for b in (self.record_button, self.play_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.import_folder_button, self.import_zip_button, self.export_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(mic_row)
        layout.addWidget(self.level)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.primary = self.table

    def refresh(self) -> None:
        self._fill_microphones()
        self.load()

    def _fill_microphones(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError:
            inputs = []
        else:
            inputs = QMediaDevices.audioInputs()
        current = self.microphone.currentText()
        self.microphone.clear()
        for device in inputs:
            self.microphone.addItem(device.description(), device)
        if not inputs:
            self.microphone.addItem(self.tr("No microphone found on this PC: import a vendor's WAV files, or "
                                            "record on a PC with a microphone"), None)
        self.microphone.setCurrentIndex(max(0, self.microphone.findText(current)))
        self.record_button.setEnabled(bool(inputs))

    def load(self, select: str = "", *, first_missing: bool = False) -> None:
        self.status = hall_voice.pack_status(self.ctx.uow(read_only=True))
        clips = {c.phrase: c for c in self.status.clips}
        phrases = list(self.status.needed) + [c.phrase for c in self.status.clips if c.phrase not in
                                              self.status.needed]
        keep = "" if first_missing else select or self.selected_phrase()
        self.table.setRowCount(len(phrases))
        for row, phrase in enumerate(phrases):
            clip = clips.get(phrase)
            state = (self.tr("Missing") if clip is None else self.tr("Recorded") if clip.source == "recorded"
                     else self.tr("Imported"))
            cells = [phrase, state, "" if clip is None else self.tr("%1 s").replace("%1", f"{clip.duration_ms / 1000:.2f}"),
                     "" if clip is None else f"{clip.updated_by}  {clip.updated_at:%Y-%m-%d %H:%M}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if clip is None and col == 1:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, item)
        n, total = len(self.status.needed) - len(self.status.missing), len(self.status.needed)
        self.summary.setText(self.tr("The pack is complete: the hall displays speak with it.") if self.status.complete
                             else self.tr("%1 of %2 phrases recorded. The displays use the speech engine "
                                          "until every phrase is there.").replace("%1", str(n)).replace("%2", str(total)))
        target = next((r for r, p in enumerate(phrases) if p == keep), None)
        if target is None and self.status.missing:
            target = phrases.index(self.status.missing[0])
        self.table.selectRow(target or 0)
        self._selected()

    def selected_phrase(self) -> str:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else ""

    def _selected(self) -> None:
        phrase = self.selected_phrase()
        has_clip = self.status is not None and any(c.phrase == phrase for c in self.status.clips)
        self.play_button.setEnabled(has_clip)
        self.delete_button.setEnabled(has_clip)
        if self.source is None:
            self.record_button.setText(self.tr("Re-&record") if has_clip else self.tr("&Record"))

    # ------------------------------------------------------------ recording
    def toggle_recording(self) -> None:
        if self.source is not None:
            self.stop_recording()
        else:
            self.start_recording()

    def start_recording(self) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSource

        device = self.microphone.currentData()
        phrase = self.selected_phrase()
        if device is None or not phrase:
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(voice_audio.RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            fmt = device.preferredFormat()
        self.record_format = fmt
        self.recorded = bytearray()
        self.recording_phrase = phrase
        self.source = QAudioSource(device, fmt, self)
        self.device_io = self.source.start()
        self.device_io.readyRead.connect(self._read)
        self.record_button.setText(self.tr("&Stop"))
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Recording 「%1」: say it now, clearly, then press Stop.").replace("%1", phrase))
        self.stop_timer.start(RECORD_MAX_MS)

    def _read(self) -> None:
        if self.device_io is None:
            return
        chunk = bytes(self.device_io.readAll().data())
        self.recorded += chunk
        samples = pcm_samples(chunk, self.record_format)
        self.level.setValue(int(min(1.0, float(np.max(np.abs(samples))) if len(samples) else 0.0) * 100))

    def stop_recording(self) -> None:
        if self.source is None:
            return
        self.stop_timer.stop()
        self._read()
        self.source.stop()
        self.source.deleteLater()
        self.source, self.device_io = None, None
        self.level.setValue(0)
        wav = voice_audio.encode_wav(pcm_samples(bytes(self.recorded), self.record_format),
                                     self.record_format.sampleRate())
        self.save_clip(self.recording_phrase, wav)

    def save_clip(self, phrase: str, wav: bytes) -> bool:
        def failed(exc: Exception) -> None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(describe(exc))
            self._selected()

        outcome = ops.run(self, self.ctx, lambda uow: hall_voice.save_clip(uow, phrase=phrase, wav=wav),
                          failure=failed, area="admin")
        if not outcome.ok:
            return False
        info = outcome.value
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(self.tr("「%1」 saved (%2 s). Listen to it; record it again if it is not clear.")
                             .replace("%1", phrase).replace("%2", f"{info.duration_ms / 1000:.2f}"))
        self.load(select=phrase)
        self.listen()
        return True

    # ------------------------------------------------------------ the other actions
    def listen(self) -> None:
        phrase = self.selected_phrase()
        if not phrase:
            return
        outcome = ops.run(self, self.ctx, lambda uow: hall_voice.clip_audio(uow, phrase=phrase),
                          failure=lambda exc: self.message.setText(describe(exc)), read_only=True)
        if not outcome.ok:
            return
        audio = outcome.value
        self.play(audio)

    def play(self, wav: bytes) -> None:
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            return
        if self.player is None:
            self.player = QSoundEffect(self)
        self._sound_no += 1
        path = Path(tempfile.gettempdir()) / f"onestop-clip-{os.getpid()}-{self._sound_no % 2}.wav"
        path.write_bytes(wav)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()

    def delete(self) -> None:
        phrase = self.selected_phrase()
        outcome = ops.run(self, self.ctx, lambda uow: hall_voice.delete_clip(uow, phrase=phrase),
                          failure=lambda exc: self.message.setText(describe(exc)), area="admin")
        if not outcome.ok:
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("The clip of 「%1」 is deleted.").replace("%1", phrase))
        self.load(select=phrase)

    def import_pack(self, *, folder: bool, path: str | None = None) -> None:
        if path is None:
            path = (QFileDialog.getExistingDirectory(self, self.tr("The folder of the voice pack")) if folder else
                    QFileDialog.getOpenFileName(self, self.tr("The voice pack (.zip)"), "",
                                                self.tr("Zip files (*.zip)"))[0])
        if not path:
            return

        def failed(exc: Exception) -> None:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(describe(exc))

        outcome = ops.run(self, self.ctx, lambda uow: hall_voice.import_pack(uow, files=hall_voice.read_pack_files(Path(path))),
                          failure=failed, area="admin")
        if not outcome.ok:
            return
        result = outcome.value
        text = self.tr("%1 clips imported.").replace("%1", str(len(result.imported)))
        if result.skipped:
            text += " " + self.tr("Not imported: %1").replace("%1", "、".join(
                f"{name}（{self._reason(reason)}）" for name, reason in result.skipped[:8]))
        self.message.setStyleSheet(OK_STYLE if not result.skipped else "")
        self.message.setText(text)
        self.load(first_missing=True)

    def _reason(self, reason: str) -> str:
        return {"not_wav": self.tr("not a WAV file"), "format": self.tr("not a WAV file"),
                "silent": self.tr("silent"), "too_long": self.tr("too long"),
                "unknown_phrase": self.tr("name is not a phrase")}.get(reason, reason)

    def export(self, path: str | None = None) -> None:
        if path is None:
            path = QFileDialog.getSaveFileName(self, self.tr("Save the voice pack"), "onestop-voice-pack.zip",
                                               self.tr("Zip files (*.zip)"))[0]
        if not path:
            return
        Path(path).write_bytes(hall_voice.export_pack(self.ctx.uow(read_only=True)))
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(self.tr("The pack is saved as %1.").replace("%1", path))


def pcm_samples(data: bytes, fmt) -> np.ndarray:
    """Raw samples of the microphone's format as mono floats in [-1, 1]."""
    from PySide6.QtMultimedia import QAudioFormat

    kind = fmt.sampleFormat()
    if kind == QAudioFormat.SampleFormat.UInt8:
        samples = (np.frombuffer(data, dtype=np.uint8).astype(np.float32) - 128) / 128
    elif kind == QAudioFormat.SampleFormat.Int32:
        samples = np.frombuffer(data[: len(data) // 4 * 4], dtype="<i4").astype(np.float32) / 2147483648
    elif kind == QAudioFormat.SampleFormat.Float:
        samples = np.frombuffer(data[: len(data) // 4 * 4], dtype="<f4").astype(np.float32)
    else:
        samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768
    channels = max(1, fmt.channelCount())
    if channels > 1:
        samples = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1)
    return samples


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
