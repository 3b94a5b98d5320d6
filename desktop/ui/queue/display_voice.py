"""The hall display's voice, for the administrator rather than the public: which voice speaks goes to the log
and to the administrator's voice screen (the display reports it to the database), a changed voice setting
is picked up within a minute, and F9 says it in words. Each function takes the HallDisplay; the texts keep
its translation context "HallDisplay" and the log its logger name."""

from __future__ import annotations

import logging
import socket

from PySide6.QtCore import QCoreApplication

from desktop.services import queue as hall_voice
from desktop.services import queue as queue_live
from desktop.ui import speech
from desktop.ui.queue.poller import run_in_pool

log = logging.getLogger("desktop.ui.display")  # the display's log, under the name it always had


def note_voice(display, ready: bool) -> None:
    """Without a Chinese voice the calls are chimed and shown, not spoken. That is for the administrator to
    fix, so it goes to the log and the administrator's voice screen (the hall sees nothing of it)."""
    report_voice(display)
    if ready:
        display.voice_note = ""
        if display.announcer.kind == "pack":
            log.info("hall display: calls are spoken with the recorded voice pack")
        else:
            log.info("hall display: calls are spoken with the voice %r", display.announcer.voice_name)
        return
    display.voice_note = ("no Chinese voice: calls are shown and chimed, not spoken (install speech-dispatcher "
                          "with a Chinese voice, e.g. espeak-ng, or record the voice pack)")
    log.warning("hall display: %s", display.voice_note)


def report_voice(display) -> None:
    """Tell the administrator's voice screen which voice this display uses (when it changes)."""
    voice = (display.announcer.kind, display.announcer.voice_name)
    if display.ctx is None or voice == display.reported_voice:
        return
    display.reported_voice = voice
    ctx, host = display.ctx, socket.gethostname()

    def work():
        hall_voice.report_display_voice(queue_live.as_screen(ctx, "display").uow(), host=host, kind=voice[0],
                                        name=voice[1])

    def done(_result, error):
        if error is not None:
            log.warning("display: cannot report its voice: %s", error)
            display.reported_voice = None

    run_in_pool(display, work, done)


def check_voice(display) -> None:
    """The administrator's voice settings, read again: a changed plan goes to the announcer."""
    if display.ctx is None or not display.online:
        return

    def work():
        fingerprint = hall_voice.voice_fingerprint(display.ctx.uow(read_only=True))
        if fingerprint == display.voice_fingerprint:
            return None
        return fingerprint, hall_voice.voice_plan(display.ctx.uow(read_only=True))

    def done(result, error):
        if error is None and result is not None:
            display.voice_fingerprint = result[0]
            display.announcer.set_plan(result[1])

    run_in_pool(display, work, done)


def voice_text(announcer) -> str:
    """Which voice speaks, in words (F9; the administrator's voice screen says the same)."""
    kind = announcer.kind
    if kind == "pack":
        return QCoreApplication.translate("HallDisplay", "Voice: the recorded voice pack")
    if kind == "engine":
        return QCoreApplication.translate("HallDisplay", "Voice: %1").replace(
            "%1", speech.voice_label(announcer.voice_name))
    return QCoreApplication.translate("HallDisplay", "Voice: chime only (no Chinese voice found)")
