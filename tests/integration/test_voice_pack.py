"""The recorded voice pack in the database: recorded and imported clips, what is still missing for the
center's calls, and a call built from a generated pack of distinct tones (right clips, right order, right
total length, decoded). The voice and printer choices: validated, stored, audited."""

from __future__ import annotations

import io
import zipfile

import pytest

from desktop.services import queue as hall_voice
from desktop.services import queue as voice_audio
from desktop.services.admin import accounts
from desktop.services.errors import Invalid, PermissionDenied
from tests.conftest import sign_in
from tests.voice_tones import RATE, dominant_frequency, read_call, tone_for, tone_wav

PASSWORD = "Clerk2026pw"


def _record_everything(admin_ctx) -> dict[str, int]:
    status = hall_voice.pack_status(admin_ctx.uow(read_only=True))
    index = {}
    for i, phrase in enumerate(status.needed):
        hall_voice.save_clip(admin_ctx.uow(), phrase=phrase, wav=tone_wav(i, rate=48000, lead_silence_ms=300))
        index[phrase] = i
    return index


def test_a_recorded_pack_speaks_a_call_as_its_clips_in_order(admin_ctx, ctx):
    status = hall_voice.pack_status(ctx.uow(read_only=True))
    assert not status.complete and "请" in status.missing and "A" in status.missing
    index = _record_everything(admin_ctx)
    status = hall_voice.pack_status(ctx.uow(read_only=True))
    assert status.complete and [c.phrase for c in status.clips] == list(status.needed)
    assert all(c.updated_by == "admin" and c.source == "recorded" for c in status.clips)

    plan = hall_voice.voice_plan(ctx.uow(read_only=True))  # what a display loads (as the system actor)
    assert plan.pack_complete and plan.settings.repeat == 2
    assert hall_voice.choose_kind(plan, engine_available=True) == "pack"
    data = hall_voice.call_from_pack(plan, "A012", 17)
    samples = read_call(data)
    phrases = plan.wording("A012", 17).phrases
    lengths = [len(voice_audio.decode_wav(plan.pack[p])[0]) for p in phrases]
    # the stored clips lost the recording's silence: each is its tone (within the kept edge)
    for p, n in zip(phrases, lengths, strict=True):
        assert abs(n - tone_for(index[p])[1]) <= RATE * voice_audio.EDGE_MS // 1000 + 2
    pause = RATE * voice_audio.REPEAT_PAUSE_MS // 1000
    assert len(samples) == 2 * sum(lengths) + pause
    position = 0
    for repetition in range(2):
        for p, n in zip(phrases, lengths, strict=True):
            assert abs(dominant_frequency(samples[position:position + n]) - tone_for(index[p])[0]) < 3, (repetition, p)
            position += n
        position += pause if repetition == 0 else 0
    assert position == len(samples)


