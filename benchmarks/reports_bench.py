"""Director reports on the cached generated databases (benchmarks/generate.py: one year = 500,000 tickets,
100,000 petitions, 30,000 disputes; the reference size ten times that), on SQLite and PostgreSQL: time to
build the frames, to write the xlsx and to write the PDF of the daily (2026-11-19), monthly (October 2026) and
yearly (2026 to date) reports. Target: the monthly report in under 2 s.

    python -m benchmarks --size year reports
    python -m benchmarks.reports_bench --size reference --db postgresql

``generate`` (used by tools/report_samples.py) adds a period of history to an existing database, through
benchmarks/generate.py, at the rates of a busy center (600 tickets, 80 petitions, 40 disputes a working day).
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Figure, main_for  # noqa: E402
from desktop.clock import FixedClock  # noqa: E402

NAME = "reports"
NOW = dt.datetime(2026, 11, 20, 10, 0)
REPORTS = [("daily", dt.date(2026, 11, 19)), ("monthly", dt.date(2026, 10, 31)), ("yearly", dt.date(2026, 11, 19))]
TICKETS_PER_DAY, PETITIONS_PER_DAY, DISPUTES_PER_DAY = 600, 80, 40


def generate(url: str, years: int | None = None, *, start: dt.date | None = None, end: dt.date | None = None,
             now: dt.datetime | None = None, scale: float = 1.0, seed: int = 7) -> dict[str, int]:
    """History from ``start`` to ``end`` (or the ``years`` years before ``end``/yesterday) into a migrated
    database of a configured center; with ``now`` the day of ``now`` is cut there (the live view)."""
    from benchmarks import generate as gen
    from desktop.services.admin.calendar import load_calendar
    from desktop.services.context import open_database

    end = end or (now or NOW).date() - dt.timedelta(days=1)
    start = start or end.replace(year=end.year - (years or 1)) + dt.timedelta(days=1)
    ctx = open_database(url, upgrade=False)
    with ctx.uow() as uow:
        cal = load_calendar(uow)
    ctx.close()
    workdays = sum(1 for i in range((end - start).days + 1) if cal.is_workday(start + dt.timedelta(days=i)))
    disputes = int(DISPUTES_PER_DAY * scale * workdays)
    stats = gen.fill([url], first=start, last=end, now=now, seed=seed, log=lambda _m: None,
                     tickets=int(TICKETS_PER_DAY * scale * workdays),
                     petitions=int(PETITIONS_PER_DAY * scale * workdays), disputes=disputes, bookings=disputes)
    rows = stats["rows"]
    return {"tickets": rows.get("queue_ticket", 0), "events": rows.get("queue_event", 0),
            "petitions": rows.get("petition", 0), "disputes": rows.get("dispute", 0)}


def _measure(url: str, runs: int = 3) -> list[tuple[str, float, float, float, int]]:
    """(report, build s, xlsx s, pdf s, pages) for the daily, monthly and yearly reports; build is the median."""
    from pypdf import PdfReader

    from desktop.reports import excel, pdf
    from desktop.services import reports
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    out = []
    try:
        for kind, day in REPORTS:
            times, report = [], None
            for _ in range(runs if kind != "yearly" else max(1, runs - 1)):
                t = time.perf_counter()
                report = reports.build_report(ctx.uow(read_only=True), kind=kind, day=day)
                times.append(time.perf_counter() - t)
            t = time.perf_counter()
            excel.xlsx_bytes(report)
            t_xlsx = time.perf_counter() - t
            t = time.perf_counter()
            data = pdf.pdf_bytes(report)
            t_pdf = time.perf_counter() - t
            pages = len(PdfReader(io.BytesIO(data)).pages)
            out.append((kind, statistics.median(times), t_xlsx, t_pdf, pages))
    finally:
        ctx.close()
    return out


def measure(size, kind: str, url: str) -> list[Figure]:
    from desktop.documents.fonts import default_fonts

    default_fonts().chain("song")  # fonts and imports once, so the first measurement is not the cold start
    out = []
    for report, build, xlsx, pdf_s, pages in _measure(url):
        target = report == "monthly"
        out.append(Figure(f"reports: {report}: build frames", f"{build:.2f} s", "< 2 s" if target else "",
                          build < 2 if target else None))
        out.append(Figure(f"reports: {report}: write xlsx / PDF ({pages} pages)", f"{xlsx:.2f} / {pdf_s:.2f} s"))
    return out


def main(argv: list[str] | None = None) -> None:
    main_for(measure, __doc__.splitlines()[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
