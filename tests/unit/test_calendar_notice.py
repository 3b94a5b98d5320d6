"""Reading the State Council's holiday notice (desktop.services.admin.calendar_notice): the published notices of
2024–2026 (tests/fixtures/calendar) parse to exactly what chinesecalendar holds for those years, from .txt,
.html and .pdf; text it cannot read is refused with the line it stopped at. And the pure calendar helpers:
coverage of years, the kind of a day, a calendar with some days changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from chinese_calendar.constants import holidays, workdays

from desktop.services.admin.calendar import Coverage
from desktop.services.admin.calendar_hall import day_kind
from desktop.services.admin.calendar_notice import (
    NoticeNotUnderstood,
    NoticeUnreadable,
    html_text,
    parse_notice,
    read_notice_file,
)
from desktop.services.workdays import WorkCalendar

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "calendar"
D = dt.date


def notice_text(year) -> str:
    name = f"notice_{year}.txt" if year != 2027 else "notice_2027_FICTIONAL_test_only.txt"
    return (FIXTURES / name).read_text(encoding="utf-8")


def days(notice) -> tuple:
    """A notice without its line numbers (a copy in another format has other lines)."""
    return notice.year, notice.title, [(h.name, h.days_off, h.workdays) for h in notice.holidays]


def package_days(year: int) -> tuple[set[dt.date], set[dt.date]]:
    return {d for d in holidays if d.year == year}, {d for d in workdays if d.year == year}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_the_published_notice_parses_to_what_chinesecalendar_holds(year):
    notice = parse_notice(notice_text(year))
    assert notice.year == year
    assert notice.title == f"国务院办公厅关于{year}年部分节假日安排的通知"
    days_off, make_up = package_days(year)
    assert set(notice.days_off()) == days_off  # every day of every break, weekends included
    assert set(notice.workdays()) == make_up
    stored = {(r.day, r.is_workday) for r in notice.exceptions()}
    assert stored == {(d, False) for d in days_off if d.weekday() < 5} | {(d, True) for d in make_up}
    assert len(notice.holidays) == (6 if year == 2025 else 7)  # 2025: 国庆节、中秋节 in one item


def test_notes_are_the_holidays_as_the_package_names_them():
    notice = parse_notice(notice_text(2026))
    notes = {r.day: r.note for r in notice.exceptions()}
    assert notes[D(2026, 2, 16)] == "春节"
    assert notes[D(2026, 2, 14)] == "调休上班（春节）"
    assert parse_notice(notice_text(2025)).days_off()[D(2025, 10, 8)] == "国庆节、中秋节"


def test_the_made_up_2027_notice_gives_the_spring_festival_of_the_issue():
    notice = parse_notice(notice_text(2027))
    spring = next(h for h in notice.holidays if h.name == "春节")
    assert spring.days_off == tuple(D(2027, 2, d) for d in range(5, 12))
    assert spring.workdays == (D(2027, 1, 31), D(2027, 2, 20))


def test_html_and_pdf_copies_read_like_the_text(tmp_path):
    text = notice_text(2025)
    html = ("<html><head><title>国务院办公厅关于2025年部分节假日安排的通知_国务院文件_中国政府网</title>"
            "<style>p { margin: 0 }</style><script>var x = '一、元旦：假的';</script></head><body><div>"
            + "".join(f"<p>{line.replace('，', '&#65292;')}</p>" for line in text.splitlines())
            + "</div></body></html>")
    (tmp_path / "notice.html").write_text(html, encoding="utf-8")
    from_html = parse_notice(read_notice_file(tmp_path / "notice.html"))
    assert days(from_html) == days(parse_notice(text))
    assert "var x" not in html_text(html)

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from desktop import config

    pdfmetrics.registerFont(TTFont("wqy-test", str(config.resources_dir() / "fonts" / "wqy-microhei.ttc"),
                                   subfontIndex=0))
    pdf = canvas.Canvas(str(tmp_path / "notice.pdf"))
    pdf.setFont("wqy-test", 11)
    y = 800
    for line in text.splitlines():  # a narrow page: sentences wrap anywhere, also right after a full stop
        while line:
            pdf.drawString(40, y, line[:31])
            line, y = line[31:], y - 16
    pdf.save()
    assert days(parse_notice(read_notice_file(tmp_path / "notice.pdf"))) == days(parse_notice(text))


def test_gb18030_text_files_and_full_width_digits_are_read(tmp_path):
    text = notice_text(2026).replace("2月14日", "２月１４日")
    (tmp_path / "notice.txt").write_bytes(text.encode("gb18030"))
    assert D(2026, 2, 14) in parse_notice(read_notice_file(tmp_path / "notice.txt")).workdays()


def test_make_up_days_on_the_line_after_the_days_off_belong_to_that_holiday():
    text = notice_text(2026).replace("共9天。2月14日", "共9天。\n2月14日")
    assert parse_notice(text).workdays()[D(2026, 2, 14)] == "春节"


@pytest.mark.parametrize("change, line_no, reason", [
    (("二、春节：2月15日", "二、春节：2月15号"), 6, "sentence"),
    (("2月14日（周六）、2月28日（周六）上班", "2月14日（周六）、2月28日（周六）上午上班"), 6, "sentence"),
    (("1月4日（周日）上班", "1月4日（周一）上班"), 5, "weekday"),
    (("放假调休，共9天", "放假调休，共8天"), 6, "day_count"),
    (("5月9日（周六）上班", "5月4日（周一）上班"), 8, "conflict"),
    (("三、清明节：4月4日（周六）", "三、清明节：4月31日（周六）"), 7, "date"),
])
def test_text_it_cannot_read_is_refused_with_the_line_it_stopped_at(change, line_no, reason):
    text = notice_text(2026)
    assert change[0] in text
    with pytest.raises(NoticeNotUnderstood) as err:
        parse_notice(text.replace(*change, 1))
    assert (err.value.line_no, err.value.reason) == (line_no, reason)
    assert err.value.line == text.replace(*change, 1).splitlines()[line_no - 1].strip()


def test_a_stray_line_between_two_holidays_is_refused():
    text = notice_text(2026).replace("    三、清明节", "    另行通知的安排。\n    三、清明节", 1)
    with pytest.raises(NoticeNotUnderstood) as err:
        parse_notice(text)
    assert (err.value.line_no, err.value.line) == (7, "另行通知的安排。")


def test_texts_that_are_no_notice_are_refused():
    with pytest.raises(NoticeNotUnderstood) as err:
        parse_notice("   \n\n")
    assert err.value.reason == "empty"
    with pytest.raises(NoticeNotUnderstood) as err:
        parse_notice("关于做好节日期间值班工作的通知\n一、元旦：1月1日放假。")
    assert (err.value.reason, err.value.line_no) == ("no_year", 1)
    with pytest.raises(NoticeNotUnderstood) as err:
        parse_notice("国务院办公厅关于2027年部分节假日安排的通知\n具体安排另行通知。")
    assert err.value.reason == "no_holidays"


def test_files_it_cannot_read_say_why(tmp_path):
    (tmp_path / "notice.docx").write_bytes(b"PK")
    with pytest.raises(NoticeUnreadable) as err:
        read_notice_file(tmp_path / "notice.docx")
    assert err.value.reason == "suffix"
    with pytest.raises(NoticeUnreadable) as err:
        read_notice_file(tmp_path / "missing.txt")
    assert err.value.reason == "missing"
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(NoticeUnreadable) as err:
        read_notice_file(tmp_path / "broken.pdf")
    assert err.value.reason in ("pdf", "no_text")
    from reportlab.pdfgen import canvas

    blank = canvas.Canvas(str(tmp_path / "scan.pdf"))
    blank.rect(40, 40, 200, 200, fill=1)  # a page with a picture and no text, like a scan
    blank.save()
    with pytest.raises(NoticeUnreadable) as err:
        read_notice_file(tmp_path / "scan.pdf")
    assert err.value.reason == "no_text"


def test_coverage_marks_years_after_the_first_official_one():
    coverage = Coverage(frozenset({2025, 2026}))
    assert not coverage.provisional(D(2026, 12, 31))
    assert coverage.provisional(D(2027, 2, 8))
    assert not coverage.provisional(D(2019, 5, 1))  # before OneStop's calendar: not marked
    assert not coverage.provisional(None)
    assert Coverage(frozenset()).provisional(D(2026, 1, 5))  # nothing official at all


def test_the_kind_of_a_day_names_the_holiday_on_its_weekend_days():
    spring = {D(2026, 2, d): False for d in (16, 17, 18, 19, 20, 23)} | {D(2026, 2, 14): True, D(2026, 2, 28): True}
    notes = {D(2026, 2, d): "春节" for d in (16, 17, 18, 19, 20, 23)} | {D(2026, 2, 14): "调休上班（春节）"}
    cal = WorkCalendar(spring)
    assert day_kind(cal, notes, D(2026, 2, 15)) == ("holiday", "春节")  # the Sunday that starts it
    assert day_kind(cal, notes, D(2026, 2, 14)) == ("makeup", "调休上班（春节）")
    assert day_kind(cal, notes, D(2026, 3, 7)) == ("weekend", "")
    assert day_kind(cal, notes, D(2026, 3, 9)) == ("workday", "")


def test_a_calendar_with_days_changed_leaves_the_original_alone():
    cal = WorkCalendar({})
    changed = cal.with_days({D(2027, 2, 8): False})
    assert cal.is_workday(D(2027, 2, 8)) and not changed.is_workday(D(2027, 2, 8))
