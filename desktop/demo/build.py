"""``onestop demo``: a database with a realistic center, staff of every role (printed demo passwords),
and each area's sample data. Areas add their ``demo_<area>(ctx, rng)`` function to DEMO_STEPS."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from desktop import config
from desktop.demo.matters import demo_matters
from desktop.demo.mediation import demo_mediation
from desktop.demo.petitions import demo_petitions
from desktop.demo.queue import demo_queue
from desktop.services.admin import accounts, center
from desktop.services.context import open_database

DEMO_PASSWORD = "demo1234"
STAFF = [
    # username, full name, role, window
    ("admin", "周建国", "admin", None),
    ("director", "陈立新", "director", None),
    ("supervisor", "林慧", "supervisor", None),
    *[(f"clerk{n:02d}", name, "clerk", n) for n, name in [
        (1, "王芳"), (2, "李娜"), (7, "刘洋"), (8, "陈静"), (11, "杨帆"), (12, "赵丽"), (13, "黄磊"),
        (14, "周敏"), (15, "吴婷"), (16, "徐强"), (17, "孙悦")]],
    *[(f"mediator{n:02d}", name, "mediator", w) for n, name, w in [
        (1, "张国华", 3), (2, "郭秀英", 4), (3, "马志强", 5), (4, "何淑珍", 6), (5, "罗文斌", 9),
        (6, "高玉兰", 10)]],
]
# Each area's step takes (ctx, rng) and returns a summary line; they run in this order.
DEMO_STEPS: list[Callable[..., str]] = [demo_mediation, demo_queue, demo_petitions, demo_matters]


def create_demo(url: str | None = None, *, force: bool = False, seed: int = 20261121) -> str:
    url = url or config.default_sqlite_url()
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if path is not None and path.exists():
        if not force:
            raise SystemExit(f"{path} exists; use --force to replace it with demo data")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    ctx = open_database(url)
    rng = random.Random(seed)
    try:
        center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎",
                            admin_username="admin", admin_full_name="周建国", admin_password=DEMO_PASSWORD)
        lines = [f"demo database: {ctx.db_display}", "", "demo accounts (password for all: "
                 f"{DEMO_PASSWORD}):"]
        for username, name, role, window in STAFF:
            if username != "admin":
                accounts.add_user(ctx.uow(), username=username, full_name=name, role=role,
                                  password=DEMO_PASSWORD, window_no=window)
            lines.append(f"  {username:<12} {name:<6} {role:<10} {'window ' + str(window) if window else ''}")
        for step in DEMO_STEPS:
            lines.append(step(ctx, rng))
    finally:
        ctx.close()
    return "\n".join(lines)
