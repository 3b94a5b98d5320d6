"""Formula injection (issue 16, attack 2): hostile text typed by a caller or a clerk — a village
``=cmd|' /C calc'!A0``, reply facts ``=HYPERLINK(…)`` — goes through every workbook and csv file OneStop
writes (the 12345 export in .xlsx and .csv, also from the command line, the import error report, the monthly
report, the records behind a figure) and comes out as text: no formula cell, no csv field a spreadsheet
would run. Numbers stay numbers. The case-file manifest (no user text in it) uses the same csv writer: a
scan of the sources finds no workbook or csv writer around desktop.exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from desktop import exports
from desktop.models import Petition
from desktop.services import intake, reports
from desktop.services import petitions as pt
from tests.conftest import ADMIN_PASSWORD
from tests.fixtures.intake.make_fixtures import HEADERS, hotline_rows
from tests.integration.test_petition_helpers import advance, make_staff

DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://evil.example/x","点我")'
HOSTILE = [DDE, LINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "＝1+1"]
FORMULA_START = re.compile(r"^[=+\-@\t\r＝＋－＠]")


# ---------------------------------------------------------------- checks

def formula_cells(path: Path) -> list[str]:
    """Every cell of every sheet that a spreadsheet would run: a formula cell, or text that starts like one
    without the neutralising quote (a plain number such as -3 is not a formula)."""
    bad = []
    book = load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if cell.data_type == "f" or (isinstance(v, str) and FORMULA_START.match(v)
                                             and not re.fullmatch(r"[+-]?\d+(\.\d+)?", v)):
                    bad.append(f"{ws.title}!{cell.coordinate}={v!r}")
    return bad


def unescaped_csv_fields(raw: str) -> list[str]:
    """Fields of a csv file that start like a formula (OWASP: must be quoted and start with a quote)."""
    bad = []
    for row in csv.reader(io.StringIO(raw, newline="")):
        bad += [f for f in row if FORMULA_START.match(f) and not re.fullmatch(r"[+-]?\d+(\.\d+)?", f)]
    return bad


def texts(path: Path) -> set[str]:
    return {c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)}


# ---------------------------------------------------------------- the shared writer

@pytest.mark.parametrize("value", HOSTILE)
def test_the_writer_neutralises_every_formula_start(value):
    assert exports.neutralise(value) == "'" + value
    assert exports.cell_value(value).startswith("'")
    wb = Workbook()
    cell = exports.put(wb.active, 1, 1, value)
    assert cell.data_type == "s" and cell.value == "'" + value


def test_numbers_stay_numbers_and_plain_text_is_unchanged():
    wb = Workbook()
    for j, v in enumerate([-3, -2.5, 0, 7, dt.date(2026, 11, 3)], start=1):
        cell = exports.put(wb.active, 1, j, v)
        assert cell.value == v and cell.data_type in ("n", "d")
    for text in ["-3", "+1.5", "虎丘村", "A064", "（2026）虎信字第001号", "", "a=b", " =1"]:
        assert exports.neutralise(text) == text
    assert exports.cell_value("bell\x07 and NUL\x00") == "bell and NUL"  # a workbook cannot hold them


def test_the_csv_writer_quotes_text_and_leaves_numbers_bare():
    buf = io.StringIO()
    w = exports.CsvWriter(buf)
    w.writerow(["工单", -3, 2.5, None, *HOSTILE])
    raw = buf.getvalue()
    assert raw.startswith('"工单",-3,2.5,"",')
    assert unescaped_csv_fields(raw) == []
    row = next(csv.reader(io.StringIO(raw, newline="")))
    assert row[4:] == ["'" + v for v in HOSTILE]


def test_no_module_writes_cells_or_csv_around_the_shared_writer():
    """Every writer of workbooks and csv files goes through desktop.exports (the self-test writes a
    fixed two-number sheet and is exempt)."""
    root = Path(__file__).resolve().parents[2] / "desktop"
    pattern = re.compile(r"csv\.writer\(|csv\.DictWriter\(|WriteOnlyCell\(|\.to_excel\(|\.to_csv\(|"
                         r"\bws\.cell\([^)]*,[^)]*,")
    found = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py") if p.name not in ("exports.py", "selftest.py")
             for n, line in enumerate(p.read_text("utf-8").splitlines(), start=1) if pattern.search(line)]
    assert found == []


# ---------------------------------------------------------------- every export, with hostile data stored

@pytest.fixture
def hostile(ctx, admin_ctx, tmp_path, clock):
    """Three 12345 work orders with hostile text in every free-text column, imported; one answered with
    hostile reply facts and decisions, one closed; plus a row rejected for its phone number."""
    rows = hotline_rows()[:3]
    rows[0][5], rows[0][4], rows[0][6] = DDE, LINK, "+1+1"  # village, address, grid
    rows[0][8] = "-2+3 " + rows[0][8]
    rows[1][5], rows[1][2] = "@SUM(A1)", "＝1+1"
    rows[2][5] = "-2+3"
    bad = list(hotline_rows()[3])
    bad[3], bad[5], bad[8] = "12", DDE, LINK  # an invalid phone: the row is rejected, its cells reported
    book = Workbook()
    ws = book.active
    ws.append(HEADERS)
    for r in [*rows, bad]:
        ws.append(r)
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # the platform's file holds the text, not a formula
    path = tmp_path / "hostile.xlsx"
    book.save(path)
    opened = intake.open_work_order_file(ctx.uow(), source="12345", path=path)
    result = intake.import_work_orders(ctx.uow(), source="12345", sheet=opened.sheet, mapping=opened.mapping)
    assert result.created == 3 and len(result.rejected_rows) == 1
    staff = make_staff(admin_ctx)
    with ctx.uow(read_only=True) as uow:
        ids = list(uow.session.scalars(select(Petition.id).order_by(Petition.id)))
        assert uow.session.get(Petition, ids[0]).village == DDE  # stored exactly
    advance(staff, ids[0], "handling")
    v = pt.get_case(staff.officer.uow(), case_id=ids[0]).version
    pt.conclude_petition(staff.officer.uow(), case_id=ids[0], version=v, facts=LINK, basis="+1+1",
                         issuing_body="镇综治办", decisions=[pt.Decision("@SUM(A1)", "-2+3")])
    advance(staff, ids[1], "closed")
    return {"opened": opened, "result": result, "ids": ids}


def test_the_12345_export_writes_hostile_text_as_text(ctx, admin_ctx, hostile, tmp_path):
    layout = intake.ExportLayout((intake.ExportColumn("work_order_no", "工单编号"),
                                  intake.ExportColumn("result", "=办理结果"),
                                  intake.ExportColumn("department", "@承办单位")), "%Y-%m-%d %H:%M:%S")
    intake.save_export_layout(admin_ctx.uow(), source="12345", layout=layout)
    out = intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 11, 1), out=tmp_path / "back.xlsx")
    assert out.rows == 2
    assert formula_cells(out.path) == []
    assert "'" + LINK + "；@SUM(A1)：-2+3" in texts(out.path)  # the reply, shown as it was with the quote
    assert {"'=办理结果", "'@承办单位"} <= texts(out.path)
    out = intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 11, 1), out=tmp_path / "back.csv")
    raw = out.path.read_bytes().decode("utf-8-sig")
    assert unescaped_csv_fields(raw) == []
    assert f'"\'{LINK.replace(chr(34), chr(34) * 2)}；@SUM(A1)：-2+3"' in raw  # quoted, quotes doubled


def test_the_command_line_export_writes_hostile_text_as_text(ctx, db_url, hostile, tmp_path, monkeypatch):
    from desktop.__main__ import main

    monkeypatch.setenv("ONESTOP_USER", "admin")  # the command line signs in (issue 16, item 5)
    monkeypatch.setenv("ONESTOP_PASSWORD", ADMIN_PASSWORD)
    for name in ("cli.xlsx", "cli.csv"):
        assert main(["export", "12345", "--since", "2026-11-01", "--out", str(tmp_path / name), "--db", db_url]) == 0
    assert formula_cells(tmp_path / "cli.xlsx") == []
    assert unescaped_csv_fields((tmp_path / "cli.csv").read_bytes().decode("utf-8-sig")) == []


def test_the_import_error_report_writes_hostile_cells_as_text(ctx, hostile, tmp_path):
    path = intake.write_error_report(tmp_path / "errors.xlsx", hostile["result"].rejected_rows,
                                     hostile["opened"].sheet, source="12345", generated_at=ctx.clock.now())
    assert formula_cells(path) == []
    assert {"'" + DDE, "'" + LINK} <= texts(path)


def test_the_monthly_report_and_its_records_write_hostile_text_as_text(ctx, hostile, tmp_path):
    day = dt.date(2026, 11, 19)
    result = reports.generate_report(ctx.uow(read_only=True), kind="monthly", day=day, fmt="xlsx", out=tmp_path)
    assert formula_cells(result.path) == []
    assert {"'" + DDE, "'@SUM(A1)"} <= texts(result.path)  # the villages of the hotspot table
    assert "-2+3" in texts(result.path) or "'-2+3" in texts(result.path)
    records = reports.figure_records(ctx.uow(), key="hotspots.by_village", kind="month", day=day, row=DDE,
                                     column="petitions")
    path = reports.export_records(records, tmp_path / "records.xlsx")
    assert formula_cells(path) == []
    assert "'" + DDE in texts(path)

