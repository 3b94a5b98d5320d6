#!/usr/bin/env python3
"""Renders every document from its specimen DTO (desktop/documents/specimens.py) and writes one PNG of each to
docs/samples/ (pdftoppm from poppler-utils does the rasterising).

    .venv/bin/python tools/make_samples.py [--out docs/samples] [--dpi 60] [--system-fonts] [--keep-pdf]

Fonts are the bundled ones unless --system-fonts is given, so the PNGs are the same on every machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.documents import specimens  # noqa: E402
from desktop.documents.acceptance_notice import render_acceptance_notice  # noqa: E402
from desktop.documents.case_file import render_case_file  # noqa: E402
from desktop.documents.dispute_registration import render_dispute_registration  # noqa: E402
from desktop.documents.follow_up_record import render_follow_up_record  # noqa: E402
from desktop.documents.fonts import FontSet  # noqa: E402
from desktop.documents.mediation_agreement import render_mediation_agreement  # noqa: E402
from desktop.documents.mediation_record import render_mediation_record  # noqa: E402
from desktop.documents.non_acceptance_notice import render_non_acceptance_notice  # noqa: E402
from desktop.documents.petition_receipt import render_petition_receipt  # noqa: E402
from desktop.documents.reply_opinion import render_reply_opinion  # noqa: E402
from desktop.documents.room_schedule import render_room_schedule  # noqa: E402
from desktop.documents.ticket import render_ticket  # noqa: E402


def samples(fonts: FontSet) -> list[tuple[str, bytes, int]]:
    """(name, pdf bytes, page to show)."""
    case = render_case_file(specimens.case_file(), fonts=fonts)
    petition_case = render_case_file(specimens.petition_case_file(), fonts=fonts)
    return [
        ("ticket", render_ticket(specimens.ticket(), fonts=fonts), 1),
        ("petition_receipt", render_petition_receipt(specimens.petition_receipt(), fonts=fonts), 1),
        ("acceptance_notice", render_acceptance_notice(specimens.acceptance_notice(), fonts=fonts), 1),
        ("non_acceptance_notice", render_non_acceptance_notice(specimens.non_acceptance_notice(), fonts=fonts), 1),
        ("reply_opinion", render_reply_opinion(specimens.reply_opinion(), fonts=fonts), 1),
        ("dispute_registration", render_dispute_registration(specimens.dispute_registration(), fonts=fonts), 1),
        ("mediation_record", render_mediation_record(specimens.mediation_record(), fonts=fonts), 1),
        ("mediation_agreement", render_mediation_agreement(specimens.mediation_agreement(), fonts=fonts), 1),
        ("follow_up_record", render_follow_up_record(specimens.follow_up_record(), fonts=fonts), 1),
        ("room_schedule", render_room_schedule(specimens.room_schedule(), fonts=fonts), 1),
        ("case_file_cover", case.data, 1),
        ("case_file_contents", case.data, 2),
        ("petition_case_file_cover", petition_case.data, 1),
        ("petition_case_file_contents", petition_case.data, 2),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    ap.add_argument("--dpi", type=int, default=60)
    ap.add_argument("--system-fonts", action="store_true", help="prefer installed 仿宋/宋体/黑体 over the bundled font")
    ap.add_argument("--keep-pdf", action="store_true", help="also write the PDFs beside the PNGs")
    args = ap.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("make_samples: pdftoppm not found (Debian: apt-get install poppler-utils)", file=sys.stderr)
        return 1
    fonts = FontSet(prefer_system=args.system_fonts)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, page in samples(fonts):
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(data)
            if args.keep_pdf:
                (args.out / f"{name}.pdf").write_bytes(data)
            stem = Path(tmp) / name
            subprocess.run(["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(stem)], check=True)
            shutil.copyfile(f"{stem}.png", args.out / f"{name}.png")
            print(f"{args.out / (name + '.png')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
