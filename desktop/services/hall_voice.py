"""The hall's voice and the kiosk's printer: the administrator's choices, the recorded voice pack, and what
each hall display reports about the voice it found.

Voice. ``mode`` "auto" speaks with the recorded pack when it holds every phrase a call of this center needs,
otherwise with a Mandarin voice of the speech engine, otherwise chimes only; "pack", "engine" and "chime"
force one. ``repeat`` (default twice), ``rate`` and ``volume`` apply to both kinds of voice.

The pack is stored in the database (``voice_clip``), so every display PC of the center speaks with it. Clips
come from the administrator's microphone or from a vendor's WAV files (a folder or a .zip), named by their
phrase (请.wav, A.wav; digits may be 0.wav … 9.wav, 10.wav = 十, 100.wav = 百, 1000.wav = 千).

Printer. The kiosk prints on the system printer (a named one, or the default), on an ESC/POS printer over
USB, a serial port or the network, or saves a PDF (no printer).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import undefer

from desktop.models import HallDisplayStatus, QueueService, Setting, VoiceClip
from desktop.services import call_wording, voice_audio
from desktop.services.errors import Invalid, NotFound
from desktop.services.permissions import Permission, require

VOICE_KEY = "hall_voice"
PRINTER_KEY = "kiosk_printer"
MODES = ("auto", "engine", "pack", "chime")
PRINTER_KINDS = ("system", "usb", "serial", "network", "pdf")
DIGIT_FILES = {str(i): d for i, d in enumerate(call_wording.DIGITS)} | {
    "10": call_wording.TEN, "100": call_wording.HUNDRED, "1000": call_wording.THOUSAND}
AUDIO_SUFFIXES = (".wav",)


@dataclass(frozen=True)
class VoiceSettings:
    mode: str = "auto"
    engine_voice: str = ""  # "" = the first Mandarin voice the engine has
    repeat: int = 2
    rate: int = -15  # percent slower (-) or faster (+) than the voice's normal speed; halls speak a bit slowly
    volume: int = 90  # percent
    say_service: bool = False  # 「…窗口办理户籍业务」


@dataclass(frozen=True)
class PrinterSettings:
    kind: str = "system"
    system_name: str = ""  # "" = the default system printer
    usb_id: str = ""  # vendor:product in hex, e.g. 0416:5011
    serial_port: str = ""  # /dev/ttyUSB0, COM3
    baudrate: int = 9600
    host: str = ""
    port: int = 9100

    @property
    def usb_ids(self) -> tuple[int, int]:
        vendor, product = self.usb_id.split(":")
        return int(vendor, 16), int(product, 16)


@dataclass(frozen=True)
class ClipInfo:
    phrase: str
    duration_ms: int
    source: str
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class PackStatus:
    needed: tuple[str, ...]  # every phrase the center's calls need, in recording order
    clips: tuple[ClipInfo, ...]  # what the pack holds
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class VoicePlan:
    """Everything a display (or ``onestop voice test``) needs to speak: the settings, the pack's clips
    (phrase → WAV) and whether they cover every call."""

    settings: VoiceSettings
    pack: dict[str, bytes]
    pack_complete: bool
    services: dict[str, str]  # letter → service name

    def wording(self, number: str, window_no: int) -> call_wording.CallWording:
        service = self.services.get(number[:1].upper(), "") if self.settings.say_service else ""
        return call_wording.call_wording(number, window_no, service_name=service)


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # (file name, reason: "unknown_phrase", "not_wav", "silent", …)


@dataclass(frozen=True)
class DisplayVoice:
    host: str
    kind: str  # engine / pack / chime
    name: str
    reported_at: dt.datetime


# ------------------------------------------------------------------ settings
def _read_json(uow, key: str) -> dict:
    row = uow.session.get(Setting, key)
    try:
        value = json.loads(row.value) if row is not None else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def _from(cls, stored: dict):
    fields = {k: v for k, v in stored.items() if k in cls.__dataclass_fields__}
    defaults = cls()
    return replace(defaults, **{k: v for k, v in fields.items()
                                if type(v) is type(getattr(defaults, k))})


def _write_json(uow, key: str, value: dict) -> None:
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = uow.session.get(Setting, key)
    if row is None:
        uow.session.add(Setting(key=key, value=encoded))
    else:
        row.value = encoded


def get_voice_settings(uow) -> VoiceSettings:
    with uow:
        return _from(VoiceSettings, _read_json(uow, VOICE_KEY))


def _range(field: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise Invalid(field=field, reason="range", minimum=low, maximum=high)


def update_voice_settings(uow, settings: VoiceSettings) -> VoiceSettings:
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


def get_printer_settings(uow) -> PrinterSettings:
    with uow:
        return _from(PrinterSettings, _read_json(uow, PRINTER_KEY))


USB_ID = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$")


def check_printer_settings(settings: PrinterSettings) -> PrinterSettings:
    """The settings with their texts trimmed; Invalid names the field a kind of printer needs."""
    s = replace(settings, system_name=settings.system_name.strip(), usb_id=settings.usb_id.strip().lower(),
                serial_port=settings.serial_port.strip(), host=settings.host.strip())
    if s.kind not in PRINTER_KINDS:
        raise Invalid(field="printer_kind", reason="choice")
    if s.kind == "usb" and not USB_ID.match(s.usb_id):
        raise Invalid(field="printer_usb_id", reason="usb_id")
    if s.kind == "serial":
        if not s.serial_port:
            raise Invalid(field="printer_serial_port", reason="empty")
        if s.baudrate not in (2400, 4800, 9600, 19200, 38400, 57600, 115200):
            raise Invalid(field="printer_baudrate", reason="choice")
    if s.kind == "network":
        if not s.host or not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]+", s.host):
            raise Invalid(field="printer_host", reason="format" if s.host else "empty")
        _range("printer_port", s.port, 1, 65535)
    return s


def update_printer_settings(uow, settings: PrinterSettings) -> PrinterSettings:
    settings = check_printer_settings(settings)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "printer.settings"
        _write_json(uow, PRINTER_KEY, asdict(settings))
        uow.commit()
    return settings


# ------------------------------------------------------------------ the voice pack
def _services(uow) -> dict[str, str]:
    return {letter: name for letter, name in uow.session.execute(
        select(QueueService.letter, QueueService.name).where(QueueService.active)
        .order_by(QueueService.sort_order, QueueService.letter))}


def _clip_info(c: VoiceClip) -> ClipInfo:
    return ClipInfo(c.phrase, c.duration_ms, c.source, c.updated_at, c.updated_by)


def pack_status(uow) -> PackStatus:
    with uow:
        settings = _from(VoiceSettings, _read_json(uow, VOICE_KEY))
        services = _services(uow)
        needed = call_wording.phrases_needed(list(services), list(services.values()) if settings.say_service
                                             else [])
        clips = tuple(_clip_info(c) for c in uow.session.scalars(select(VoiceClip).order_by(VoiceClip.phrase)))
        have = {c.phrase for c in clips}
        order = {p: i for i, p in enumerate(needed)}
        clips = tuple(sorted(clips, key=lambda c: (order.get(c.phrase, len(order)), c.phrase)))
        return PackStatus(needed, clips, tuple(p for p in needed if p not in have))


def _check_phrase(phrase: str) -> str:
    phrase = phrase.strip()
    if not phrase:
        raise Invalid(field="phrase", reason="empty")
    if len(phrase) > 40:
        raise Invalid(field="phrase", reason="length", maximum=40)
    return phrase


def _store_clip(uow, phrase: str, wav: bytes, duration: int, source: str) -> ClipInfo:
    clip = uow.session.scalar(select(VoiceClip).where(VoiceClip.phrase == phrase))
    now = uow.clock.now()
    if clip is None:
        clip = VoiceClip(phrase=phrase, audio=wav, duration_ms=duration, source=source, updated_at=now,
                         updated_by=uow.actor.username)
        uow.session.add(clip)
    else:
        clip.audio, clip.duration_ms, clip.source = wav, duration, source
        clip.updated_at, clip.updated_by = now, uow.actor.username
    uow.session.flush()
    return _clip_info(clip)


def save_clip(uow, *, phrase: str, wav: bytes, source: str = "recorded") -> ClipInfo:
    """Record (or re-record) one phrase. The WAV may be any PCM WAV; it is stored in the pack's format."""
    phrase = _check_phrase(phrase)
    clip, duration = voice_audio.normalize_clip(wav)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "voice.clip"
        info = _store_clip(uow, phrase, clip, duration, "imported" if source == "imported" else "recorded")
        uow.commit()
        return info


