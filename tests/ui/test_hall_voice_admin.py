"""The administrator's 叫号语音与打印机 tab: the voice in use (this PC, each display), the settings saved, Test
voice saying the call as a display would; the voice pack filled by importing a vendor's folder and by a
recording (the microphone's samples as the pack stores them); the printer chosen and a test ticket printed
on an ESC/POS network printer. SQLite only."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from desktop.services import queue as hall_voice
from desktop.services.admin import center
from desktop.services.queue import phrases_needed
from tests.ui.test_escpos_printing import FakeNetworkPrinter
from tests.voice_tones import tone_wav

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def screen(qtbot, admin_ctx, monkeypatch):
    from desktop.ui.admin.area import AdminArea
    from desktop.ui.admin.hall_voice import VoicePage

    monkeypatch.setattr(VoicePage, "engine", "mock")  # no sound card, no speech-dispatcher in the test run
    area = AdminArea(admin_ctx)
    qtbot.addWidget(area)
    area.resize(1366, 720)
    area.show()
    return area.show_screen("hall")


def test_the_voice_page_says_what_speaks_and_saves_the_choice(qtbot, screen, admin_ctx, ctx):
    page = screen.voice
    assert page.announcer is not None
    assert page.this_pc.text() == "the chime only (no Chinese voice)"  # the mock engine has no Mandarin voice
    assert "speech-dispatcher-espeak-ng" in page.engine_label.text()
    assert page.pack_label.text().startswith("0 of ")
    assert page.displays.text() == "No hall display has started yet."
    hall_voice.report_display_voice(ctx.uow(), host="hall-pc", kind="engine", name="Chinese (Mandarin, latin as Pinyin)")
    page.refresh()
    assert page.displays.text().startswith("hall-pc: the speech engine's voice Mandarin (espeak-ng, letters read as pinyin)")

    page.repeat.setValue(3)
    page.rate.setValue(-25)
    page.say_service.setChecked(True)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert hall_voice.get_voice_settings(ctx.uow(read_only=True)) == hall_voice.VoiceSettings(
        repeat=3, rate=-25, say_service=True)
    assert page.settings_message.text().startswith("Saved.")

    page.test_ticket.setText("b007")
    page.test_window.setValue(12)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    name = next(s.name for s in center.list_services(ctx.uow(read_only=True)) if s.letter == "B")
    assert page.test_said.text() == f"Saying 「请B零零七号，到十二号窗口办理{name}」 with the chime only (no Chinese voice)."
    qtbot.waitUntil(lambda: page.announcer.spoken == [f"请B零零七号，到十二号窗口办理{name}"], timeout=10_000)


def test_the_pack_page_imports_a_folder_and_keeps_a_recording(qtbot, screen, admin_ctx, tmp_path):
    from desktop.ui.admin.voice_pack import pcm_samples

    screen.tabs.setCurrentWidget(screen.pack)
    page = screen.pack
    letters = [s.letter for s in center.list_services(admin_ctx.uow(read_only=True)) if s.active]
    needed = phrases_needed(letters)
    assert page.table.rowCount() == len(needed) and page.selected_phrase() == "请"  # the first missing one
    assert page.table.item(0, 1).text() == "Missing"
    folder = tmp_path / "vendor"
    folder.mkdir()
    for i, phrase in enumerate(needed):
        if phrase != "窗口":
            name = {"零": "0", "一": "1", "十": "10"}.get(phrase, phrase)
            (folder / f"{name}.wav").write_bytes(tone_wav(i, rate=44100))
    (folder / "说明.wav").write_bytes(b"RIFF junk")
    page.import_pack(folder=True, path=str(folder))
    assert page.message.text().startswith(f"{len(needed) - 1} clips imported.")
    assert "说明.wav（not a WAV file）" in page.message.text()
    assert page.selected_phrase() == "窗口"  # what is left to record
    assert "1 of" not in page.summary.text() and f"{len(needed) - 1} of {len(needed)}" in page.summary.text()

    # a recording: what the microphone gives (here 16-bit mono at the pack's rate), kept as a clip
    from PySide6.QtMultimedia import QAudioFormat

    fmt = QAudioFormat()
    fmt.setSampleRate(22050)
    fmt.setChannelCount(1)
    fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)
    t = np.arange(22050 // 2) / 22050
    raw = np.concatenate([np.zeros(4000), 0.4 * np.sin(2 * np.pi * 500 * t)]).astype("<f4").tobytes()
    samples = pcm_samples(raw, fmt)
    assert abs(float(np.max(samples)) - 0.4) < 0.01
    page.player = type("Silent", (), {"setSource": lambda self, url: None, "play": lambda self: None})()
    from desktop.services import queue as voice_audio

    assert page.save_clip("窗口", voice_audio.encode_wav(samples))
    assert page.summary.text() == "The pack is complete: the hall displays speak with it."
    assert hall_voice.pack_status(admin_ctx.uow(read_only=True)).complete
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "窗口")
    assert page.table.item(row, 1).text() == "Recorded" and page.table.item(row, 3).text().startswith("admin")
    assert not page.record_button.isEnabled() or page.microphone.currentData() is not None


def test_the_printer_page_prints_a_test_ticket_on_a_network_printer(qtbot, screen, admin_ctx):
    screen.tabs.setCurrentWidget(screen.printer)
    page = screen.printer
    assert page.kind.currentData() == "system"
    printer = FakeNetworkPrinter()
    page.kind.setCurrentIndex(page.kind.findData("network"))
    page.host.setText("127.0.0.1")
    page.port.setValue(printer.port)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=20_000)
    printer.close()
    assert page.last_outcome.printed
    assert page.message.text().startswith(f"The test ticket went to ESC/POS 127.0.0.1:{printer.port}.")
    assert b"A000\n" in printer.received and b"\x1d(k" in printer.received and b"\x1dV" in printer.received
    assert not page.preview.pixmap().isNull()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = hall_voice.get_printer_settings(admin_ctx.uow(read_only=True))
    assert (saved.kind, saved.host, saved.port) == ("network", "127.0.0.1", printer.port)
    page.kind.setCurrentIndex(page.kind.findData("usb"))
    page.usb_id.setText("416")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "USB printer ID (vendor:product, e.g. 0416:5011) is not valid."
