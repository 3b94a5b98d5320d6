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
    ap.add_argument("--cases", type=int, default=50, help="closed cases for the batch export (SQLite)")
    ap.add_argument("--no-export", action="store_true", help="skip the batch export measurement")
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
        ("case file, 21 pages (incl. attachment, route map)",
         lambda: render_case_file(specimens.case_file(record_pages=11), fonts=fonts)),
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
    if not args.no_export:
        export_rate(args.cases)
    return 0


def _closed_cases(ctx, n: int) -> None:
    """``n`` closed cases through the real services: half petitions taken through all six steps, half
    disputes ended as 调解不成."""
    from desktop.services import mediation
    from desktop.services import petitions as pt
    from desktop.services.admin import accounts, center
    from desktop.services.mediation import PartyInput
    from desktop.services.people import PersonInput

    admin = ctx.as_user(accounts.authenticate(ctx.uow(), username="admin", password="Hall2026pw"))
    accounts.add_user(admin.uow(), username="clerk", full_name="王芳", role="clerk", password="pass12345", window_no=2)
    clerk = ctx.as_user(accounts.authenticate(ctx.uow(), username="clerk", password="pass12345"))
    dept = center.list_departments(ctx.uow())[0].id
    leaf = next(c.id for c in center.list_categories(ctx.uow()) if c.parent_id is not None)
    types = {t.name: t.id for t in center.list_dispute_types(ctx.uow())}
    mediator = mediation.save_mediator(ctx.uow(), kind="volunteer", name="王德顺", organisation="虎丘村调委会")
    today = ctx.clock.now().date()
    surnames, given = "王李张刘陈杨赵黄周吴", "秀英建国丽娟志强红梅海燕国华玉兰"
    for i in range(n):
        name = surnames[i % 10] + given[(i * 2) % 16:(i * 2) % 16 + 2]
        person = PersonInput(name=name, village=f"{i}号村", address=f"虎丘镇{i}号村{i}组", id_number=_id(2 * i))
        if i % 2 == 0:
            c = pt.register_petition(clerk.uow(), source="visit", petitioners=[person], category_id=leaf,
                                     content=f"第{i}号村道路破损，雨天积水严重，影响村民出行", requests="要求尽快修复道路")
            v = 1
            pt.assign_petition(ctx.uow(), case_id=c.id, version=v, department_id=dept)
            steps = [
                lambda v, c=c: pt.record_meeting(ctx.uow(), case_id=c.id, version=v, met_on=today, place="接访室",
                                                 note="当面听取诉求"),
                lambda v, c=c: pt.record_handling(ctx.uow(), case_id=c.id, version=v, note="现场核查，安排修复"),
                lambda v, c=c: pt.conclude_petition(ctx.uow(), case_id=c.id, version=v, facts="经核查，道路确有破损",
                                                    basis="《农村公路养护管理办法》", issuing_body="镇综治办",
                                                    decisions=[pt.Decision("要求尽快修复道路", "支持，已安排修复")]),
                lambda v, c=c: pt.record_follow_up(ctx.uow(), case_id=c.id, version=v, satisfaction="satisfied",
                                                   method="phone", note="已修复"),
            ]
            for step in steps:
                step(pt.get_case(ctx.uow(), case_id=c.id).version)
        else:
            d = mediation.register_dispute(
                ctx.uow(), type_id=types["邻里"], source="application", title=f"{name}邻里通道纠纷",
                facts="双方因通道使用发生争执。", matters="通道是否可以通行。", mediator_ids=[mediator.id],
                parties=[PartyInput(side="applicant", person=person),
                         PartyInput(side="respondent", person=PersonInput(name=name[0] + "某", village="虎丘村",
                                                                             address="虎丘镇虎丘村", id_number=_id(2 * i + 1)))])
            mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome="failed", note="双方分歧较大，调解不成")


def _id(n: int) -> str:
    """A valid resident ID number (GB 11643 check character), unique per ``n``."""
    body = f"32050519800101{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def export_rate(n: int) -> None:
    """Batch export of ``n`` closed cases on a fresh SQLite database: first run (each case finalised, stored,
    then written) and a second run (stored versions read back, SHA-256 checked, written)."""
    import tempfile

    from desktop.clock import FixedClock
    from desktop.services import case_files
    from desktop.services.admin import center
    from desktop.services.context import open_database

    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(__import__("datetime").datetime(2026, 11, 20, 10, 0))
        ctx = open_database(f"sqlite:///{tmp}/bench.db", backup_dir=Path(tmp) / "backup", clock=clock)
        center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                            admin_full_name="系统管理员", admin_password="Hall2026pw")
        _closed_cases(ctx, n)
        day = clock.now().date()
        print()
        print(f"batch export of {n} closed cases (SQLite)        files   seconds   files/s")
        for label in ("first export (finalise + write)", "second export (stored, verified)"):
            start = time.perf_counter()
            result = case_files.export_case_files(ctx.uow, start=day, end=day, folder=Path(tmp) / label[:5])
            took = time.perf_counter() - start
            print(f"{label:<45} {len(result.files):>5} {took:>9.2f} {len(result.files) / took:>9.1f}")
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
