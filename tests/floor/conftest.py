"""Floor fixtures: a demo database made once per run, a private copy of it for each test, and a virtual
screen at each of the two sizes the hall's PCs have. Without Xvfb, xdotool, openbox or ImageMagick the floor
tests are skipped locally and fail in CI (CI installs them through tools/system-deps.sh)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.floor.harness import App, XScreen, missing_tools

SIZES = ["1366x768", "1920x1080"]
DEMO_PASSWORD = "demo1234"


def pytest_collection_modifyitems(config, items):
    missing = missing_tools()
    if not missing:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"floor tests need {', '.join(missing)}: run tools/system-deps.sh test")
    skip = pytest.mark.skip(reason=f"floor tests need {', '.join(missing)} (tools/system-deps.sh test)")
    for item in items:
        if "tests/floor/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """``onestop demo`` once per run: a center, its staff (password demo1234) and today's queue."""
    from desktop.demo import create_demo

    path = tmp_path_factory.mktemp("floor-demo") / "onestop.db"
    create_demo(f"sqlite:///{path}")
    return path


@pytest.fixture
def home(tmp_path, demo_template) -> Path:
    """A data folder holding a private copy of the demo database (the app's default file)."""
    folder = tmp_path / "home"
    folder.mkdir()
    shutil.copy(demo_template, folder / "onestop.db")
    return folder


@pytest.fixture
def db_url(home) -> str:
    return f"sqlite:///{home / 'onestop.db'}"


@pytest.fixture(params=SIZES)
def screen(request):
    with XScreen(request.param) as s:
        yield s


def as_user(ctx, username: str, password: str = DEMO_PASSWORD):
    """The test process's own context for a demo account, to set things up and read results back."""
    from desktop.services.admin.accounts import authenticate

    return ctx.as_user(authenticate(ctx.uow(), username=username, password=password))


def sign_in(screen: XScreen, home: Path, username: str, password: str = DEMO_PASSWORD,
            extra_env: dict[str, str] | None = None) -> App:
    """Starts the workbench and signs in by typing, as a person would; returns once the main window shows."""
    app = screen.start(home=home, extra_env=extra_env)
    user = app.wait_widget(name="username", timeout=60)
    app.fill(user, username)
    app.key("Tab")
    app.type(password)
    app.key("Return")
    app.wait_widget(name="navigation", timeout=60)
    return app


LP = """#!/bin/sh
# a stand-in for CUPS: keep the file sent and say what a printer would
for a in "$@"; do last="$a"; done
echo "$@" >> "$LP_OUT/args.txt"
cp "$last" "$LP_OUT/"
echo "request id is floor-1 (1 file(s))"
"""


@pytest.fixture
def printer(tmp_path):
    """A folder on the PATH with the stand-in ``lp``, and the folder it prints into."""
    bin_dir, out = tmp_path / "bin", tmp_path / "printed"
    bin_dir.mkdir()
    out.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(LP)
    lp.chmod(0o755)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "LP_OUT": str(out)}, out
