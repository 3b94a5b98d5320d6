"""``onestop voice test``, run as a real process: one call rendered to a WAV through the voice the hall display
would use. With the speech engine (espeak-ng's Mandarin voice, what speech-dispatcher speaks with) the file is
checked with sox: speech-length, not silence. With a complete recorded pack the file is exactly the pack's
clips joined in order, repeated."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from desktop.services import queue as hall_voice
from tests.voice_tones import tone_wav

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def voice_test(db_url, home, *args):
    env = {**os.environ, "ONESTOP_HOME": str(home)}
    for name in ("ONESTOP_DB_URL", "ONESTOP_USER", "ONESTOP_PASSWORD"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "desktop", "--db", db_url, "voice", "test", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def sox_stat(path) -> dict[str, float]:
    run = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return {m.group(1).strip(): float(m.group(2)) for m in re.finditer(r"^(.+?):\s+(-?[\d.]+)\s*$", run.stderr, re.M)}


@pytest.mark.skipif(shutil.which("sox") is None or shutil.which("espeak-ng") is None,
                    reason="sox and espeak-ng (tools/system-deps.sh installs them) are needed")
def test_the_engine_voice_renders_a_call_that_is_speech(ctx, db_url, tmp_path):
    out = tmp_path / "call.wav"
    run = voice_test(db_url, tmp_path / "home", "--ticket", "A012", "--window", "3", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "请A零一二号，到三号窗口办理 ×2" in run.stdout and "espeak-ng cmn-latn-pinyin" in run.stdout
    stat = sox_stat(out)
    print(f"engine call: {stat['Length (seconds)']:.2f} s, RMS {stat['RMS     amplitude']:.3f}")
    assert stat["Length (seconds)"] > 1.5 * 2  # said twice, each longer than a second and a half
    assert stat["RMS     amplitude"] > 0.02  # not silence
    assert stat["Maximum amplitude"] > 0.3


def test_a_complete_recorded_pack_is_what_the_call_is_made_of(admin_ctx, db_url, tmp_path):
    status = hall_voice.pack_status(admin_ctx.uow(read_only=True))
    for i, phrase in enumerate(status.needed):
        hall_voice.save_clip(admin_ctx.uow(), phrase=phrase, wav=tone_wav(i))
    out = tmp_path / "call.wav"
    run = voice_test(db_url, tmp_path / "home", "--ticket", "B007", "--window", "12", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "recorded voice pack" in run.stdout
    plan = hall_voice.voice_plan(admin_ctx.uow(read_only=True))
    assert out.read_bytes() == hall_voice.call_from_pack(plan, "B007", 12)
    assert plan.wording("B007", 12).phrases == ("请", "B", "零", "零", "七", "号", "到", "十", "二", "号", "窗口", "办理")
