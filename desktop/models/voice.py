"""The hall's voice: the recorded voice pack (one clip per phrase a call needs, kept in the database so every
display PC has it) and what each hall display last said about the voice it uses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class VoiceClip(Base):
    """One phrase of the recorded pack (请, 号, 零 … 九, A, 窗口, …) as a WAV in the pack's one format
    (16-bit mono 22 050 Hz, silence trimmed: clips join without gaps)."""

    __tablename__ = "voice_clip"

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase: Mapped[str] = mapped_column(String(40), unique=True)
    audio: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    duration_ms: Mapped[int]
    source: Mapped[str] = mapped_column(String(10))  # recorded / imported
    updated_at: Mapped[dt.datetime]
    updated_by: Mapped[str] = mapped_column(String(40), default="")


class HallDisplayStatus(Base):
    """The voice a hall display found when it started (one row per display PC), for the administrator."""

    __tablename__ = "hall_display_status"
    __audited__ = False  # a display's report of itself, not a change anybody made

    host: Mapped[str] = mapped_column(String(80), primary_key=True)
    voice_kind: Mapped[str] = mapped_column(String(10))  # engine / pack / chime
    voice_name: Mapped[str] = mapped_column(String(120), default="")
    reported_at: Mapped[dt.datetime]
