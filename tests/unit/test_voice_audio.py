"""The recorded voice pack's sound: clips normalised to one format without their silence, and a call joined
from them gap-free and in order (checked by decoding a call made of distinct tones)."""

import numpy as np
import pytest

from desktop.services import queue as voice_audio
from desktop.services.queue import call_wording, phrases_needed
from tests.voice_tones import RATE, dominant_frequency, read_call, tone_for, tone_wav


def test_a_recording_is_brought_to_the_packs_format_without_its_silence():
    # a 44.1 kHz stereo recording with half a second of silence before the word
    clip, ms = voice_audio.normalize_clip(tone_wav(3, rate=44100, channels=2, lead_silence_ms=500))
    samples, rate = voice_audio.decode_wav(clip)
    freq, n = tone_for(3)
    assert rate == RATE
    assert abs(len(samples) - n) <= RATE * voice_audio.EDGE_MS // 1000 + 2  # the silence is gone
    assert ms == len(samples) * 1000 // RATE
    assert abs(float(np.max(np.abs(samples))) - voice_audio.PEAK) < 0.01
    assert abs(dominant_frequency(samples) - freq) < 2


def test_silence_and_non_wav_files_are_refused():
    with pytest.raises(voice_audio.BadAudio) as silent:
        voice_audio.normalize_clip(voice_audio.encode_wav(np.zeros(RATE)))
    assert silent.value.facts["reason"] == "silent"
    with pytest.raises(voice_audio.BadAudio) as junk:
        voice_audio.normalize_clip(b"ID3\x03 not a wav", name="please.mp3")
    assert junk.value.facts == {"reason": "not_wav", "detail": junk.value.facts["detail"], "name": "please.mp3"}


def test_a_call_plays_its_clips_in_order_gap_free_with_the_right_length():
    needed = phrases_needed(["A", "B"])
    pack = {p: voice_audio.normalize_clip(tone_wav(i))[0] for i, p in enumerate(needed)}
    index = {p: i for i, p in enumerate(needed)}
    phrases = call_wording("A012", 17).phrases
    data = voice_audio.join_call(pack, phrases, repeat=2, pause_ms=700)
    samples = read_call(data)
    lengths = [tone_for(index[p])[1] for p in phrases]
    pause = RATE * 700 // 1000
    assert len(samples) == 2 * sum(lengths) + pause  # nothing between the clips; one pause between the calls
    position = 0
    for repetition in range(2):
        for phrase, n in zip(phrases, lengths, strict=True):
            segment = samples[position:position + n]
            expected = tone_for(index[phrase])[0]
            assert abs(dominant_frequency(segment) - expected) < 3, (repetition, phrase)
            # the clip's own edges (no silence before or after it inside the call)
            for edge in (segment[RATE * 20 // 1000: RATE * 60 // 1000], segment[-RATE * 60 // 1000: -RATE * 20 // 1000]):
                assert abs(dominant_frequency(edge) - expected) < 15, (repetition, phrase)
            position += n
        if repetition == 0:
            assert np.max(np.abs(samples[position:position + pause])) == 0
            position += pause
    assert position == len(samples)


def test_a_phrase_missing_from_the_pack_is_named():
    with pytest.raises(KeyError, match="窗口"):
        voice_audio.join_call({"请": tone_wav(0)}, ["请", "窗口"])
