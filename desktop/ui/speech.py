"""The speech engine on this PC: which Mandarin voice it has, and a call rendered to a WAV file.

On Linux QtTextToSpeech speaks through speech-dispatcher, whose espeak-ng module brings the Mandarin voices of
the Debian archive. Qt lists espeak-ng's Mandarin voices under the "C" locale (it does not know the language
code "cmn"), so they are found by name as well as by locale. espeak-ng 1.51 (Debian 12) has two: "latin as
Pinyin" reads 请A零一二号 right and the letters the Chinese way (A 诶, B 必, C 西); "latin as English" reads
the Chinese characters' pinyin as English words, so it comes last. On Windows the installed Chinese voice
(Microsoft Huihui, …) is under zh_CN and is found by its locale.

speech-dispatcher cannot write to a file; ``render_engine_wav`` renders the same text with the same
espeak-ng voice (``espeak-ng -v cmn-latn-pinyin -w``, which is what speech-dispatcher's espeak-ng module
runs), or, with an engine that can (``QTextToSpeech.synthesize``, e.g. WinRT on Windows), through the engine.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desktop.services import queue as voice_audio

log = logging.getLogger(__name__)
ESPEAK_DEFAULT_WPM = 175


@dataclass(frozen=True)
class EngineVoice:
    engine: str  # speechd, winrt, sapi, …
    name: str
    locale: str


def _score(name: str, locale: QLocale) -> int | None:
    """Lower is better; None: not a Mandarin voice."""
    lowered = name.lower()
    if "cantonese" in lowered or locale.language() == QLocale.Language.Cantonese:
        return None
    plain = 0 if "+" not in name else 10  # espeak's variants ("…+Annie") after the plain voice
    if "mandarin" in lowered and "pinyin" in lowered:
        return plain
    if locale.name() == "zh_CN":
        return 2 + plain
    if "mandarin" in lowered or lowered.startswith("cmn"):
        return 4 + plain  # espeak-ng 1.51's "latin as English" garbles the characters' pinyin
    if locale.language() == QLocale.Language.Chinese:
        return 6 + plain
    return None


def mandarin_voices(tts) -> list[tuple[object, QLocale]]:
    """The engine's Mandarin voices, best first, as (QVoice, the locale to set for it)."""
    found: list[tuple[int, str, object, QLocale]] = []
    for locale in tts.availableLocales():
        if locale.language() not in (QLocale.Language.Chinese, QLocale.Language.C, QLocale.Language.AnyLanguage):
            continue
        tts.setLocale(locale)
        for voice in tts.availableVoices():
            score = _score(voice.name(), locale)
            if score is not None:
                found.append((score, voice.name(), voice, locale))
    found.sort(key=lambda f: (f[0], f[1]))
    return [(voice, locale) for _, _, voice, locale in found]


def choose_voice(tts, wanted: str = "") -> EngineVoice | None:
    """Set the engine to the wanted Mandarin voice (by name), else the best one; None when it has none."""
    voices = mandarin_voices(tts)
    if not voices:
        return None
    voice, locale = next(((v, loc) for v, loc in voices if wanted and v.name() == wanted), voices[0])
    tts.setLocale(locale)
    tts.setVoice(voice)
    return EngineVoice(tts.engine(), voice.name(), locale.name())


def _speechd_socket() -> Path | None:
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return Path(address.split(":", 1)[1])
    if address:
        return None  # inet_socket: not probed
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    for folder in ([Path(runtime)] if runtime else []) + [Path.home() / ".cache"]:
        path = folder / "speech-dispatcher" / "speechd.sock"
        if path.exists():
            return path
    return None


def speechd_stuck(timeout: float = 3.0) -> bool:
    """True when a running speech-dispatcher does not answer: its output module hangs (seen on a PC without a
    working sound output: after the first utterance every client that asks for the voices waits forever).
    QtTextToSpeech would then block the display at start, so it is not used. False when it answers or when
    none runs (Qt starts one)."""
    if not sys.platform.startswith("linux"):
        return False
    path = _speechd_socket()
    if path is None:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        try:
            s.connect(str(path))
        except OSError:
            return False  # a socket left behind: none runs
        try:
            s.sendall(b"SET SELF CLIENT_NAME onestop:probe:main\r\n")
            s.recv(200)
            s.sendall(b"LIST OUTPUT_MODULES\r\n")
            s.recv(200)
            s.sendall(b"LIST SYNTHESIS_VOICES\r\n")  # answered by the output module
            return not s.recv(200)
        except TimeoutError:
            return True
        except OSError:
            return False


VOICE_LABELS = {
    "Chinese (Mandarin, latin as Pinyin)": QT_TRANSLATE_NOOP("Speech", "Mandarin (espeak-ng, letters read as "
                                                                       "pinyin)"),
    "Chinese (Mandarin, latin as English)": QT_TRANSLATE_NOOP("Speech", "Mandarin (espeak-ng, letters read as "
                                                                        "English)"),
}


def voice_label(name: str) -> str:
    """An engine voice's name for the staff: espeak-ng's English names in words of the interface."""
    base, _, variant = name.partition("+")
    if base in VOICE_LABELS:
        label = QCoreApplication.translate("Speech", VOICE_LABELS[base])
        return f"{label} {variant}" if variant else label
    return name


def espeak_program() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


def espeak_voice_for(name: str) -> str:
    """espeak-ng's voice file for a speech-dispatcher voice name (the pinyin one unless told otherwise)."""
    lowered = name.lower()
    if "mandarin" in lowered and "english" in lowered:
        return "cmn"
    return "cmn-latn-pinyin"


def espeak_has_mandarin() -> bool:
    program = espeak_program()
    if program is None:
        return False
    try:
        run = subprocess.run([program, "--voices=cmn"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "cmn" in run.stdout


def render_espeak(text: str, *, voice_name: str = "", rate: int = 0, volume: int = 100) -> bytes:
    """One utterance as WAV bytes through espeak-ng with the Mandarin voice speech-dispatcher uses."""
    program = espeak_program()
    if program is None:
        raise FileNotFoundError("espeak-ng")
    wpm = max(80, min(450, round(ESPEAK_DEFAULT_WPM * (1 + rate / 100))))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "call.wav"
        subprocess.run([program, "-v", espeak_voice_for(voice_name), "-s", str(wpm), "-a", str(volume),
                        "-w", str(out), text], check=True, capture_output=True, timeout=60)
        return out.read_bytes()


def render_engine_wav(text: str, *, voice_name: str = "", rate: int = 0, volume: int = 100, repeat: int = 1,
                      pause_ms: int = voice_audio.REPEAT_PAUSE_MS) -> bytes:
    """The call as the engine says it, ``repeat`` times with a pause between: one WAV."""
    once = voice_audio.clip_samples(render_espeak(text, voice_name=voice_name, rate=rate, volume=volume))
    return voice_audio.join_call({"call": voice_audio.encode_wav(once)}, ["call"], repeat=repeat, pause_ms=pause_ms)
