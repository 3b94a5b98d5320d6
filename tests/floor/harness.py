"""The floor harness: a virtual X screen with a window manager, the real ``onestop`` processes on it, and real
input through the XTest extension (xdotool). Results are read back from the database, from the widget tree
the process reports (desktop/ui/probe.py: geometry and text only, it sends nothing) and from screenshots.

    with XScreen("1366x768") as screen:
        app = screen.start("kiosk", db_url=url)
        button = app.wait_widget(text="综合受理")
        app.click(button)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("ONESTOP_FLOOR_SHOTS", ROOT / "build" / "floor"))
TOOLS = ("Xvfb", "xdotool", "xmodmap", "openbox", "import")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def _onestop() -> list[str]:
    script = Path(sys.executable).parent / "onestop"
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop"]


class FloorError(AssertionError):
    pass


class XScreen:
    """Xvfb at one size with openbox, for the life of a ``with`` block."""

    def __init__(self, size: str = "1366x768"):
        self.size = size
        self.width, self.height = (int(v) for v in size.split("x"))
        self.tmp = Path(tempfile.mkdtemp(prefix="onestop-floor-"))
        self.procs: list[subprocess.Popen] = []
        self.apps: list[App] = []
        self.display = ""

    def __enter__(self) -> XScreen:
        for _ in range(20):
            number = 100 + (os.getpid() * 7 + len(self.procs) + int(time.time() * 1000)) % 800
            if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
                break
        self.display = f":{number}"
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{self.size}x24", "-nolisten", "tcp",
                                      "-ac"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb did not start")
        self.env = {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb",
                    "XDG_RUNTIME_DIR": str(self.tmp), "HOME": os.environ.get("HOME", str(self.tmp))}
        self.env.pop("QT_QPA_PLATFORMTHEME", None)
        wm = subprocess.Popen(["openbox", "--sm-disable"], env=self.env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        self.procs.append(wm)
        time.sleep(0.5)
        return self

    def __exit__(self, *exc) -> None:
        for app in self.apps:
            app.stop()
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.xvfb.terminate()
        self.xvfb.wait(5)
        shutil.rmtree(self.tmp, ignore_errors=True)

    @staticmethod
    def _wait(pred: Callable[[], object], timeout: float, what: str) -> object:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = pred()
            if value:
                return value
            time.sleep(0.1)
        raise FloorError(what)

    def map_characters(self, text: str) -> bool:
        """Gives every non-ASCII character of ``text`` a keycode of its own before it is typed. xdotool would
        otherwise remap one spare keycode for each character in turn, and a client that reads the keymap late
        (under load) types the wrong character. Keycodes of unused multimedia keys are taken, least recently
        used first. Returns whether the keymap changed."""
        if not hasattr(self, "_keymap"):
            empty = [int(line.split()[1]) for line in subprocess.run(
                ["xmodmap", "-pke"], env=self.env, capture_output=True, text=True, check=True).stdout.splitlines()
                if len(line.split()) <= 3]
            self._pool = [k for k in empty if k > 8] + list(range(191, 256))
            self._keymap: dict[str, int] = {}
        wanted = [c for c in dict.fromkeys(text) if ord(c) >= 0x100]
        new = [c for c in wanted if c not in self._keymap]
        if not new:
            for c in wanted:  # most recently used last
                self._keymap[c] = self._keymap.pop(c)
            return False
        expressions = []
        for c in new:
            if self._pool:
                code = self._pool.pop()
            else:
                victim = next(k for k in self._keymap if k not in wanted)
                code = self._keymap.pop(victim)
            self._keymap[c] = code
            expressions += ["-e", f"keycode {code} = U{ord(c):04X} U{ord(c):04X}"]
        subprocess.run(["xmodmap", *expressions], env=self.env, check=True, timeout=30)
        return True

    def xdotool(self, *args: str) -> str:
        out = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30)
        return out.stdout

    def start(self, *args: str, home: Path, db_url: str | None = None, lang: str = "zh_CN",
              extra_env: dict[str, str] | None = None) -> App:
        app = App(self, list(args), home=home, db_url=db_url, lang=lang, extra_env=extra_env or {})
        self.apps.append(app)
        return app

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}-{self.size}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        return path


class App:
    """One real OneStop process on the screen."""

    def __init__(self, screen: XScreen, args: list[str], *, home: Path, db_url: str | None, lang: str,
                 extra_env: dict[str, str]):
        self.screen = screen
        self.probe = Path(tempfile.mkdtemp(prefix="probe-", dir=screen.tmp))
        env = {**screen.env, "ONESTOP_HOME": str(home), "ONESTOP_PROBE": str(self.probe), **extra_env}
        if db_url:
            env["ONESTOP_DB_URL"] = db_url
        cmd = [*_onestop(), *(["--lang", lang] if lang else []), *args]
        self.log = open(screen.tmp / f"app-{len(screen.apps)}.log", "w+")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT)

    # --- reading what is on screen ---------------------------------------------------------------------
    def tree(self, timeout: float = 45) -> dict:  # generous: a loaded CI machine can stall the app for seconds
        out = self.probe / "tree.json"
        out.unlink(missing_ok=True)
        (self.probe / "request").write_text("1")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise FloorError(f"the process ended (code {self.proc.returncode}):\n{self.output()}")
            if out.exists():
                try:
                    tree = json.loads(out.read_text(encoding="utf-8"))
                except json.JSONDecodeError:
                    continue
                if "error" in tree:
                    raise FloorError(f"the probe failed: {tree['error']}")
                return tree
            time.sleep(0.05)
        raise FloorError("the process did not answer the probe (frozen?)")

    def windows(self) -> list[dict]:
        return self.tree()["windows"]

    def widgets(self, *, window: str | None = None, **match) -> list[dict]:
        """Visible widgets whose fields match: ``name``, ``text`` (exact), ``contains`` (in the text),
        ``cls``; ``window`` restricts to windows whose title contains it."""
        found = []
        for win in self.windows():
            if window is not None and window not in (win["title"] or ""):
                continue
            for w in win["widgets"]:
                if _matches(w, match):
                    found.append({**w, "window": win["title"]})
        return found

    def wait_widget(self, timeout: float = 20, **match) -> dict:
        def find():
            hits = self.widgets(**match)
            return hits[0] if hits else None

        return self.screen._wait(find, timeout, f"no widget {match} appeared:\n{self.describe()}")

    def wait_window(self, title: str, timeout: float = 30) -> dict:
        def find():
            return next((w for w in self.windows() if title in (w["title"] or "")), None)

        return self.screen._wait(find, timeout, f"no window titled {title!r}:\n{self.describe()}")

    def wait_gone(self, timeout: float = 20, **match) -> None:
        self.screen._wait(lambda: not self.widgets(**match), timeout, f"{match} is still shown")

    def wait_until(self, pred: Callable[[], object], timeout: float = 20, what: str = "condition") -> object:
        return self.screen._wait(pred, timeout, f"{what} not reached:\n{self.describe()}")

    def texts(self, **match) -> list[str]:
        return [w.get("text", "") for w in self.widgets(**match)]

    def describe(self) -> str:
        try:
            tree = self.tree(5)
        except FloorError as exc:
            return str(exc)
        lines = []
        for win in tree["windows"]:
            lines.append(f"window {win['title']!r} {win['class']} {win['frame']}")
            for w in win["widgets"]:
                if w.get("text") or w["name"]:
                    lines.append(f"  {w['class']} {w['name']!r} {w.get('text', '')!r} {w['rect']}")
        return "\n".join(lines[:200])

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read()[-4000:]

    # --- real input ------------------------------------------------------------------------------------
    def click(self, widget: dict, *, button: int = 1, at: tuple[int, int] | None = None) -> None:
        x, y, w, h = widget["rect"]
        if at is None and widget.get("class") in ("QCheckBox", "QRadioButton"):
            at = (x + 8, y + h // 2)  # the indicator: only it and the label text take the click
        px, py = at if at else (x + w // 2, y + h // 2)
        self.screen.xdotool("mousemove", "--sync", str(px), str(py))
        time.sleep(0.05)
        self.screen.xdotool("click", str(button))
        time.sleep(0.15)

    def double_click(self, widget: dict) -> None:
        x, y, w, h = widget["rect"]
        self.screen.xdotool("mousemove", "--sync", str(x + w // 2), str(y + h // 2))
        self.screen.xdotool("click", "--repeat", "2", "--delay", "80", "1")
        time.sleep(0.2)

    def drag(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        x = self.screen.xdotool
        x("mousemove", "--sync", str(start[0]), str(start[1]))
        x("mousedown", "1")
        steps = 8
        for i in range(1, steps + 1):
            x("mousemove", "--sync", str(start[0] + (end[0] - start[0]) * i // steps),
              str(start[1] + (end[1] - start[1]) * i // steps))
            time.sleep(0.03)
        x("mouseup", "1")
        time.sleep(0.2)

    def key(self, *keys: str) -> None:
        for k in keys:
            self.screen.xdotool("key", "--clearmodifiers", k)
            time.sleep(0.12)

    def type(self, text: str, delay_ms: int = 40) -> None:
        """Types ``text`` key by key, Chinese characters too (see ``XScreen.map_characters``)."""
        if self.screen.map_characters(text):
            self.tree()  # a round trip: the app has seen the new keymap before the first key arrives
        self.screen.xdotool("type", "--delay", str(delay_ms), "--", text)
        time.sleep(0.15)

    def focused(self) -> dict | None:
        return next((w for win in self.windows() for w in win["widgets"] if w["focus"]), None)

    def enter(self, text: str) -> None:
        """Replaces the text of the focused field with ``text`` and reads it back. Under load xdotool now and
        then loses or repeats a non-ASCII character while it remaps its spare keycode, so a field that does not
        hold ``text`` afterwards is typed again, more slowly."""
        for delay in (40, 150, 400):
            self.key("ctrl+a")
            self.type(text, delay)
            field = self.focused()
            if field is None or field.get("text") is None or field.get("text") == text:
                return
        raise FloorError(f"the field holds {field.get('text')!r} after typing {text!r}")

    def fill(self, widget: dict, text: str) -> None:
        """Clicks into a field and types ``text`` over what is there (checked, see ``enter``)."""
        self.click(widget)
        self.enter(text)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _matches(widget: dict, match: dict) -> bool:
    for key, want in match.items():
        if key == "cls":
            if widget["class"] != want:
                return False
        elif key == "contains":
            if want not in (widget.get("text") or ""):
                return False
        elif key == "enabled":
            if widget["enabled"] != want:
                return False
        elif widget.get(key) != want:
            return False
    return True


def inside(rect: list[int], screen: tuple[int, int]) -> bool:
    x, y, w, h = rect
    return x >= 0 and y >= 0 and x + w <= screen[0] and y + h <= screen[1]
