"""``onestop voice test --ticket A012 --window 3 --out call.wav``: one call rendered to a WAV through the voice
the hall display would use (read-only: no sign-in, nothing changed), so a script can check it (sox).

The voice is chosen as the display chooses it (desktop.services.hall_voice.choose_kind): the recorded pack
when complete (its clips joined, gap-free), else the speech engine's Mandarin voice, else the command says
there is no voice and exits 1. On Linux the engine's file is rendered by espeak-ng with the voice speech-
dispatcher uses (``-v cmn-latn-pinyin``; speech-dispatcher itself cannot write files); on Windows by the
installed Chinese SAPI voice (System.Speech, through PowerShell).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded by the voice commands only: numpy must not load at every start (issue 18)
    from desktop.services import queue as hall_voice

EXIT_NO_VOICE = 1


def add_parser(sub, with_db) -> None:
    voice = sub.add_parser("voice", help="the hall's voice: 'test' renders one call to a WAV file "
                                         "(read-only, no sign-in)")
    voice_sub = voice.add_subparsers(dest="voice_command", required=True, parser_class=with_db)
    test = voice_sub.add_parser("test", help="render one call, as the hall display says it, to a WAV file")
    test.add_argument("--ticket", default="A012", help="the ticket number (default A012)")
    test.add_argument("--window", type=int, default=3, help="the window number (default 3)")
    test.add_argument("--out", required=True, metavar="FILE.wav", help="the WAV file to write")
    test.add_argument("--voice", choices=["auto", "engine", "pack"], default=None,
                      help="which voice (default: the administrator's choice)")


def _plan(ctx) -> hall_voice.VoicePlan:
    from desktop.services import queue as hall_voice

    try:
        return hall_voice.voice_plan(ctx.uow(read_only=True))
    except Exception as exc:  # a database from before the voice settings: the defaults
        print(f"onestop: the voice settings cannot be read ({type(exc).__name__}); using the defaults",
              file=sys.stderr)
        return hall_voice.VoicePlan(hall_voice.VoiceSettings(), {}, False, {})


def _windows_voice(text: str, settings: hall_voice.VoiceSettings) -> bytes | None:
    """The installed Chinese SAPI voice (Microsoft Huihui, …) writing a WAV, through PowerShell."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "call.wav"
        rate = max(-10, min(10, round(settings.rate / 10)))
        script = (
            "Add-Type -AssemblyName System.Speech;"
            "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer;"
            "$v = $s.GetInstalledVoices() | Where-Object { $_.VoiceInfo.Culture.Name -like 'zh-*' } | "
            "Select-Object -First 1; if (-not $v) { exit 3 };"
            "$s.SelectVoice($v.VoiceInfo.Name);"
            f"$s.Rate = {rate}; $s.Volume = {settings.volume};"
            f"$s.SetOutputToWaveFile('{out}'); $s.Speak($env:ONESTOP_TEXT); $s.Dispose()")
        import os

        run = subprocess.run(["powershell", "-NoProfile", "-Command", script], capture_output=True, timeout=60,
                             env={**os.environ, "ONESTOP_TEXT": text})
        return out.read_bytes() if run.returncode == 0 and out.exists() else None


def render(plan: hall_voice.VoicePlan, number: str, window_no: int) -> tuple[str, str, bytes | None]:
    """(kind, voice name, WAV) of one call as the display would say it; WAV None when there is no voice."""
    from desktop.services import queue as hall_voice
    from desktop.services import queue as voice_audio
    from desktop.ui import speech

    wording = plan.wording(number, window_no)
    settings = plan.settings
    engine = sys.platform == "win32" or speech.espeak_has_mandarin()
    kind = hall_voice.choose_kind(plan, engine_available=engine)
    if kind == "pack":
        return kind, "", hall_voice.call_from_pack(plan, number, window_no)
    if kind == "engine":
        if sys.platform == "win32":
            once = _windows_voice(wording.text, settings)
            if once is None:
                return "chime", "", None
            wav = voice_audio.join_call({"call": voice_audio.encode_wav(voice_audio.clip_samples(once))},
                                        ["call"], repeat=settings.repeat)
            return kind, "SAPI", wav
        voice = settings.engine_voice or "Chinese (Mandarin, latin as Pinyin)"
        wav = speech.render_engine_wav(wording.text, voice_name=voice, rate=settings.rate,
                                       volume=settings.volume, repeat=settings.repeat)
        return kind, f"espeak-ng {speech.espeak_voice_for(voice)}", wav
    return kind, "", None


def run(ctx, args: argparse.Namespace) -> int:
    from desktop.services import queue as voice_audio

    plan = _plan(ctx)
    if args.voice:
        from dataclasses import replace

        plan = replace(plan, settings=replace(plan.settings, mode=args.voice))
    try:
        wording = plan.wording(args.ticket, args.window)
    except ValueError as exc:
        print(f"onestop: {exc}", file=sys.stderr)
        return 2
    kind, name, wav = render(plan, args.ticket, args.window)
    if wav is None:
        print("onestop: no voice: no complete recorded voice pack and no Mandarin voice of the speech engine "
              "(install speech-dispatcher-espeak-ng, or record the voice pack); the display only chimes",
              file=sys.stderr)
        return EXIT_NO_VOICE
    Path(args.out).write_bytes(wav)
    what = "recorded voice pack" if kind == "pack" else f"speech engine ({name})"
    print(f"{args.out}: {wording.text} ×{plan.settings.repeat}, {voice_audio.duration_ms(wav) / 1000:.2f} s, "
          f"{what}")
    return 0
