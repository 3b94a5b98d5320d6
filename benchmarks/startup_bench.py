"""Cold start to the sign-in window, median of 5: the real `onestop` process on a virtual X screen,
timed from spawn until the window is mapped (found with xdotool). Needs xvfb and xdotool."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def _wait_for_window(env: dict, title: str, timeout: float = 60) -> bool:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=env,
                               capture_output=True, text=True)
        if found.stdout.strip():
            return True
        time.sleep(0.02)
    return False


def measure(command: list[str], title: str, home: Path, runs: int = RUNS) -> list[float]:
    display = f":{200 + os.getpid() % 300}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "ONESTOP_HOME": str(home)}
    times = []
    try:
        for _ in range(runs):
            start = time.perf_counter()
            app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ok = _wait_for_window(env, title)
            times.append(time.perf_counter() - start if ok else float("nan"))
            app.kill()
            app.wait()
    finally:
        xvfb.kill()
    return times


def main() -> None:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        print("startup: needs Xvfb and xdotool (apt-get install xvfb xdotool)")
        return
    home = Path(tempfile.mkdtemp(prefix="onestop-start-"))
    env = {**os.environ, "ONESTOP_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "desktop", "demo"], env=env, check=True, capture_output=True)
    times = measure([sys.executable, "-m", "desktop"], "OneStop", home)
    shutil.rmtree(home, ignore_errors=True)
    print("| measure | runs | median | min | max |")
    print("|---|---|---|---|---|")
    print(f"| cold start to sign-in window (python -m desktop) | {len(times)} | "
          f"{statistics.median(times):.2f} s | {min(times):.2f} s | {max(times):.2f} s |")


if __name__ == "__main__":
    main()
