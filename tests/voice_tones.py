"""A generated voice pack for tests: every phrase a distinct pure tone of its own length, so a call built
from the pack can be checked by decoding it (which tone, in which order, how long)."""

from __future__ import annotations

import numpy as np

from desktop.services import queue as voice_audio

RATE = voice_audio.RATE


def tone_for(index: int) -> tuple[float, int]:
    """(frequency in Hz, length in samples) of the index-th phrase: 40 Hz apart, 4 ms longer each."""
    return 300.0 + 40.0 * index, RATE * (120 + 4 * index) // 1000


def tone_wav(index: int, *, rate: int = RATE, channels: int = 1, lead_silence_ms: int = 0) -> bytes:
    """The tone at ``rate``/``channels`` (as a microphone or a vendor might give it), with optional silence
    before it."""
    freq, n = tone_for(index)
    n = n * rate // RATE
    t = np.arange(n) / rate
    samples = 0.5 * np.sin(2 * np.pi * freq * t)
    samples = np.concatenate([np.zeros(rate * lead_silence_ms // 1000), samples])
    ints = np.round(samples * 32767).astype("<i2")
    if channels > 1:
        ints = np.repeat(ints, channels)
    import io
    import wave

    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(ints.tobytes())
    return out.getvalue()


def dominant_frequency(samples: np.ndarray, rate: int = RATE) -> float:
    """The strongest frequency of a stretch of samples (to 1/8 Hz resolution by zero padding)."""
    window = samples.astype(np.float64) * np.hanning(len(samples))
    size = 1 << int(np.ceil(np.log2(len(samples) * 8)))
    spectrum = np.abs(np.fft.rfft(window, size))
    return float(np.argmax(spectrum) * rate / size)


def read_call(data: bytes) -> np.ndarray:
    samples, rate = voice_audio.decode_wav(data)
    assert rate == RATE
    return samples
