"""The hall's voice: the administrator's choices, what a display loads to speak, and what each hall display
reports about the voice it found.

``mode`` "auto" speaks with the recorded pack (``voice_pack``) when it holds every phrase a call of this
center needs, otherwise with a Mandarin voice of the speech engine, otherwise chimes only; "pack", "engine"
and "chime" force one. ``repeat`` (default twice), ``rate`` and ``volume`` apply to both kinds of voice.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import HallDisplayStatus, QueueService, Setting, VoiceClip
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.queue._stored import _from, _range, _read_json, _write_json
from desktop.services.queue.audio import join_call
from desktop.services.queue.wording import CallWording, call_wording, phrases_needed

VOICE_KEY = "hall_voice"
MODES = ("auto", "engine", "pack", "chime")


@dataclass(frozen=True)
class VoiceSettings:
    mode: str = "auto"
    engine_voice: str = ""  # "" = the first Mandarin voice the engine has
    repeat: int = 2
    rate: int = -15  # percent slower (-) or faster (+) than the voice's normal speed; halls speak a bit slowly
    volume: int = 90  # percent
    say_service: bool = False  # 「…窗口办理户籍业务」


@dataclass(frozen=True)
class VoicePlan:
    """Everything a display (or ``onestop voice test``) needs to speak: the settings, the pack's clips
    (phrase → WAV) and whether they cover every call."""

    settings: VoiceSettings
    pack: dict[str, bytes]
    pack_complete: bool
    services: dict[str, str]  # letter → service name

    def wording(self, number: str, window_no: int) -> CallWording:
        service = self.services.get(number[:1].upper(), "") if self.settings.say_service else ""
        return call_wording(number, window_no, service_name=service)


@dataclass(frozen=True)
class DisplayVoice:
    host: str
    kind: str  # engine / pack / chime
    name: str
    reported_at: dt.datetime


def get_voice_settings(uow: UnitOfWork) -> VoiceSettings:
    with uow:
        return _from(VoiceSettings, _read_json(uow, VOICE_KEY))


def update_voice_settings(uow: UnitOfWork, *, settings: VoiceSettings) -> VoiceSettings:
    if settings.mode not in MODES:
        raise Invalid(field="voice_mode", reason="choice")
    _range("voice_repeat", settings.repeat, 1, 3)
    _range("voice_rate", settings.rate, -50, 50)
    _range("voice_volume", settings.volume, 10, 100)
    if len(settings.engine_voice) > 120:
        raise Invalid(field="engine_voice", reason="length", maximum=120)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "voice.settings"
        _write_json(uow, VOICE_KEY, asdict(settings))
        uow.commit()
    return settings


def _services(uow) -> dict[str, str]:
    return {letter: name for letter, name in uow.session.execute(
        select(QueueService.letter, QueueService.name).where(QueueService.active)
        .order_by(QueueService.sort_order, QueueService.letter))}


def voice_plan(uow: UnitOfWork) -> VoicePlan:
    """What a display loads at start (and when the administrator changes the voice)."""
    with uow:
        settings = _from(VoiceSettings, _read_json(uow, VOICE_KEY))
        services = _services(uow)
        pack = {phrase: audio for phrase, audio in uow.session.execute(select(VoiceClip.phrase, VoiceClip.audio))}
        needed = phrases_needed(list(services), list(services.values()) if settings.say_service
                                             else [])
        return VoicePlan(settings, pack, all(p in pack for p in needed), services)


def call_from_pack(plan: VoicePlan, number: str, window_no: int) -> bytes:
    """The call as one WAV made of the pack's clips, repeated as the settings say."""
    return join_call(plan.pack, plan.wording(number, window_no).phrases, repeat=plan.settings.repeat)


def choose_kind(plan: VoicePlan, *, engine_available: bool) -> str:
    """Which voice speaks: "pack", "engine" or "chime" (only the chime)."""
    mode = plan.settings.mode
    if mode == "chime":
        return "chime"
    if mode == "pack":
        return "pack" if plan.pack_complete else "engine" if engine_available else "chime"
    if mode == "engine":
        return "engine" if engine_available else "pack" if plan.pack_complete else "chime"
    return "pack" if plan.pack_complete else "engine" if engine_available else "chime"


# ------------------------------------------------------------------ what the displays say
def report_display_voice(uow: UnitOfWork, *, host: str, kind: str, name: str) -> None:
    """A display says which voice it uses (at start and when it changes)."""
    with uow:
        row = uow.session.get(HallDisplayStatus, host[:80])
        if row is None:
            row = HallDisplayStatus(host=host[:80])
            uow.session.add(row)
        row.voice_kind, row.voice_name, row.reported_at = kind[:10], name[:120], uow.clock.now()
        uow.commit()


def display_voices(uow: UnitOfWork) -> tuple[DisplayVoice, ...]:
    with uow:
        return tuple(DisplayVoice(r.host, r.voice_kind, r.voice_name, r.reported_at) for r in uow.session.scalars(
            select(HallDisplayStatus).order_by(HallDisplayStatus.reported_at.desc())))


def voice_fingerprint(uow: UnitOfWork) -> str:
    """Changes whenever the voice settings or the pack change (a display checks it now and then and reloads
    the pack only then)."""
    with uow:
        row = uow.session.get(Setting, VOICE_KEY)
        count, latest = uow.session.execute(select(func.count(VoiceClip.id), func.max(VoiceClip.updated_at))).one()
        services = sorted(_services(uow).items())
        return json.dumps([row.value if row else "", count, str(latest), services], ensure_ascii=False)