def delete_clip(uow, *, phrase: str) -> None:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        # the audit entry describes the removed clip, audio included: loaded before the row goes
        clip = uow.session.scalar(select(VoiceClip).options(undefer(VoiceClip.audio))
                                  .where(VoiceClip.phrase == phrase))
        if clip is None:
            raise NotFound(entity="voice_clip", key=phrase)
        uow.action = "voice.clip.delete"
        uow.session.delete(clip)
        uow.commit()


def clip_audio(uow, *, phrase: str) -> bytes:
    """One clip's WAV (to listen back)."""
    with uow:
        audio = uow.session.scalar(select(VoiceClip.audio).where(VoiceClip.phrase == phrase))
        if audio is None:
            raise NotFound(entity="voice_clip", key=phrase)
        return audio


def phrase_for_file(name: str) -> str:
    """The phrase a vendor's file stands for: its name without the extension; 0 … 9, 10, 100 and 1000 stand
    for the Chinese numbers, a lone letter for the capital letter."""
    stem = Path(name).stem.strip()
    if stem in DIGIT_FILES:
        return DIGIT_FILES[stem]
    if len(stem) == 1 and stem.isascii() and stem.isalpha():
        return stem.upper()
    return stem


def read_pack_files(path: Path) -> dict[str, bytes]:
    """The WAV files of a folder or a .zip (their names, without folders, and their bytes)."""
    path = Path(path)
    files: dict[str, bytes] = {}
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file() and f.suffix.lower() in AUDIO_SUFFIXES:
                files[f.name] = f.read_bytes()
        return files
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                name = info.filename.rsplit("/", 1)[-1]
                if not info.is_dir() and Path(name).suffix.lower() in AUDIO_SUFFIXES and info.file_size < 20_000_000:
                    files[_zip_name(info, name)] = z.read(info)
    except (zipfile.BadZipFile, OSError) as exc:
        raise Invalid(field="pack_file", reason="not_zip", detail=str(exc)) from None
    return files


