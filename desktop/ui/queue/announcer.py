"""Voice calls of the hall display: a chime, then 「请 A012 号到 3 号窗口办理」 spoken by QtTextToSpeech.

Announcements wait in a queue and are never cut off: the next one starts only when the speech engine is
back to Ready (or, without a voice, when the chime has had its time). The chime is a bundled WAV played
with QSoundEffect, so a hall hears something even where no speech engine or no Chinese voice exists; the
display then writes that to its log for the administrator (never on the public screen).
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal

from desktop import config

log = logging.getLogger(__name__)
CHIME = "chime.wav"
CHIME_MS = 1800  # the bundled chime's length; speech starts after it
NO_VOICE_GAP_MS = 2500  # without a voice, calls still come one at a time


def chime_path() -> str:
    return str(config.resources_dir() / "sounds" / CHIME)


class Announcer(QObject):
    """``announce(text)`` queues one call. ``voice_ready`` says whether calls are spoken."""

    started = Signal(str)  # an announcement begins (its text)
    finished = Signal(str)
    voice_changed = Signal(bool)

    def __init__(self, *, engine: str | None = None, language: str = "zh_CN", chime: bool = True, parent=None):
        super().__init__(parent)
        self.queue: deque[str] = deque()
        self.current: str | None = None
        self.spoken: list[str] = []  # every announcement made, in order (the display's log and tests)
        self.language = language
        self.voice_ready = False
        self.voice_name = ""
        self._speaking = False
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._after_chime)
        self._done = QTimer(self)
        self._done.setSingleShot(True)
        self._done.timeout.connect(self._end)
        self.effect = self._make_chime() if chime else None
        self.tts = self._make_speech(engine)

    # ------------------------------------------------------------ setup
    def _make_chime(self):
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # a build without QtMultimedia: no chime, calls still shown
            log.warning("QtMultimedia is not available: no chime")
            return None
        effect = QSoundEffect(self)
        effect.setSource(QUrl.fromLocalFile(chime_path()))
        effect.setVolume(0.9)
        return effect

    def _make_speech(self, engine: str | None):
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            log.warning("QtTextToSpeech is not available: calls are not spoken")
            return None
        tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        tts.stateChanged.connect(self._state_changed)
        self._choose_voice(tts)
        return tts

    def _choose_voice(self, tts) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if tts.state() == QTextToSpeech.State.Error:
            self._set_voice(False, "")
            log.warning("no speech engine: %s", tts.errorString())
            return
        wanted = QLocale(self.language)
        locales = tts.availableLocales()
        match = next((loc for loc in locales if loc.name() == wanted.name()), None) or next(
            (loc for loc in locales if loc.language() == wanted.language()), None)
        if match is None:
            self._set_voice(False, "")
            log.warning("no %s voice among %s", wanted.name(), [loc.name() for loc in locales])
            return
        tts.setLocale(match)
        voices = tts.availableVoices()
        if voices:
            tts.setVoice(voices[0])
        tts.setRate(-0.15)  # a little slower: the hall is large and many visitors are elderly
        self._set_voice(True, tts.voice().name())

    def _set_voice(self, ready: bool, name: str) -> None:
        self.voice_name = name
        if ready != self.voice_ready:
            self.voice_ready = ready
            self.voice_changed.emit(ready)

    # ------------------------------------------------------------ queueing
    def announce(self, text: str) -> None:
        self.queue.append(text)
        if self.current is None:
            self._next()

    def pending(self) -> int:
        return len(self.queue) + (self.current is not None)

    def _next(self) -> None:
        if self.current is not None or not self.queue:
            return
        self.current = self.queue.popleft()
        self.started.emit(self.current)
        if self.effect is not None:
            self.effect.play()
            self._gap.start(CHIME_MS)
        else:
            self._gap.start(0)

    def _after_chime(self) -> None:
        if self.voice_ready and self.tts is not None:
            self._speaking = True
            self.tts.say(self.current)
            # if the engine never reports back, the queue still moves on
            self._done.start(max(15000, 400 * len(self.current)))
        else:
            self._done.start(NO_VOICE_GAP_MS - CHIME_MS if self.effect is not None else NO_VOICE_GAP_MS)

    def _state_changed(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Error:
            log.warning("speech engine error: %s", self.tts.errorString())
            self._set_voice(False, "")
            if self._speaking:
                self._end()
        elif state == QTextToSpeech.State.Ready and self._speaking:
            self._end()

    def _end(self) -> None:
        self._done.stop()
        self._speaking = False
        text, self.current = self.current, None
        if text is not None:
            self.spoken.append(text)
            del self.spoken[:-500]  # a display runs for days: keep the recent ones
            self.finished.emit(text)
        self._next()
