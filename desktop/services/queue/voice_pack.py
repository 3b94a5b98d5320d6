"""The recorded voice pack: one WAV clip per phrase, stored in the database (``voice_clip``) so every display
PC of the center speaks with it. Clips come from the administrator's microphone or from a vendor's WAV files
(a folder or a .zip), named by their phrase (请.wav, A.wav; digits may be 0.wav … 9.wav, 10.wav = 十,
100.wav = 百, 1000.wav = 千)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import undefer

from desktop.db import UnitOfWork
from desktop.models import VoiceClip
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.queue._lookup import _found
from desktop.services.queue._stored import _from, _read_json
from desktop.services.queue.audio import BadAudio, normalize_clip
from desktop.services.queue.voice import VOICE_KEY, VoiceSettings, _services
from desktop.services.queue.wording import DIGITS, HUNDRED, TEN, THOUSAND, phrases_needed

DIGIT_FILES = {str(i): d for i, d in enumerate(DIGITS)} | {"10": TEN, "100": HUNDRED, "1000": THOUSAND}
AUDIO_SUFFIXES = (".wav",)


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
class ImportResult:
    imported: tuple[str, ...]
    skipped: tuple[tuple[str, str], ...]  # (file name, reason: "unknown_phrase", "not_wav", "silent", …)


def _clip_info(c: VoiceClip) -> ClipInfo:
    return ClipInfo(c.phrase, c.duration_ms, c.source, c.updated_at, c.updated_by)


def pack_status(uow: UnitOfWork) -> PackStatus:
    with uow:
        settings = _from(VoiceSettings, _read_json(uow, VOICE_KEY))
        services = _services(uow)
        needed = phrases_needed(list(services), list(services.values()) if settings.say_service
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


def save_clip(uow: UnitOfWork, *, phrase: str, wav: bytes, source: str = "recorded") -> ClipInfo:
    """Record (or re-record) one phrase. The WAV may be any PCM WAV; it is stored in the pack's format."""
    phrase = _check_phrase(phrase)
    clip, duration = normalize_clip(wav)
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        uow.action = "voice.clip"
        info = _store_clip(uow, phrase, clip, duration, "imported" if source == "imported" else "recorded")
        uow.commit()
        return info


def delete_clip(uow: UnitOfWork, *, phrase: str) -> None:
    with uow:
        require(uow, Permission.CONFIGURE_CENTER)
        # the audit entry describes the removed clip, audio included: loaded before the row goes
        clip = _found(uow.session.scalar(select(VoiceClip).options(undefer(VoiceClip.audio))
                                         .where(VoiceClip.phrase == phrase)), entity="voice_clip", key=phrase)
        uow.action = "voice.clip.delete"
        uow.session.delete(clip)
        uow.commit()


def clip_audio(uow: UnitOfWork, *, phrase: str) -> bytes:
    """One clip's WAV (to listen back)."""
    with uow:
        return _found(uow.session.scalar(select(VoiceClip.audio).where(VoiceClip.phrase == phrase)),
                      entity="voice_clip", key=phrase)


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


def import_pack(uow: UnitOfWork, *, files: dict[str, bytes]) -> ImportResult:
    """Import a vendor's clips (file name → WAV bytes). Each file named after a phrase (see
    ``phrase_for_file``) replaces that phrase's clip; the others are listed with the reason."""
    imported, skipped, clips = [], [], []
    for name, data in files.items():
        phrase = phrase_for_file(name)
        if not phrase or len(phrase) > 40:
            skipped.append((name, "unknown_phrase"))
            continue
        try:
            clip, duration = normalize_clip(data, name=name)
        except BadAudio as exc:
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


def export_pack(uow: UnitOfWork) -> bytes:
    """The whole pack as a .zip of WAV files named by phrase (to move it elsewhere or keep a copy)."""
    out = io.BytesIO()
    with uow, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for phrase, audio in uow.session.execute(select(VoiceClip.phrase, VoiceClip.audio)):
            z.writestr(f"{phrase}.wav", audio)
    return out.getvalue()
