"""Reading work-order files without a database: kinds recognised from their bytes, encodings, headers found
(also merged and two-level ones), dates and phones as platforms and Excel write them, and every bad input."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from desktop.services.intake import files as f
from tests.fixtures.intake.make_fixtures import HEADERS, big_file, hotline_rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "intake"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026/11/3", dt.datetime(2026, 11, 3)),
    ("2026-11-03 08:05", dt.datetime(2026, 11, 3, 8, 5)),
    ("2026-11-03 08:05:30", dt.datetime(2026, 11, 3, 8, 5, 30)),
    ("2026-11-03T08:05:00", dt.datetime(2026, 11, 3, 8, 5)),
    ("2026年11月3日", dt.datetime(2026, 11, 3)),
    ("2026年11月3日 14时30分", dt.datetime(2026, 11, 3, 14, 30)),
    ("2026年11月3日8:05", dt.datetime(2026, 11, 3, 8, 5)),
    ("２０２６年１１月３日", dt.datetime(2026, 11, 3)),  # full-width digits
    ("2026.11.3", dt.datetime(2026, 11, 3)),
    ("2026/11/3 下午 3:05", dt.datetime(2026, 11, 3, 15, 5)),
    ("2026/11/3 上午 12:10", dt.datetime(2026, 11, 3, 0, 10)),
    ("20261103", dt.datetime(2026, 11, 3)),
    (20261103, dt.datetime(2026, 11, 3)),
    (46329.336805555555, dt.datetime(2026, 11, 3, 8, 5)),  # an Excel serial number
    ("46329.336806", dt.datetime(2026, 11, 3, 8, 5)),  # the same, written as text into a CSV
    (46329, dt.datetime(2026, 11, 3)),
    (dt.date(2026, 11, 3), dt.datetime(2026, 11, 3)),
    (dt.datetime(2026, 11, 3, 8, 5, 1, 999), dt.datetime(2026, 11, 3, 8, 5, 1)),
])
def test_dates_in_every_form_the_platforms_write(text, expected):
    assert f.parse_datetime(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("2026-02-30", "date_invalid"), ("2026/13/01", "date_invalid"), ("11/3/2026", "date_format"),
    ("明天", "date_format"), ("123", "date_format"), (3.5, "date_format"), (True, "date_format"), ("  ", "empty"),
])
def test_what_is_not_a_date_says_why(text, reason):
    with pytest.raises(f.BadValue) as caught:
        f.parse_datetime(text)
    assert caught.value.reason == reason


def test_a_1904_workbook_counts_serials_from_1904():
    assert f.parse_datetime(44867, epoch=f.EXCEL_EPOCH_1904) == dt.datetime(2026, 11, 3)


@pytest.mark.parametrize(("cell", "phone", "fixed"), [
    (13812345678, "13812345678", False),
    (13812345678.0, "13812345678", False),
    ("1.3812345678E+10", "13812345678", False),  # Excel's scientific notation in a CSV
    (51265551234, "0512-65551234", True),  # a landline stored as a number lost its leading zero
    (2165551234, "021-65551234", True),
    (1012345678, "010-12345678", True),
    ("+86 139 1234 5678", "13912345678", False),
    ("0512 6555 1234", "0512-65551234", False),
    ("0512-6555 1234", "0512-65551234", False),
    ("13912345678/0512-65550000", "13912345678", False),  # two numbers: the first
    ("13912345678，13812345678", "13912345678", False),
    ("", "", False),
    (None, "", False),
])
def test_phones_as_excel_and_clerks_store_them(cell, phone, fixed):
    assert f.parse_phone(cell) == (phone, fixed)


@pytest.mark.parametrize("cell", ["1381234567", "12345", "电话", 138123.5, "0000000000000"])
def test_what_is_not_a_phone_is_refused(cell):
    with pytest.raises(f.BadValue) as caught:
        f.parse_phone(cell)
    assert caught.value.reason == "phone"


def test_the_three_csv_encodings_read_alike():
    rows = hotline_rows()
    read = {name: f.read_work_order_file(FIX / name) for name in
            ("hotline_utf8.csv", "hotline_utf8_bom.csv", "hotline_gbk.csv")}
    assert {n: s.encoding for n, s in read.items()} == {"hotline_utf8.csv": "utf-8",
                                                      "hotline_utf8_bom.csv": "utf-8-sig",
                                                      "hotline_gbk.csv": "gb18030"}
    for sheet in read.values():
        assert sheet.kind == "csv" and sheet.headers == tuple(HEADERS) and sheet.header_row == 1
    # the semicolon-separated file splits like the others; the GBK file keeps its Chinese intact
    assert [r[1][0] for r in read["hotline_utf8_bom.csv"].rows] == [r[0] for r in rows[4:7]]
    assert [r[1][8] for r in read["hotline_gbk.csv"].rows] == [r[8] for r in rows[7:]]
    assert [r[1][2] for r in read["hotline_utf8.csv"].rows] == [r[2] for r in rows[:4]]


def test_utf16_text_from_excel_unicode_export_reads():
    text = "\t".join(HEADERS[:3] + ["诉求内容"]) + "\r\n" + "GD1\t2026-11-03\t王芳\t路灯不亮\r\n"
    sheet = f.read_work_order_file(text.encode("utf-16"), file_name="u.txt")
    assert sheet.encoding == "utf-16" and sheet.rows == ((2, ("GD1", "2026-11-03", "王芳", "路灯不亮")),)


def test_xlsx_keeps_real_dates_and_the_row_numbers_excel_shows():
    sheet = f.read_work_order_file(FIX / "hotline_basic.xlsx")
    assert (sheet.kind, sheet.sheet, sheet.sheets, sheet.header_row) == ("xlsx", "工单明细", ("工单明细",), 1)
    first_no, first = sheet.rows[0]
    assert first_no == 2 and first[0] == "GD2026110300001" and isinstance(first[1], dt.datetime)
    assert [n for n, _ in sheet.rows] == list(range(2, 12))
    assert len(sheet.sha256) == 64


def test_merged_and_two_level_headers():
    sheet = f.read_work_order_file(FIX / "merged_headers.xlsx")
    assert sheet.header_row == 3  # row 1 is a title, rows 2-3 the header
    assert sheet.headers == ("工单信息/编号", "工单信息/受理时间", "工单信息/来电渠道", "来电人信息/姓名",
                             "来电人信息/电话", "来电人信息/地址", "所属村居", "诉求类别", "诉求内容", "办结时限")
    assert sheet.rows[0][0] == 4
    assert f.detect_mapping(sheet.headers) == {
        "work_order_no": "工单信息/编号", "received_at": "工单信息/受理时间", "caller_name": "来电人信息/姓名",
        "phone": "来电人信息/电话", "address": "来电人信息/地址", "village": "所属村居", "category": "诉求类别",
        "content": "诉求内容", "requested_deadline": "办结时限"}


def test_xls_from_the_grid_platform_title_row_is_not_a_group():
    sheet = f.read_work_order_file(FIX / "grid_reports.xls")
    assert (sheet.kind, sheet.header_row, sheet.sheet) == ("xls", 2, "网格上报事件")
    assert sheet.headers[:3] == ("事件编号", "上报时间", "上报人")
    assert isinstance(sheet.rows[0][1][1], dt.datetime) and sheet.rows[0][0] == 3
    assert f.detect_mapping(sheet.headers)["grid"] == "所属网格"


def test_empty_rows_between_data_are_counted_and_trailing_ones_ignored():
    sheet = f.read_work_order_file(FIX / "duplicates_and_empty.xlsx")
    assert [n for n, _ in sheet.rows] == [2, 3, 5, 8, 9, 10, 11, 12]
    assert sheet.empty_rows == 3


def test_no_recognisable_headers():
    with pytest.raises(f.NoRecognisableHeaders) as caught:
        f.read_work_order_file(FIX / "no_headers.xlsx")
    assert caught.value.facts == {"file": "no_headers.xlsx", "sheet": "Sheet", "rows_scanned": 5}
    # the clerk may name the header row; a row outside the scanned rows is refused
    with pytest.raises(f.HeaderRowOutOfRange):
        f.read_work_order_file(FIX / "no_headers.xlsx", header_row=9)
    sheet = f.read_work_order_file(FIX / "no_headers.xlsx", header_row=1)
    assert sheet.header_row == 1 and not sheet.header_detected and len(sheet.rows) == 4


def test_remembered_headers_find_an_unusual_header_row():
    data = ("单号,日期,人,问题\nA1,2026-11-03,王芳,路灯不亮\n").encode()
    with pytest.raises(f.NoRecognisableHeaders):
        f.read_work_order_file(data, file_name="odd.csv")
    sheet = f.read_work_order_file(data, file_name="odd.csv", known_headers=("单号", "人", "问题"))
    assert sheet.headers == ("单号", "日期", "人", "问题") and sheet.rows == ((2, ("A1", "2026-11-03", "王芳", "路灯不亮")),)


@pytest.mark.parametrize(("name", "detected"), [("not_a_spreadsheet.xlsx", "pdf"), ("readme.csv", "text")])
def test_a_file_that_is_not_a_spreadsheet(name, detected):
    with pytest.raises(f.NotASpreadsheet) as caught:
        f.read_work_order_file(FIX / name)
    assert caught.value.facts == {"file": name, "detected": detected}


@pytest.mark.parametrize(("data", "detected"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
    (bytes(range(256)) * 4, "binary"),
    (b"<?xml version='1.0'?><Workbook/>", "xml"),
    ("工单编号,内容\n".encode() + b"A1,\xff\xff\n", "encoding"),  # neither UTF-8 nor GB18030
])
def test_other_files_that_are_not_spreadsheets(data, detected):
    with pytest.raises(f.NotASpreadsheet) as caught:
        f.read_work_order_file(data, file_name="x.xls")
    assert caught.value.facts["detected"] == detected


def test_a_zip_that_is_not_a_workbook_and_a_damaged_workbook():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(f.NotASpreadsheet) as caught:
        f.read_work_order_file(buf.getvalue(), file_name="a.xlsx")
    assert caught.value.facts["detected"] == "zip"
    whole = (FIX / "hotline_basic.xlsx").read_bytes()
    with pytest.raises(f.UnreadableFile):
        f.read_work_order_file(whole[: len(whole) // 2], file_name="cut.xlsx")


def test_password_protected_workbook_is_recognised_before_reading():
    data = (FIX / "encrypted.xlsx").read_bytes()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE container, not a zip
    with pytest.raises(f.EncryptedWorkbook) as caught:
        f.read_work_order_file(FIX / "encrypted.xlsx")
    assert caught.value.facts == {"file": "encrypted.xlsx"}


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(f.EmptyFile):
        f.read_work_order_file(b"", file_name="empty.csv")
    with pytest.raises(f.EmptyFile):
        f.read_work_order_file(",".join(HEADERS).encode() + b"\n\n\n", file_name="header_only.csv")
    with pytest.raises(f.UnreadableFile) as caught:
        f.read_work_order_file(tmp_path / "gone.xlsx")
    assert caught.value.facts["file"] == "gone.xlsx"


def test_sheet_choice(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("工单")
    ws.append(HEADERS)
    ws.append(hotline_rows()[0])
    wb.save(tmp_path / "two.xlsx")
    sheet = f.read_work_order_file(tmp_path / "two.xlsx")
    assert sheet.sheet == "工单" and sheet.sheets == ("说明", "工单")  # the first sheet with data
    with pytest.raises(f.SheetNotFound) as caught:
        f.read_work_order_file(tmp_path / "two.xlsx", sheet="汇总")
    assert caught.value.facts["sheets"] == ("说明", "工单")


def test_row_limit_and_cancel(tmp_path):
    path = big_file(tmp_path / "3k.csv", 3000)
    with pytest.raises(f.TooManyRows) as caught:
        f.read_work_order_file(path, max_rows=1000)
    assert caught.value.facts["maximum"] == 1000
    with pytest.raises(f.Cancelled):
        f.read_work_order_file(path, cancelled=lambda: True)
    seen = []
    f.read_work_order_file(path, progress=lambda stage, done, total: seen.append((stage, done)))
    assert seen[0] == ("read", 2000) and seen[-1][0] == "read"


def test_detect_mapping_prefers_exact_names_and_uses_each_header_once():
    headers = ("序号", "工单编号", "来电人姓名", "来电号码", "事发地址", "所属社区", "诉求内容", "回复内容", "类型")
    assert f.detect_mapping(headers) == {"work_order_no": "工单编号", "caller_name": "来电人姓名", "phone": "来电号码",
                                         "address": "事发地址", "village": "所属社区", "content": "诉求内容",
                                         "category": "类型"}


@pytest.mark.slow
def test_a_50000_row_workbook_reads_whole(tmp_path):
    path = big_file(tmp_path / "50k.xlsx", 50_000)
    sheet = f.read_work_order_file(path)
    assert len(sheet.rows) == 50_000 and sheet.rows[-1][0] == 50_001 and sheet.empty_rows == 0
    assert len({r[1][0] for r in sheet.rows}) == 50_000
