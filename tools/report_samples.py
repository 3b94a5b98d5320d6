#!/usr/bin/env python3
"""Renders the first page of each standard report (一日一快报, 一周一通报, monthly report) and the first page of the
督办单 from demo data, as PNGs in docs/samples/ (report_daily.png, report_weekly.png, report_monthly.png,
report_supervision.png). pdftoppm (poppler-utils) does the rasterising.

    .venv/bin/python tools/report_samples.py [--out docs/samples] [--dpi 60] [--system-fonts] [--keep-pdf]

The data is a fresh ``onestop demo`` database in a temporary directory. When the demo holds little queue and case
history (fewer than MIN_TICKETS tickets in the four weeks before the sample day), eight weeks of history from the
report benchmark's generator are added, so every section has something to show. The reports stand at 18:00 of
the last working day before today (the evening brief); the monthly report is of the month before.
Fonts are the bundled ones unless --system-fonts is given, so the PNGs look the same on every machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIN_TICKETS = 500


def _last_workday(today: dt.date) -> dt.date:
    day = today - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _page_png(pdf: bytes, page: int, out: Path, dpi: int, work: Path) -> None:
    src = work / (out.stem + ".pdf")
    src.write_bytes(pdf)
    stem = work / out.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(src),
                    str(stem)], check=True)
    shutil.copyfile(stem.with_suffix(".png"), out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    ap.add_argument("--dpi", type=int, default=60)
    ap.add_argument("--system-fonts", action="store_true", help="prefer installed 仿宋/宋体/黑体 over the bundled font")
    ap.add_argument("--keep-pdf", action="store_true", help="also copy the PDFs next to the PNGs")
    args = ap.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("report_samples: pdftoppm not found (apt-get install poppler-utils)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="onestop-report-samples-"))
    os.environ["ONESTOP_HOME"] = str(work / "home")
    try:
        from sqlalchemy import func, select

        from benchmarks.reports_bench import generate
        from desktop.clock import FixedClock
        from desktop.demo import create_demo
        from desktop.documents.fonts import FontSet
        from desktop.models import Ticket
        from desktop.reports import pdf
        from desktop.services import reports
        from desktop.services.context import open_database

        url = f"sqlite:///{work / 'demo.db'}"
        create_demo(url)
        day = _last_workday(dt.date.today())
        now = dt.datetime.combine(day, dt.time(18, 0))
        ctx = open_database(url, clock=FixedClock(now))
        with ctx.db.engine.connect() as c:
            recent = c.execute(select(func.count(Ticket.id)).where(Ticket.day > day - dt.timedelta(days=28),
                                                                   Ticket.day <= day)).scalar_one()
        if recent < MIN_TICKETS:
            generate(url, start=day - dt.timedelta(days=56), end=day, now=now, scale=0.3, seed=20261121)
        fonts = FontSet(prefer_system=args.system_fonts)
        month = day.replace(day=1) - dt.timedelta(days=1)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, kind, when in (("daily", "daily", day), ("weekly", "weekly", day), ("monthly", "monthly", month)):
            report = reports.build_report(ctx.uow(read_only=True), kind=kind, day=when)
            data = pdf.pdf_bytes(report, fonts)
            _page_png(data, 1, args.out / f"report_{name}.png", args.dpi, work)
            if args.keep_pdf:
                (args.out / f"report_{name}.pdf").write_bytes(data)
            if name == "weekly":
                first_sheet = _supervision_page(data)
                if first_sheet:
                    _page_png(data, first_sheet, args.out / "report_supervision.png", args.dpi, work)
            print(f"report_{name}.png  {report.title} {report.period.label()}")
        ctx.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _supervision_page(data: bytes) -> int | None:
    """The page number of the first 督办单 page (its own page numbering starts there)."""
    import io

    from pypdf import PdfReader

    for i, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        if "督办单位" in (page.extract_text() or ""):
            return i
    return None


if __name__ == "__main__":
    sys.exit(main())
