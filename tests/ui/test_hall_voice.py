"""The hall display's voice: a recorded pack speaks each call as its clips (in order, repeated), the display
tells the administrator which voice it uses (in the database, and on F9 for ten seconds, never otherwise on
the public screen), and picks up a pack recorded while it runs."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import Qt, QTimer

from desktop.services import queue as hall_voice
from desktop.services import queue as q
from desktop.services import queue as voice_audio
from desktop.services.admin import center
from desktop.services.queue import phrases_needed
from desktop.ui.announcer import Announcer
from tests.voice_tones import tone_wav


def tone_plan(settings=hall_voice.VoiceSettings()) -> hall_voice.VoicePlan:
    pack = {p: voice_audio.normalize_clip(tone_wav(i))[0] for i, p in enumerate(phrases_needed(["A", "B"]))}
    return hall_voice.VoicePlan(settings, pack, True, {"A": "户籍业务", "B": "社保业务"})


def finish_sounds_at_once(announcer):
    # no sound card in the test run: a sound "plays" for 10 ms
    announcer.pack_effect.play = lambda: QTimer.singleShot(10, announcer._end)


def test_a_recorded_pack_says_each_call_as_its_clips(qtbot):
    announcer = Announcer(engine="mock", language="zh_CN", chime=False)
    assert announcer.kind == "chime" and not announcer.voice_ready  # the mock engine has no Mandarin voice
    plan = tone_plan()
    with qtbot.waitSignal(announcer.kind_changed):
        announcer.set_plan(plan)
    assert announcer.kind == "pack" and announcer.voice_ready
    finish_sounds_at_once(announcer)
    announcer.announce_call("A012", 3, "unused")
    announcer.announce_call("B100", 17, "unused")
    qtbot.waitUntil(lambda: len(announcer.spoken) == 2, timeout=10_000)
    assert announcer.spoken == ["请A零一二号，到三号窗口办理", "请B一零零号，到十七号窗口办理"]
    assert announcer.played == [hall_voice.call_from_pack(plan, "A012", 3), hall_voice.call_from_pack(plan, "B100", 17)]
    # mode chime: the administrator silenced the voice, the pack stays unused
    announcer.set_plan(tone_plan(hall_voice.VoiceSettings(mode="chime")))
    assert announcer.kind == "chime" and not announcer.voice_ready


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_display_reports_its_voice_and_shows_it_only_on_f9(qtbot, ctx, admin_ctx):
    from PySide6.QtWidgets import QLabel

    from desktop.ui.display import HallDisplay

    display = HallDisplay(ctx, announcer=Announcer(engine="mock", language="zh_CN", chime=False), size=(1366, 768))
    qtbot.addWidget(display)
    display.resize(1366, 768)
    display.show()
    qtbot.waitUntil(lambda: display.loaded, timeout=10_000)
    host = socket.gethostname()

    def reported():
        return {v.host: (v.kind, v.name) for v in hall_voice.display_voices(ctx.uow(read_only=True))}.get(host)

    qtbot.waitUntil(lambda: reported() == ("chime", ""), timeout=10_000)
    assert not display.voice_status.isVisible()
    public = [label.text() for label in display.findChildren(QLabel) if label.isVisible()]
    assert not any("voice" in text.lower() for text in public), public

    letters = [s.letter for s in center.list_services(ctx.uow(read_only=True)) if s.active]
    for i, phrase in enumerate(phrases_needed(letters)):
        hall_voice.save_clip(admin_ctx.uow(), phrase=phrase, wav=tone_wav(i))
    display._check_voice()  # the minute's check, now
    qtbot.waitUntil(lambda: display.announcer.kind == "pack", timeout=10_000)
    qtbot.waitUntil(lambda: reported() == ("pack", ""), timeout=10_000)
    assert display.voice_note == ""

    finish_sounds_at_once(display.announcer)
    qtbot.keyClick(display, Qt.Key.Key_F9)
    assert display.voice_status.isVisible() and display.voice_status.text() == "Voice: the recorded voice pack"
    qtbot.waitUntil(lambda: display.announcer.spoken == ["请A零零零号，到一号窗口办理"], timeout=10_000)

    q.issue_ticket(ctx.uow(), service_id=center.list_services(ctx.uow(read_only=True))[0].id)
    number = q.call_next(ctx.uow(), window_no=2).ticket.number
    qtbot.waitUntil(lambda: len(display.announcer.spoken) == 2, timeout=20_000)
    assert display.announcer.spoken[-1] == f"请{number[0]}零零一号，到二号窗口办理"
    assert display.announcer.played[-1] == hall_voice.call_from_pack(display.announcer.plan, number, 2)


def test_an_engine_that_never_finishes_is_given_up_and_the_calls_go_on(qtbot, monkeypatch):
    """speech-dispatcher with a hung sound output never finishes a sentence and blocks the next-but-one say:
    after one unfinished call the announcer stops using it, so the display never freezes."""
    announcer = Announcer(engine="mock", language="en_GB", chime=False)
    assert announcer.kind == "engine"
    said = []
    monkeypatch.setattr(announcer.tts, "say", lambda text: said.append(text))  # never reaches Ready again
    monkeypatch.setattr(announcer, "say_timeout_ms", 200)
    with qtbot.waitSignal(announcer.kind_changed, timeout=10_000):
        announcer.announce_call("A012", 3, "A012")
    assert announcer.kind == "chime" and announcer.tts is None
    announcer.announce_call("B001", 1, "B001")
    qtbot.waitUntil(lambda: len(announcer.spoken) == 2, timeout=10_000)
    assert said == ["A012"]  # one say only to the engine that hung
