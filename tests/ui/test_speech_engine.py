"""The speech engine on this machine (speech-dispatcher + espeak-ng, which tools/system-deps.sh installs): a
hall display whose interface is Chinese finds the Mandarin voice. Before, speech-dispatcher's plugin failed
to start under the zh_CN locale (espeak-ng lists its Mandarin voices under "C") and the display said it had no
Chinese voice. Nothing is spoken here (a machine without a sound output would hang speech-dispatcher)."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QLocale

from desktop.ui import speech


def _speechd_available() -> bool:
    from PySide6.QtTextToSpeech import QTextToSpeech

    return "speechd" in QTextToSpeech.availableEngines() and speech.espeak_has_mandarin()


pytestmark = pytest.mark.skipif(shutil.which("speech-dispatcher") is None or not _speechd_available(),
                                reason="speech-dispatcher with espeak-ng (tools/system-deps.sh) is not installed")


def test_a_chinese_display_finds_the_mandarin_voice(qtbot):
    from desktop.ui.announcer import Announcer

    if speech.speechd_stuck():
        pytest.skip("speech-dispatcher on this machine hangs (no sound output): nothing to learn here")
    saved = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))  # the display's interface language
    try:
        announcer = Announcer(engine="speechd", language="zh_CN", chime=False)
    finally:
        QLocale.setDefault(saved)
    assert announcer.engine_voice is not None, "no Mandarin voice found"
    assert announcer.engine_voice.name == "Chinese (Mandarin, latin as Pinyin)"
    assert announcer.kind == "engine" and announcer.voice_ready
    names = announcer.mandarin_voice_names()
    assert names[:2] == ["Chinese (Mandarin, latin as Pinyin)", "Chinese (Mandarin, latin as English)"]
    assert not any("Cantonese" in n for n in names)
    assert announcer.tts.voice().name() == "Chinese (Mandarin, latin as Pinyin)"  # listing kept the choice
