"""Start-up loads nothing heavy before the sign-in window shows (issue 18): the real ``onestop`` process, offscreen,
on a set-up database, asked through the widget probe which packages it has loaded at the moment the
LoginDialog is on screen. pandas, openpyxl, reportlab, Alembic and QtCharts load when first used; the schema
check of a current database is one query of alembic_version (desktop.migrations.newest_revision)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import migrations

HEAVY = {"pandas", "numpy", "openpyxl", "reportlab", "alembic", "PySide6.QtCharts", "pypdf", "xlrd"}


def modules_at_sign_in(db_url: str, probe: Path, timeout: float = 90.0) -> set[str]:
    probe.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ONESTOP_PROBE=str(probe))
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--db", db_url], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
            (probe / "request").touch()
            tree_file = probe / "tree.json"
            if tree_file.exists():
                tree = json.loads(tree_file.read_text(encoding="utf-8"))
                tree_file.unlink()
                if any(w["class"] == "LoginDialog" for w in tree["windows"]):
                    return set(tree["modules"])
            time.sleep(0.05)
        pytest.fail("the sign-in window did not show")
    finally:
        proc.kill()
        proc.wait()


def test_nothing_heavy_is_loaded_when_the_sign_in_window_shows(ctx, db_url, tmp_path):
    ctx.close()
    loaded = modules_at_sign_in(db_url, tmp_path / "probe")
    assert "desktop" in loaded and "PySide6.QtWidgets" in loaded  # the probe answered from the real app
    assert loaded & HEAVY == set()


def test_the_newest_revision_file_is_alembics_head():
    """newest_revision() reads the versions folder without Alembic: the files sort in chain order and the
    highest-numbered one holds the head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations.HERE))
    script = ScriptDirectory.from_config(cfg)
    chain = [Path(rev.path).name for rev in reversed(list(script.walk_revisions()))]
    assert chain == sorted(p.name for p in migrations.VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert migrations.newest_revision() == script.get_current_head() == migrations.head_revision()


def test_every_message_named_by_module_reaches_its_exception():
    """The sentences of heavy service modules name their exception as "module.Class" (messages.describe looks
    it up once the module is loaded): each name must stay right, and the sentence must still be found."""
    import importlib

    from desktop.ui import messages

    named = [kind for kind, _render in messages.MESSAGES if isinstance(kind, str)]
    assert "desktop.services.reports.PeriodInFuture" in named
    for name in named:
        module, _, cls = name.rpartition(".")
        kind = getattr(importlib.import_module(module), cls, None)
        assert isinstance(kind, type) and issubclass(kind, Exception), name
    from desktop.services import reports

    generic = messages.describe(Exception("x"))
    assert messages.describe(reports.ReportCancelled()) != generic
