"""Every PDF OneStop writes embeds every font it uses (archiving tools refuse a PDF with an unembedded font):
pdffonts over every document sample (the set tools/make_samples.py renders), the three standard reports with
their charts and the 督办单 (the set tools/report_samples.py renders), the ticket as the kiosk saves it and the
data key recovery sheet."""

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.documents.fonts import FontSet
from desktop.reports import pdf
from desktop.services import reports
from tests.integration.test_report_builders import Build, cases_november, queue_day

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 19)


def unembedded(path: Path) -> list[str]:
    """pdffonts' rows whose 'emb' column says no."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, f"{path.name}: pdffonts lists no font at all"
    # name type... encoding emb sub uni object ID: emb is the fifth column from the end
    return [row for row in rows if row.split()[-5] != "yes"]


@pytest.fixture(scope="module", autouse=True)
def _pdffonts():
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")


def _document_samples(fonts: FontSet) -> list[tuple[str, bytes]]:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_samples
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return [(name, data) for name, data, _page in make_samples.samples(fonts)]


@pytest.mark.parametrize("prefer_system", [False, True], ids=["bundled", "system"])
def test_every_document_sample_embeds_its_fonts(tmp_path, prefer_system):
    bad = {}
    for name, data in _document_samples(FontSet(prefer_system=prefer_system)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        if rows := unembedded(path):
            bad[name] = rows
    assert not bad


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_every_report_embeds_its_fonts(ctx, tmp_path):
    b = Build(ctx)
    queue_day(b), cases_november(b)
    fonts = FontSet(prefer_system=False)
    bad = {}
    for kind, day in (("daily", DAY), ("weekly", DAY), ("monthly", dt.date(2026, 11, 20))):
        report = reports.build_report(ctx.uow(read_only=True), kind=kind, day=day)
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf.pdf_bytes(report, fonts))
        if kind == "monthly":  # the charts are there (their graphics state is where Helvetica came from)
            listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
            assert "Helvetica" not in listed
        if rows := unembedded(path):
            bad[kind] = rows
    assert not bad


def test_the_saved_ticket_and_the_key_recovery_sheet_embed_their_fonts(tmp_path):
    from desktop.documents import specimens
    from desktop.documents.key_recovery_sheet import KeySheet, write_pdf
    from desktop.services.queue import save_ticket_pdf

    ticket = save_ticket_pdf(specimens.ticket(), tmp_path)
    sheet = write_pdf(KeySheet(center_name="虎丘镇一站式综合服务中心", database="onestop.db", key_id="K7QX-2M4P",
                               created_at=dt.datetime(2026, 11, 20, 9, 30),
                               lines=("ABCD EFGH JKLM NPQR", "STUV WXYZ 2345", "6789 ABCD EFGH", "JKLM NPQR"),
                               printed_at=dt.datetime(2026, 11, 20, 10, 0), printed_by="系统管理员"),
                      tmp_path / "key.pdf")
    assert unembedded(ticket) == []
    assert unembedded(sheet) == []
