"""Voice calls of the hall display: a chime, then the call, said the way halls say it
(「请A零一二号，到十七号窗口办理」, desktop.services.call_wording), twice by default.

Three voices, chosen by the administrator's settings (desktop.services.hall_voice, mode "auto": the first
that is there):
- the recorded voice pack: the call is built from its clips, gap-free and in order, and played as one sound;
- a Mandarin voice of the speech engine (QtTextToSpeech: speech-dispatcher + espeak-ng on Linux, the
  installed Chinese voice on Windows; desktop.ui.speech finds it);
- the chime only, where neither exists (the display then logs it for the administrator, never on the public
  screen).

Announcements wait in a queue and are never cut off: the next one starts only when the engine is back to
Ready or the pack's sound has played (or, with the chime only, when the chime has had its time); a voice that
never reports back still lets the queue move on.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal

from desktop import config
from desktop.services import queue as hall_voice
from desktop.services import queue as voice_audio
from desktop.ui import speech

log = logging.getLogger(__name__)
CHIME = "chime.wav"
CHIME_MS = 1800  # the bundled chime's length; speech starts after it
NO_VOICE_GAP_MS = 2500  # without a voice, calls still come one at a time
DEFAULT_PLAN = hall_voice.VoicePlan(hall_voice.VoiceSettings(), {}, False, {})


def chime_path() -> str:
    return str(config.resources_dir() / "sounds" / CHIME)


@dataclass(frozen=True)
class _Call:
    text: str  # what the engine says (and what ``spoken`` records)
    wav: bytes | None = None  # the pack's sound of the whole call, repetitions included
    repeat: int = 1


class Announcer(QObject):
    """``announce_call(number, window)`` queues one call; ``kind`` says which voice speaks ("pack", "engine"
    or "chime") and ``voice_ready`` whether calls are spoken at all."""

    say_timeout_ms = 15000  # an utterance the engine has not finished by then (or 400 ms a character) is given up

    started = Signal(str)  # an announcement begins (its text)
    finished = Signal(str)
    voice_changed = Signal(bool)
    kind_changed = Signal(str)

    def __init__(self, *, engine: str | None = None, language: str = "zh_CN", chime: bool = True, parent=None):
        super().__init__(parent)
        self.queue: deque[_Call] = deque()
        self.current: _Call | None = None
        self.spoken: list[str] = []  # every announcement made, in order (the display's log and tests)
        self.played: list[bytes] = []  # the pack sounds played, in order (the last few)
        self.language = language
        self.plan = DEFAULT_PLAN
        self.kind = "chime"
        self.voice_ready = False
        self.voice_name = ""  # the engine voice's name ("" with the pack or the chime)
        self.engine_voice: speech.EngineVoice | None = None
        self._speaking = False
        self._left = 0  # repetitions still to say (engine)
        self._sound_no = 0
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._after_chime)
        self._done = QTimer(self)
        self._done.setSingleShot(True)
        self._done.timeout.connect(self._timed_out)
        self._hung_tts = None
        self.effect = self._make_effect(chime_path()) if chime else None
        self.pack_effect = self._make_effect(None)
        if self.pack_effect is not None:
            self.pack_effect.playingChanged.connect(self._pack_playing_changed)
        self._engine = engine
        self._speech_tries = 0
        self.tts = self._make_speech(engine)
        self._choose()

    # ------------------------------------------------------------ setup
    def _make_effect(self, path: str | None):
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # a build without QtMultimedia: no chime, calls still shown
            log.warning("QtMultimedia is not available: no chime and no recorded voice")
            return None
        effect = QSoundEffect(self)
        if path:
            effect.setSource(QUrl.fromLocalFile(path))
        effect.setVolume(0.9)
        return effect

    def _make_speech(self, engine: str | None):
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            log.warning("QtTextToSpeech is not available: calls are not spoken by an engine")
            return None
        if engine in (None, "speechd") and speech.speechd_stuck():
            log.warning("speech-dispatcher does not answer (its output module hangs: is the sound output "
                        "working?): the speech engine is not used")
            return None
        # speech-dispatcher's plugin fails ("Failed to initialize default locale and voice") when the
        # application's locale has no voice, and espeak-ng's Mandarin voices are listed under "C", not zh_CN: a
        # display in Chinese would never speak. It starts under en_US (espeak-ng has it), then the Mandarin voice
        # is chosen by name.
        default = QLocale()
        QLocale.setDefault(QLocale("en_US"))
        try:
            tts = QTextToSpeech(engine, self) if engine else QTextToSpeech(self)
        finally:
            QLocale.setDefault(default)
        tts.stateChanged.connect(self._state_changed)
        self._find_voice(tts)
        if tts.state() == QTextToSpeech.State.Error and self._speech_tries < 3:
            # speech-dispatcher started by this very connection may not have loaded its voices yet (seen at the
            # first start after boot): try again in a few seconds
            self._speech_tries += 1
            QTimer.singleShot(3000, self._retry_speech)
        return tts

    def _retry_speech(self) -> None:
        old, self.tts = self.tts, self._make_speech(self._engine)
        if old is not None:
            old.deleteLater()
        self._choose()

    @property
    def chinese(self) -> bool:
        return QLocale(self.language).language() == QLocale.Language.Chinese

    def _find_voice(self, tts) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.engine_voice = None
        if tts.state() == QTextToSpeech.State.Error:
            log.warning("no speech engine: %s", tts.errorString())
            return
        if self.chinese:
            self.engine_voice = speech.choose_voice(tts, self.plan.settings.engine_voice)
            if self.engine_voice is None:
                log.warning("no Mandarin voice in the speech engine %r", tts.engine())
            return
        wanted = QLocale(self.language)  # a display in another language speaks it
        locales = tts.availableLocales()
        match = next((loc for loc in locales if loc.name() == wanted.name()), None) or next(
            (loc for loc in locales if loc.language() == wanted.language()), None)
        if match is None:
            log.warning("no %s voice among %s", wanted.name(), [loc.name() for loc in locales])
            return
        tts.setLocale(match)
        voices = tts.availableVoices()
        if voices:
            tts.setVoice(voices[0])
        self.engine_voice = speech.EngineVoice(tts.engine(), tts.voice().name(), match.name())

    def mandarin_voice_names(self) -> list[str]:
        """The Mandarin voices of this PC's engine, best first (the administrator picks one)."""
        if self.tts is None:
            return []
        names = [voice.name() for voice, _locale in speech.mandarin_voices(self.tts)]
        self._find_voice(self.tts)  # listing moved the engine through its locales: back to the chosen voice
        return names

    def set_plan(self, plan: hall_voice.VoicePlan) -> None:
        """The administrator's voice settings and the recorded pack (the display loads them)."""
        old = self.plan.settings.engine_voice
        self.plan = plan
        if self.tts is not None and self.chinese and plan.settings.engine_voice != old:
            self._find_voice(self.tts)
        self._choose()

    def _choose(self) -> None:
        settings = self.plan.settings
        if self.tts is not None:
            self.tts.setRate(max(-1.0, min(1.0, settings.rate / 100)))
            self.tts.setVolume(settings.volume / 100)
        for effect in (self.effect, self.pack_effect):
            if effect is not None:
                effect.setVolume(settings.volume / 100)
        # a display in another language than Chinese has no pack for it
        plan = self.plan if self.chinese else DEFAULT_PLAN
        kind = hall_voice.choose_kind(plan, engine_available=self.engine_voice is not None)
        name = self.engine_voice.name if kind == "engine" and self.engine_voice else ""
        ready = kind != "chime"
        changed_kind = kind != self.kind
        self.kind, self.voice_name = kind, name
        if ready != self.voice_ready:
            self.voice_ready = ready
            self.voice_changed.emit(ready)
        if changed_kind:
            self.kind_changed.emit(kind)

    # ------------------------------------------------------------ queueing
    def announce_call(self, number: str, window_no: int, text: str) -> None:
        """Queue one call. ``text`` is the display's own sentence, said by a display in another language."""
        repeat = self.plan.settings.repeat
        if not self.chinese:
            self._queue(_Call(text, None, repeat))
            return
        wording = self.plan.wording(number, window_no)
        wav = None
        if self.kind == "pack":
            try:
                wav = hall_voice.call_from_pack(self.plan, number, window_no)
            except KeyError as missing:  # a clip removed since the plan was loaded: the engine or the chime
                log.warning("the voice pack lacks %s", missing)
        self._queue(_Call(wording.text, wav, repeat))

    def announce(self, text: str) -> None:
        """Queue a sentence as it is (the engine says it once)."""
        self._queue(_Call(text))

    def _queue(self, call: _Call) -> None:
        self.queue.append(call)
        if self.current is None:
            self._next()

    def pending(self) -> int:
        return len(self.queue) + (self.current is not None)

    def _next(self) -> None:
        if self.current is not None or not self.queue:
            return
        self.current = self.queue.popleft()
        self.started.emit(self.current.text)
        if self.effect is not None:
            self.effect.play()
            self._gap.start(CHIME_MS)
        else:
            self._gap.start(0)

    def _after_chime(self) -> None:
        call = self.current
        if call.wav is not None and self.pack_effect is not None:
            self._play(call.wav)
        elif self.kind != "chime" and self.voice_ready and self.tts is not None and self.engine_voice is not None:
            self._speaking = True
            self._left = max(1, call.repeat)
            self._say()
        else:
            self._done.start(NO_VOICE_GAP_MS - CHIME_MS if self.effect is not None else NO_VOICE_GAP_MS)

    def _say(self) -> None:
        self._left -= 1
        self.tts.say(self.current.text)
        # if the engine never reports back, the queue still moves on
        self._done.start(max(self.say_timeout_ms, 400 * len(self.current.text)))

    def _play(self, wav: bytes) -> None:
        self.played.append(wav)
        del self.played[:-10]
        self._sound_no += 1
        path = Path(tempfile.gettempdir()) / f"onestop-call-{os.getpid()}-{self._sound_no % 2}.wav"
        path.write_bytes(wav)  # QSoundEffect reads a file; two names, so a new call never reuses the old source
        self._speaking = True
        self.pack_effect.setSource(QUrl.fromLocalFile(str(path)))
        self.pack_effect.play()
        self._done.start(voice_audio.duration_ms(wav) + 3000)

    def _pack_playing_changed(self) -> None:
        if self._speaking and self.current is not None and self.current.wav is not None \
                and not self.pack_effect.isPlaying():
            self._end()

    def _state_changed(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Error:
            log.warning("speech engine error: %s", self.tts.errorString())
            self.engine_voice = None
            self._choose()
            if self._speaking:
                self._end()
        elif state == QTextToSpeech.State.Ready and self._speaking and self.current is not None \
                and self.current.wav is None:
            if self._left > 0:
                QTimer.singleShot(voice_audio.REPEAT_PAUSE_MS, self._say_again)
            else:
                self._end()

    def _say_again(self) -> None:
        if self._speaking and self.current is not None and self._left > 0:
            self._say()

    def _timed_out(self) -> None:
        """The engine never finished the call. speech-dispatcher does that when its sound output hangs, and
        then blocks the next-but-one ``say`` for good, which would freeze the display: the engine is not used
        again in this process (the pack or the chime take over; the display reports it)."""
        call = self.current
        if self._speaking and call is not None and call.wav is None and self.tts is not None:
            log.warning("the speech engine never finished saying %r (is the sound output working?): calls go on "
                        "without it", call.text)
            self._hung_tts, self.tts = self.tts, None  # kept, not deleted: closing it would wait on the engine too
            self.engine_voice = None
            self._choose()
        self._end()

    def _end(self) -> None:
        self._done.stop()
        self._speaking = False
        self._left = 0
        call, self.current = self.current, None
        if call is not None:
            self.spoken.append(call.text)
            del self.spoken[:-500]  # a display runs for days: keep the recent ones
            self.finished.emit(call.text)
        self._next()
