import os
import subprocess
import sys

from desktop import selftest


def test_selftest_passes_as_a_real_process(tmp_path):
    env = {**os.environ, "ONESTOP_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop", "--selftest"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for part in ("database", "migrations", "queue", "pdf", "xlsx", "main window"):
        assert f"ok   {part}:" in result.stdout
    assert "selftest passed" in result.stdout


def test_selftest_names_the_part_that_failed(monkeypatch, capsys):
    def broken(state):
        raise OSError("disk full")

    checks = [(n, broken if n == "xlsx" else f) for n, f in selftest.CHECKS if n in ("database", "xlsx")]
    monkeypatch.setattr(selftest, "CHECKS", checks)
    assert selftest.run() == 1
    err = capsys.readouterr().err
    assert "FAIL xlsx: OSError: disk full" in err