def _zip_name(info: zipfile.ZipInfo, name: str) -> str:
    """Zip files written on Chinese Windows name their files in GBK without saying so (no UTF-8 flag)."""
    if info.flag_bits & 0x800:
        return name
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def import_pack(uow, *, files: dict[str, bytes]) -> ImportResult:
    """Import a vendor's clips (file name → WAV bytes). Each file named after a phrase (see
    ``phrase_for_file``) replaces that phrase's clip; the others are listed with the reason."""
    imported, skipped, clips = [], [], []
    for name, data in files.items():
        phrase = phrase_for_file(name)
        if not phrase or len(phrase) > 40:
            skipped.append((name, "unknown_phrase"))
            continue
        try:
            clip, duration = voice_audio.normalize_clip(data, name=name)
        except voice_audio.BadAudio as exc:
            skipped.append((name, exc.facts.get("reason", "format")))
            continue
        clips.append((phrase, clip, duration))
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "voice.import"
        for phrase, clip, duration in clips:
            _store_clip(uow, phrase, clip, duration, "imported")
            imported.append(phrase)
        uow.commit()
    return ImportResult(tuple(imported), tuple(skipped))


def export_pack(uow) -> bytes:
    """The whole pack as a .zip of WAV files named by phrase (to move it elsewhere or keep a copy)."""
    out = io.BytesIO()
    with uow, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for phrase, audio in uow.session.execute(select(VoiceClip.phrase, VoiceClip.audio)):
            z.writestr(f"{phrase}.wav", audio)
    return out.getvalue()


def voice_plan(uow) -> VoicePlan:
    """What a display loads at start (and when the administrator changes the voice)."""
    with uow:
        settings = _from(VoiceSettings, _read_json(uow, VOICE_KEY))
        services = _services(uow)
        pack = {phrase: audio for phrase, audio in uow.session.execute(select(VoiceClip.phrase, VoiceClip.audio))}
        needed = call_wording.phrases_needed(list(services), list(services.values()) if settings.say_service
                                             else [])
        return VoicePlan(settings, pack, all(p in pack for p in needed), services)


def call_from_pack(plan: VoicePlan, number: str, window_no: int) -> bytes:
    """The call as one WAV made of the pack's clips, repeated as the settings say."""
    return voice_audio.join_call(plan.pack, plan.wording(number, window_no).phrases, repeat=plan.settings.repeat)


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
def report_display_voice(uow, *, host: str, kind: str, name: str) -> None:
    """A display says which voice it uses (at start and when it changes)."""
    with uow:
        row = uow.session.get(HallDisplayStatus, host[:80])
        if row is None:
            row = HallDisplayStatus(host=host[:80])
            uow.session.add(row)
        row.voice_kind, row.voice_name, row.reported_at = kind[:10], name[:120], uow.clock.now()
        uow.commit()


def display_voices(uow) -> tuple[DisplayVoice, ...]:
    with uow:
        return tuple(DisplayVoice(r.host, r.voice_kind, r.voice_name, r.reported_at) for r in uow.session.scalars(
            select(HallDisplayStatus).order_by(HallDisplayStatus.reported_at.desc())))


def voice_fingerprint(uow) -> str:
    """Changes whenever the voice settings or the pack change (a display checks it now and then and reloads
    the pack only then)."""
    from sqlalchemy import func

    with uow:
        row = uow.session.get(Setting, VOICE_KEY)
        count, latest = uow.session.execute(select(func.count(VoiceClip.id), func.max(VoiceClip.updated_at))).one()
        services = sorted(_services(uow).items())
        return json.dumps([row.value if row else "", count, str(latest), services], ensure_ascii=False)
