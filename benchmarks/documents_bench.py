#!/usr/bin/env python3
"""Time to render each document from its specimen DTO, and a case file with a 20-page record, beside the floor:
reportlab alone laying out the same text (the 20-page record's) with the same font in plain Paragraphs.

    .venv/bin/python benchmarks/documents_bench.py [--runs 15] [--system-fonts]

Prints wall-clock p50/p95 and CPU-time p50 in milliseconds, and pages; "x floor" compares the CPU time with the
floor's (a 20-page plain document), "x floor/page" the CPU time per page (CPU time, because wall time on a
shared machine mostly measures the other processes). Cases run round-robin so that
load from other processes slows them alike. Fonts load
once before timing (a process pays about 0.1 s per font file, once).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from desktop.documents import specimens  # noqa: E402
from desktop.documents.acceptance_notice import render_acceptance_notice  # noqa: E402
from desktop.documents.case_file import render_case_file  # noqa: E402
from desktop.documents.dispute_registration import render_dispute_registration  # noqa: E402
from desktop.documents.follow_up_record import render_follow_up_record  # noqa: E402
from desktop.documents.fonts import FANGSONG, FontSet  # noqa: E402
from desktop.documents.layout import BODY, GBT9704  # noqa: E402
from desktop.documents.mediation_agreement import render_mediation_agreement  # noqa: E402
from desktop.documents.mediation_record import render_mediation_record  # noqa: E402
from desktop.documents.non_acceptance_notice import render_non_acceptance_notice  # noqa: E402
from desktop.documents.petition_receipt import render_petition_receipt  # noqa: E402
from desktop.documents.reply_opinion import render_reply_opinion  # noqa: E402
from desktop.documents.room_schedule import render_room_schedule  # noqa: E402
from desktop.documents.ticket import render_ticket  # noqa: E402


def floor_pdf(paragraphs: list[str], font: str) -> bytes:
    """reportlab's own CJK paragraphs, same font, size, leading and margins: the least the work can cost."""
    buf = io.BytesIO()
    g = GBT9704
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=g.left, rightMargin=g.right, topMargin=g.top,
                            bottomMargin=g.bottom, invariant=1, initialFontName=font)
    style = ParagraphStyle("body", fontName=font, fontSize=BODY.size, leading=BODY.leading, wordWrap="CJK",
                           firstLineIndent=2 * BODY.size)
    doc.build([Paragraph(p, style) for p in paragraphs])
    return buf.getvalue()


def measure(cases, runs: int) -> list[tuple[float, float, float, object]]:
    """Times every case ``runs`` times, round-robin, so that a busy machine slows all cases alike.
    Returns (wall p50, wall p95, CPU p50, result) per case, in milliseconds."""
    results = [fn() for _, fn in cases]  # warm-up
    wall: list[list[float]] = [[] for _ in cases]
    cpu: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for k, (_, fn) in enumerate(cases):
            t, c = time.perf_counter(), time.process_time()
            results[k] = fn()
            cpu[k].append((time.process_time() - c) * 1000)
            wall[k].append((time.perf_counter() - t) * 1000)
    out = []
    for ts, cs, result in zip(wall, cpu, results, strict=True):
        ts.sort()
        p95 = ts[min(len(ts) - 1, max(0, round(0.95 * len(ts)) - 1))]
        out.append((statistics.median(ts), p95, statistics.median(cs), result))
    return out


def pages_of(data) -> int:
    data = data.data if hasattr(data, "data") else data
    return len(PdfReader(io.BytesIO(data)).pages)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--system-fonts", action="store_true")
    args, _ = ap.parse_known_args(argv)  # (python -m benchmarks passes its own arguments through)
    fonts = FontSet(prefer_system=args.system_fonts)
    record = specimens.long_mediation_record(20)
    font = fonts.primary(FANGSONG)
    fonts.runs("陈𠮷林李䶮", FANGSONG)  # load the rare-character fonts before timing
    # the floor: as many of the record's turns as fill 20 pages in plain reportlab paragraphs
    turns = [f"{e.speaker}：{e.text}" for e in record.entries * 2]
    count = next(n for n in range(1, len(turns) + 1) if pages_of(floor_pdf(turns[:n], font)) >= 20)
    paragraphs = turns[:count]

    cases = [
        ("floor: reportlab Paragraphs, same font", lambda: floor_pdf(paragraphs, font)),
        ("mediation record, 20 pages", lambda: render_mediation_record(record, fonts=fonts)),
        ("case file, 20 pages (incl. attachment)", lambda: render_case_file(specimens.case_file(record_pages=11),
                                                                            fonts=fonts)),
        ("case file with a 20-page record", lambda: render_case_file(specimens.case_file(record_pages=20),
                                                                     fonts=fonts)),
        ("ticket", lambda: render_ticket(specimens.ticket(), fonts=fonts)),
        ("petition receipt (QR)", lambda: render_petition_receipt(specimens.petition_receipt(), fonts=fonts)),
        ("acceptance notice", lambda: render_acceptance_notice(specimens.acceptance_notice(), fonts=fonts)),
        ("non-acceptance notice", lambda: render_non_acceptance_notice(specimens.non_acceptance_notice(),
                                                                       fonts=fonts)),
        ("reply opinion", lambda: render_reply_opinion(specimens.reply_opinion(), fonts=fonts)),
        ("dispute registration form", lambda: render_dispute_registration(specimens.dispute_registration(),
                                                                          fonts=fonts)),
        ("mediation record, 1 session", lambda: render_mediation_record(specimens.mediation_record(), fonts=fonts)),
        ("mediation agreement, 3 copies", lambda: render_mediation_agreement(specimens.mediation_agreement(),
                                                                             fonts=fonts)),
        ("follow-up record", lambda: render_follow_up_record(specimens.follow_up_record(), fonts=fonts)),
        ("room day schedule", lambda: render_room_schedule(specimens.room_schedule(), fonts=fonts)),
    ]
    print(f"fonts: {'system preferred' if args.system_fonts else 'bundled'} ({font}); runs: {args.runs}")
    print(f"{'document':<42} {'pages':>5} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'x floor':>8} "
          f"{'x floor/page':>12}")
    floor = None
    for (name, _), (p50, p95, cpu, result) in zip(cases, measure(cases, args.runs), strict=True):
        pages = pages_of(result)
        if floor is None:
            floor = (cpu, cpu / pages)
        print(f"{name:<42} {pages:>5} {p50:>8.1f} {p95:>8.1f} {cpu:>8.1f} {cpu / floor[0]:>8.2f}"
              f" {cpu / pages / floor[1]:>12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