def test_a_vendor_pack_is_imported_from_a_zip_and_a_re_recording_replaces_a_clip(admin_ctx, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("pack/请.wav", tone_wav(0))
        z.writestr("pack/0.wav", tone_wav(1))
        z.writestr("pack/a.wav", tone_wav(2, rate=16000))
        z.writestr("pack/10.wav", tone_wav(3))
        z.writestr("pack/readme.txt", "vendor notes")
        z.writestr("pack/号.wav", b"not a wav at all")
    path = tmp_path / "pack.zip"
    path.write_bytes(buffer.getvalue())
    result = hall_voice.import_pack(admin_ctx.uow(), files=hall_voice.read_pack_files(path))
    assert sorted(result.imported) == sorted(["请", "零", "A", "十"])
    assert result.skipped == (("号.wav", "not_wav"),)
    status = hall_voice.pack_status(admin_ctx.uow(read_only=True))
    assert {c.phrase: c.source for c in status.clips} == {"请": "imported", "零": "imported", "A": "imported",
                                                         "十": "imported"}
    hall_voice.save_clip(admin_ctx.uow(), phrase="请", wav=tone_wav(7))
    audio = hall_voice.clip_audio(admin_ctx.uow(read_only=True), phrase="请")
    assert abs(dominant_frequency(voice_audio.decode_wav(audio)[0]) - tone_for(7)[0]) < 3
    hall_voice.delete_clip(admin_ctx.uow(), phrase="十")
    assert "十" in hall_voice.pack_status(admin_ctx.uow(read_only=True)).missing
    exported = zipfile.ZipFile(io.BytesIO(hall_voice.export_pack(admin_ctx.uow(read_only=True))))
    assert sorted(exported.namelist()) == sorted(["请.wav", "零.wav", "A.wav"])


def test_voice_and_printer_settings_are_checked_stored_and_need_an_administrator(admin_ctx, ctx):
    assert hall_voice.get_voice_settings(ctx.uow(read_only=True)) == hall_voice.VoiceSettings()
    accounts.add_user(admin_ctx.uow(), username="clerk9", full_name="王小二", role="clerk", password=PASSWORD,
                      window_no=1)
    clerk = sign_in(ctx, "clerk9", PASSWORD)
    with pytest.raises(PermissionDenied):
        hall_voice.update_voice_settings(clerk.uow(), settings=hall_voice.VoiceSettings(repeat=3))
    with pytest.raises(PermissionDenied):
        hall_voice.save_clip(clerk.uow(), phrase="请", wav=tone_wav(0))
    with pytest.raises(Invalid) as bad:
        hall_voice.update_voice_settings(admin_ctx.uow(), settings=hall_voice.VoiceSettings(repeat=5))
    assert bad.value.facts["field"] == "voice_repeat"
    chosen = hall_voice.VoiceSettings(mode="engine", repeat=3, rate=-20, volume=70, say_service=True)
    hall_voice.update_voice_settings(admin_ctx.uow(), settings=chosen)
    assert hall_voice.get_voice_settings(ctx.uow(read_only=True)) == chosen
    plan = hall_voice.voice_plan(ctx.uow(read_only=True))
    assert plan.wording("A012", 3).phrases[-1] == plan.services["A"]  # the service as it is written

    with pytest.raises(Invalid) as usb:
        hall_voice.update_printer_settings(admin_ctx.uow(), settings=hall_voice.PrinterSettings(kind="usb", usb_id="416"))
    assert usb.value.facts["field"] == "printer_usb_id"
    with pytest.raises(Invalid) as host:
        hall_voice.update_printer_settings(admin_ctx.uow(), settings=hall_voice.PrinterSettings(kind="network"))
    assert host.value.facts == {"field": "printer_host", "reason": "empty"}
    saved = hall_voice.update_printer_settings(admin_ctx.uow(), settings=hall_voice.PrinterSettings(
        kind="network", host=" 192.168.1.50 ", port=9100))
    assert saved.host == "192.168.1.50"
    assert hall_voice.get_printer_settings(ctx.uow(read_only=True)) == saved
    usb_saved = hall_voice.update_printer_settings(admin_ctx.uow(), settings=hall_voice.PrinterSettings(kind="usb",
                                                                                                usb_id="0416:5011"))
    assert usb_saved.usb_ids == (0x0416, 0x5011)

    from desktop.services import audit

    actions = [r.action for r in audit.list_audit(admin_ctx.uow(read_only=True))]
    assert "voice.settings" in actions and "printer.settings" in actions


def test_each_display_says_which_voice_it_uses(ctx):
    hall_voice.report_display_voice(ctx.uow(), host="hall-pc", kind="engine",
                                    name="Chinese (Mandarin, latin as Pinyin)")
    hall_voice.report_display_voice(ctx.uow(), host="hall-pc", kind="pack", name="")
    hall_voice.report_display_voice(ctx.uow(), host="annex", kind="chime", name="")
    voices = {v.host: (v.kind, v.name) for v in hall_voice.display_voices(ctx.uow(read_only=True))}
    assert voices == {"hall-pc": ("pack", ""), "annex": ("chime", "")}
