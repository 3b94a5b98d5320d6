"""The .deb end to end (run by `make dist-test`, after `make dist`): install with dpkg, self-test from the
installed launcher, start the kiosk and the hall display from their desktop entries on a virtual screen,
remove the package, and check that the user's data survived."""

from __future__ import annotations

import configparser
import glob
import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="installing a .deb needs root")


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def installed():
    debs = sorted(glob.glob(str(ROOT / "dist" / "onestop_*.deb")))
    assert debs, "no .deb in dist/: run make dist"
    result = run("dpkg", "-i", debs[-1])
    if result.returncode != 0:  # pull the declared dependencies, then configure
        fixed = run("apt-get", "install", "-f", "-y", "-q", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        assert fixed.returncode == 0, fixed.stderr
    assert run("dpkg-query", "-W", "-f=${Status}", "onestop").stdout == "install ok installed"
    yield debs[-1]
    run("dpkg", "-r", "onestop")


def _exec_line(entry: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(f"/usr/share/applications/{entry}.desktop", encoding="utf-8")
    return shlex.split(parser["Desktop Entry"]["Exec"])


def test_installed_package_self_tests_launches_and_uninstalls_keeping_data(installed, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONESTOP_", "QT_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"))
    assert Path("/usr/bin/onestop").exists() and Path("/opt/onestop/onestop").exists()
    for entry in ("onestop", "onestop-kiosk", "onestop-display"):
        assert Path(f"/usr/share/applications/{entry}.desktop").exists()
        icon = configparser.ConfigParser(interpolation=None)
        icon.read(f"/usr/share/applications/{entry}.desktop", encoding="utf-8")
        assert Path(f"/usr/share/icons/hicolor/scalable/apps/{icon['Desktop Entry']['Icon']}.svg").exists()

    selftest = run("/usr/bin/onestop", "--selftest", env={**env, "QT_QPA_PLATFORM": "offscreen"})
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    assert "selftest passed" in selftest.stdout

    demo = run("/usr/bin/onestop", "demo", env=env)
    assert demo.returncode == 0, demo.stderr
    data = home / ".local" / "share" / "OneStop" / "onestop.db"
    assert data.exists()

    display = ":" + str(300 + os.getpid() % 200)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    apps = []
    try:
        time.sleep(1)
        genv = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        for entry in ("onestop-kiosk", "onestop-display"):
            apps.append((entry, subprocess.Popen(_exec_line(entry), env=genv, stdout=subprocess.PIPE,
                                                 stderr=subprocess.PIPE, text=True)))
        time.sleep(5)
        for entry, proc in apps:
            assert proc.poll() is None, f"{entry} exited: {proc.communicate()[1][-2000:]}"
        windows = run("xdotool", "search", "--onlyvisible", "--name", ".", env=genv).stdout.split()
        assert len(windows) >= 2
    finally:
        for _, proc in apps:
            proc.kill()
        xvfb.kill()

    removed = run("dpkg", "-r", "onestop")
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/onestop/onestop").exists() and not Path("/usr/bin/onestop").exists()
    assert data.exists() and data.stat().st_size > 0
    shutil.rmtree(home, ignore_errors=True)
