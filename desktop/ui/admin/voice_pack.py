"""The voice pack page of the hall voice administration (语音包): the phrases a call of this center needs,
recorded with the microphone inside OneStop (record, listen back, re-record) or imported from a vendor's
folder or .zip of WAV files, exported as a .zip; kept in the database, so every display PC speaks with it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import queue as hall_voice
from desktop.services import queue as voice_audio
from desktop.ui import ops
from desktop.ui.admin.common import ERROR_STYLE, OK_STYLE, make_action, with_shortcut
from desktop.ui.messages import describe

RECORD_MAX_MS = 5000


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
        intro = self._build_table()
        self._build_buttons()
        self._lay_out(intro)

    def _build_table(self) -> QLabel:
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
        return intro

    def _build_buttons(self) -> None:
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

    def _lay_out(self, intro: QLabel) -> None:
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
