"""The sound of the recorded voice pack: WAV in, WAV out, no Qt.

Every clip is kept in one format (16-bit PCM, mono, 22 050 Hz: what espeak-ng writes too), its silence
before and after trimmed, its level evened out, so a call built from clips of different recordings joins them
without gaps or jumps in loudness. A call is the clips of its phrases one after the other; repeated, the
repetitions are separated by a pause. Recordings from a microphone (any rate, 8/16/24/32-bit, mono or
stereo) and a vendor's WAV files come in through ``normalize_clip``.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Mapping, Sequence

import numpy as np

from desktop.services.errors import ServiceError

RATE = 22050
SILENCE_FLOOR = 0.02  # of full scale: quieter than this at the ends is trimmed
PEAK = 0.85  # clips are scaled to this peak
EDGE_MS = 15  # kept around the voiced part, and faded, so a clip starts and ends without a click
MAX_CLIP_MS = 6000
REPEAT_PAUSE_MS = 700


class BadAudio(ServiceError):
    """A file or recording that cannot be a clip. facts: reason ("not_wav", "format", "silent",
    "too_long"), name (the file, when imported), maximum_ms."""


def decode_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Samples as floats in [-1, 1] (mono: channels averaged) and the sample rate."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except (wave.Error, EOFError, ValueError) as exc:
        raise BadAudio(reason="not_wav", detail=str(exc)) from None
    if width == 1:
        samples = (np.frombuffer(frames, dtype=np.uint8).astype(np.float32) - 128) / 128
    elif width == 2:
        samples = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768
    elif width == 3:
        raw = np.frombuffer(frames, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        ints = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        samples = ints.astype(np.float32) / (1 << 23)
    elif width == 4:
        samples = np.frombuffer(frames, dtype="<i4").astype(np.float32) / 2147483648
    else:
        raise BadAudio(reason="format", detail=f"{width * 8}-bit")
    if channels > 1:
        samples = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1)
    return samples, rate


def encode_wav(samples: np.ndarray, rate: int = RATE) -> bytes:
    """Floats in [-1, 1] (or int16) as a 16-bit mono WAV."""
    if samples.dtype != np.int16:
        samples = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def resample(samples: np.ndarray, rate: int, to: int = RATE) -> np.ndarray:
    if rate == to or len(samples) == 0:
        return samples
    n = max(1, round(len(samples) * to / rate))
    return np.interp(np.arange(n) * (rate / to), np.arange(len(samples)), samples).astype(np.float32)


def normalize_clip(data: bytes, *, name: str = "") -> tuple[bytes, int]:
    """A recording or a vendor's file as a pack clip: the pack's format, silence trimmed, level evened.
    Returns the WAV and its length in milliseconds; refuses silence and clips longer than MAX_CLIP_MS."""
    try:
        samples, rate = decode_wav(data)
    except BadAudio as exc:
        raise BadAudio(**{**exc.facts, "name": name}) from None
    samples = resample(samples, rate)
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    if peak < 0.01:
        raise BadAudio(reason="silent", name=name)
    loud = np.nonzero(np.abs(samples) >= max(SILENCE_FLOOR, peak * 0.05))[0]
    edge = RATE * EDGE_MS // 1000
    start, end = max(0, int(loud[0]) - edge), min(len(samples), int(loud[-1]) + 1 + edge)
    clip = samples[start:end] * (PEAK / peak)
    fade = min(edge, len(clip) // 4)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        clip[:fade] *= ramp
        clip[-fade:] *= ramp[::-1]
    ms = len(clip) * 1000 // RATE
    if ms > MAX_CLIP_MS:
        raise BadAudio(reason="too_long", name=name, maximum_ms=MAX_CLIP_MS)
    return encode_wav(clip), ms


def clip_samples(data: bytes) -> np.ndarray:
    """A stored clip's samples as int16 (already in the pack's format)."""
    samples, rate = decode_wav(data)
    samples = resample(samples, rate)
    return np.clip(np.round(samples * 32768), -32768, 32767).astype(np.int16)


def join_call(pack: Mapping[str, bytes], phrases: Sequence[str], *, repeat: int = 1,
              pause_ms: int = REPEAT_PAUSE_MS) -> bytes:
    """The call as one WAV: the clips of ``phrases`` back to back, ``repeat`` times with ``pause_ms`` of
    silence between the repetitions. Every phrase must be in the pack (KeyError names the first missing)."""
    once = [clip_samples(pack[p]) for p in phrases]
    pause = np.zeros(RATE * pause_ms // 1000, dtype=np.int16)
    parts: list[np.ndarray] = []
    for i in range(max(1, repeat)):
        if i:
            parts.append(pause)
        parts.extend(once)
    return encode_wav(np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16))


def duration_ms(data: bytes) -> int:
    with wave.open(io.BytesIO(data), "rb") as w:
        return w.getnframes() * 1000 // w.getframerate()
