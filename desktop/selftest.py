"""`onestop --selftest`: checks every part the real app needs, in a temporary folder, and exits non-zero
naming the first part that failed. Runs the same in the frozen bundle as in a checkout."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path


def _database(state: dict) -> str:
    import datetime as dt

    from desktop.clock import FixedClock
    from desktop.services.admin import center
    from desktop.services.context import open_database

    # A working morning, so the queue check does not depend on when the self-test runs.
    url = f"sqlite:///{state['dir'] / 'selftest.db'}"
    state["ctx"] = ctx = open_database(url, backup_dir=state["dir"], clock=FixedClock(dt.datetime(2026, 11, 20, 10)))
    center.setup_center(ctx.uow(), name="自检中心", case_abbr="检", admin_username="admin",
                        admin_full_name="自检", admin_password="selftest123")
    return url


def _migrations(state: dict) -> str:
    from desktop import migrations

    current, head = migrations.current_revision(state["ctx"].db), migrations.head_revision()
    if current != head:
        raise RuntimeError(f"schema at {current}, expected {head}")
    return head


def _queue(state: dict) -> str:
    from desktop.services import queue
    from desktop.services.admin import center

    ctx = state["ctx"]
    service = next(s for s in center.list_services(ctx.uow()) if s.letter == "A")
    issued = queue.issue_ticket(ctx.uow(), service_id=service.id)
    called = queue.call_next(ctx.uow(), window_no=1)
    if called is None or called.ticket.number != issued.ticket.number:
        raise RuntimeError(f"issued {issued}, called {called}")
    return f"{issued.ticket.number} called at window 1"


def _pdf(state: dict) -> str:
    import datetime as dt

    from desktop.documents.ticket import TicketSlip, render_ticket

    pdf = render_ticket(TicketSlip(center_name="自检中心", number="A001", service_name="综合受理",
                                   waiting_ahead=3, issued_at=dt.datetime(2026, 1, 5, 9, 30)))
    if not pdf.startswith(b"%PDF") or b"FontFile2" not in pdf:
        raise RuntimeError("PDF without an embedded TrueType font")
    (state["dir"] / "selftest.pdf").write_bytes(pdf)
    return f"{len(pdf)} bytes"


def _xlsx(state: dict) -> str:
    import pandas as pd

    path = state["dir"] / "selftest.xlsx"
    pd.DataFrame({"窗口": [1, 2], "人数": [10, 20]}).to_excel(path, index=False)
    back = pd.read_excel(path)
    if back["人数"].sum() != 30:
        raise RuntimeError("xlsx read back wrong")
    return f"{path.stat().st_size} bytes"


def _main_window(state: dict) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.services.admin.accounts import authenticate
    from desktop.ui.app import make_app
    from desktop.ui.main_window import MainWindow

    app = make_app()
    ctx = state["ctx"]
    actor = authenticate(ctx.uow(), username="admin", password="selftest123")
    window = MainWindow(ctx.as_user(actor), "自检中心")
    window.show()
    app.processEvents()
    areas = window.nav.count()
    window.close()
    if areas == 0:
        raise RuntimeError("no areas in the navigation")
    return f"{areas} areas"


CHECKS: list[tuple[str, Callable[[dict], str]]] = [
    ("database", _database),
    ("migrations", _migrations),
    ("queue", _queue),
    ("pdf", _pdf),
    ("xlsx", _xlsx),
    ("main window", _main_window),
]


def run() -> int:
    with tempfile.TemporaryDirectory(prefix="onestop-selftest-") as tmp:
        state: dict = {"dir": Path(tmp)}
        # the scratch database's personal data key goes to a key file in the scratch folder, not this PC's store
        previous_key_file = os.environ.get("ONESTOP_KEY_FILE")
        os.environ["ONESTOP_KEY_FILE"] = str(Path(tmp) / "datakey")
        try:
            for name, check in CHECKS:
                start = time.perf_counter()
                try:
                    detail = check(state)
                except Exception as exc:
                    print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                    traceback.print_exc()
                    return 1
                print(f"ok   {name}: {detail} ({(time.perf_counter() - start) * 1000:.0f} ms)")
        finally:
            if "ctx" in state:
                state["ctx"].close()
            if previous_key_file is None:
                os.environ.pop("ONESTOP_KEY_FILE", None)
            else:
                os.environ["ONESTOP_KEY_FILE"] = previous_key_file
    print("selftest passed")
    return 0
