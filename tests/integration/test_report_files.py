"""The standard reports as files: Excel read back with pandas, PDF read back as text (pdftotext); bad input
(an empty period, a period in the future, a year boundary, a path that can't be written); progress and
cancelling; and the command line a scheduled task runs."""

import datetime as dt
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from openpyxl import load_workbook

from desktop.reports import formats
from desktop.services import reports
from desktop.services.errors import Invalid
from tests.integration.test_report_builders import Build, cases_november, queue_day

DAY = dt.date(2026, 11, 19)


@pytest.fixture
def data(ctx):
    b = Build(ctx)
    return queue_day(b), cases_november(b)


def generate(ctx, kind, fmt, out, day=DAY, **kw):
    return reports.generate_report(ctx.uow(read_only=True), kind=kind, day=day, fmt=fmt, out=out, **kw)


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def squeeze(text: str) -> str:
    """pdftotext spaces out some lines and not others: compare without white space."""
    return "".join(text.split())


def test_daily_workbook_reads_back_with_the_same_numbers(ctx, data, tmp_path):
    result = generate(ctx, "daily", "xlsx", tmp_path)
    assert result.path.name == "一日一快报-2026-11-19.xlsx" and result.path.exists() and not result.empty
    sheets = pd.read_excel(result.path, sheet_name=None, header=2, na_values=[formats.MISSING])
    assert list(sheets) == ["说明", "主要指标", "分时段排队情况", "各窗口接待情况", "差评及回访情况", "矛盾纠纷分类调解情况",
                            "一案一码事项概况", "各类事项登记办理情况", "事项路线分布", "各单位超期事项", "临时日历期限提示"]
    kpis = sheets["主要指标"].set_index("指标")
    assert kpis.loc["取号人数", "本期"] == 7 and kpis.loc["取号人数", "上期"] == 0
    assert kpis.loc["90%等候（分钟）", "本期"] == pytest.approx(30.0)
    assert kpis.loc["满意率", "本期"] == pytest.approx(0.5)  # a number with a percent format, not "50.0%"
    windows = sheets["各窗口接待情况"]
    assert windows["接待人数"].dtype.kind == "i" and list(windows["窗口"])[:2] == [1, 2]
    assert list(windows["办结人数"])[:2] == [3, 2]
    assert windows["平均等候（分钟）"].tolist()[:2] == pytest.approx([5.7, 17.0])
    hours = sheets["分时段排队情况"].set_index("时段")
    assert hours.loc["09:00–10:00", "取号人数"] == 4 and hours.loc["09:00–10:00", "高峰"] == "高峰"
    overdue = sheets["各单位超期事项"]
    # P2 at the end of 11-19 (due 11-01); P3 is due that very day, not late yet
    assert list(overdue["责任单位"]) == ["司法所"] and list(overdue["最长超期天数"]) == [18]
    weekly = pd.read_excel(generate(ctx, "weekly", "xlsx", tmp_path).path, sheet_name="超期事项督办单", header=2)
    assert list(weekly["案号"]) and list(weekly["超期天数"]) == [19, 1]  # the week stands at today, 11-20


def test_workbook_layout(ctx, data, tmp_path):
    path = generate(ctx, "weekly", "xlsx", tmp_path / "week.xlsx").path
    wb = load_workbook(path)
    ws = wb["各窗口接待情况"]
    assert ws["A1"].value == "各窗口接待情况" and "2026年第47周" in ws["A2"].value
    assert ws.freeze_panes == "A4"
    header = ws["A3"]
    assert header.value == "窗口" and header.font.bold and header.fill.fgColor.rgb.endswith("DDE7F3")
    assert ws.print_title_rows == "$3:$3"
    wait = ws["F4"]  # window 1, average wait
    assert wait.value == pytest.approx(5.7) and wait.number_format == "0.0"
    assert ws["C4"].number_format == "#,##0" and isinstance(ws["C4"].value, int)
    assert ws.column_dimensions["B"].width >= 20  # window names are long
    kpis = wb["主要指标"]
    rates = [r for r in kpis.iter_rows(min_row=4) if r[1].value == "满意率"]
    assert rates[0][2].number_format == "0.0%" and rates[0][2].value == pytest.approx(0.5)


def test_the_same_figure_on_screen_in_excel_and_in_pdf(ctx, data, tmp_path):
    screen = reports.dashboard(ctx.uow(), kind="day", day=DAY).kpis
    i = screen.frame.index[screen.frame["key"] == "queue.summary:wait_avg_min"][0]
    shown = screen.text(i, "current")
    assert shown == "11.3"
    xlsx = generate(ctx, "daily", "xlsx", tmp_path).path
    pdf = generate(ctx, "daily", "pdf", tmp_path).path
    ws = load_workbook(xlsx)["主要指标"]
    cell = next(r[2] for r in ws.iter_rows(min_row=4) if r[1].value == "平均等候（分钟）")
    assert cell.value == screen.frame.loc[i, "current"] and cell.number_format == "0.0"
    text = pdf_text(pdf)
    line = next(ln for ln in text.splitlines() if "平均等候（分钟）" in ln)
    assert shown in line.split()


def test_pdf_reads_back(ctx, data, tmp_path):
    path = generate(ctx, "daily", "pdf", tmp_path).path
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    for expected in ("一日一快报", "虎丘镇一站式综合服务中心", "2026年11月19日（星期四）", "主要指标", "各窗口接待情况",
                     "差评及回访情况", "各单位超期事项", "司法所"):
        assert expected in text, expected
    assert "第1页共" in squeeze(text)
    assert "50.0%" in text  # 满意率
    assert "已回访的1条差评从略" in text  # the PDF lists the bad ratings still to be answered
    # the weekly bulletin ends with the 督办单: a page per department (司法所, then the center's own P3),
    # each numbered on its own
    text = pdf_text(generate(ctx, "weekly", "pdf", tmp_path).path)
    assert "李四" not in text and "李*、王*" in text  # petitioners are masked
    pages = [p for p in text.split("\f") if p.strip()]
    sheets = [p for p in pages if "督办单位" in p]
    assert len(sheets) == 2 and "司法所：" in sheets[0] and "中心（待受理）：" in sheets[1]
    assert all("第1页共1页" in squeeze(s) for s in sheets)
    assert f"第1页共{len(pages) - 2}页" in squeeze(pages[0])


def test_monthly_pdf_has_every_section_and_charts(ctx, data, tmp_path):
    path = generate(ctx, "monthly", "pdf", tmp_path, day=dt.date(2026, 11, 20)).path
    text = pdf_text(path)
    for title in ("每日排队情况", "各事项排队情况", "评价等级分布", "各责任单位信访办理情况", "案件收结情况",
                  "调解室使用情况", "村（社区）热点", "网格热点", "信访热点事项（前十）", "每日取号与办结人数"):
        assert title in text, title
    assert "本期尚未结束" in text  # November is not over on the 20th


def test_an_empty_period_says_so(ctx, tmp_path):
    result = generate(ctx, "daily", "pdf", tmp_path, day=dt.date(2026, 11, 18))
    assert result.empty
    text = pdf_text(result.path)
    assert "没有排队取号、信访和矛盾纠纷调解业务数据" in text
    assert "—" in text  # rates of nothing are shown as no value, not as 0 % or an error
    book = generate(ctx, "weekly", "xlsx", tmp_path, day=dt.date(2026, 11, 18)).path
    cover = load_workbook(book)["说明"]
    assert any("没有排队取号" in str(c.value) for row in cover.iter_rows() for c in row)
    kpis = pd.read_excel(book, sheet_name="主要指标", header=2)
    assert (kpis["本期"].astype(str) == formats.MISSING).any()


def test_bad_input_is_refused_before_any_work(ctx, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(reports.PeriodInFuture) as future:
        generate(ctx, "monthly", "pdf", tmp_path, day=dt.date(2026, 12, 1))
    assert future.value.start == dt.date(2026, 12, 1) and future.value.today == dt.date(2026, 11, 20)
    with pytest.raises(reports.PeriodInFuture):
        reports.dashboard(ctx.uow(), kind="day", day=dt.date(2026, 11, 21))
    with pytest.raises(Invalid) as order:
        reports.dashboard(ctx.uow(), kind="custom", day=dt.date(2026, 11, 10), end=dt.date(2026, 11, 1))
    assert order.value.reason == "order"
    with pytest.raises(reports.OutputNotWritable) as missing:
        generate(ctx, "daily", "pdf", tmp_path / "no" / "such" / "dir" / "x.pdf")
    assert missing.value.detail == "no such directory"
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(reports.OutputNotWritable):
        generate(ctx, "daily", "xlsx", blocker / "x.xlsx")
    with pytest.raises(Invalid):
        generate(ctx, "daily", "docx", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]  # nothing half-written anywhere


def test_a_week_across_the_new_year(ctx, tmp_path):
    b = Build(ctx)
    b.ticket("A", dt.datetime(2026, 12, 31, 9), called=dt.datetime(2026, 12, 31, 9, 4), started=dt.datetime(2026, 12, 31, 9, 5),
             finished=dt.datetime(2026, 12, 31, 9, 15), window=1)
    b.ticket("A", dt.datetime(2027, 1, 2, 9), called=dt.datetime(2027, 1, 2, 9, 10), window=1, status="no_show")
    ctx.clock.at = dt.datetime(2027, 1, 4, 9)
    result = generate(ctx, "weekly", "xlsx", tmp_path, day=dt.date(2027, 1, 1))
    assert result.path.name == "一周一通报-2026-W53.xlsx"
    daily = pd.read_excel(result.path, sheet_name="每日排队情况", header=2)
    assert len(daily) == 7 and list(daily["取号人数"]) == [0, 0, 0, 1, 0, 1, 0]
    assert daily["日期"].iloc[0] == pd.Timestamp("2026-12-28") and daily["日期"].iloc[-1] == pd.Timestamp("2027-01-03")


def test_progress_and_cancel(ctx, data, tmp_path):
    seen = []
    generate(ctx, "weekly", "pdf", tmp_path, progress=lambda done, total, what: seen.append((done, total)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(reports.ReportCancelled):
        generate(ctx, "weekly", "xlsx", tmp_path / "cancelled.xlsx", cancelled=cancelled)
    assert not (tmp_path / "cancelled.xlsx").exists()


def onestop(*args, home, db_url):
    env = {**os.environ, "ONESTOP_HOME": str(home), "ONESTOP_DB_URL": db_url,
           "ONESTOP_USER": "director", "ONESTOP_PASSWORD": "Chen2026pw"}  # reports: a signed-in director
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env, capture_output=True, text=True,
                          timeout=180)


def test_command_line_for_scheduled_runs(ctx, db_url, tmp_path):
    from desktop.services.admin import accounts

    accounts.add_user(ctx.uow(), username="director", full_name="陈主任", role="director", password="Chen2026pw")
    b = Build(ctx)  # a day in the past whatever the real date is
    b.ticket("A", dt.datetime(2025, 6, 10, 9), called=dt.datetime(2025, 6, 10, 9, 6),
             started=dt.datetime(2025, 6, 10, 9, 7), finished=dt.datetime(2025, 6, 10, 9, 20), window=1)
    out = tmp_path / "out"
    out.mkdir()
    ok = onestop("report", "daily", "--date", "2025-06-10", "--format", "xlsx", "--out", str(out),
                 home=tmp_path / "home", db_url=db_url)
    assert ok.returncode == 0, ok.stderr
    path = out / "一日一快报-2025-06-10.xlsx"
    assert path.exists() and str(path) in ok.stdout
    kpis = pd.read_excel(path, sheet_name="主要指标", header=2).set_index("指标")
    assert kpis.loc["取号人数", "本期"] == 1 and kpis.loc["平均等候（分钟）", "本期"] == pytest.approx(6.0)
    pdf = onestop("report", "monthly", "--date", "2025-06-10", "--out", str(out / "june.pdf"),
                  home=tmp_path / "home", db_url=db_url)
    assert pdf.returncode == 0, pdf.stderr
    assert "月度工作报告" in pdf_text(out / "june.pdf")
    future = onestop("report", "weekly", "--date", "2999-01-01", home=tmp_path / "home", db_url=db_url)
    assert future.returncode == 1 and "after today" in future.stderr and "Traceback" not in future.stderr
    bad = onestop("report", "daily", "--date", "2025-06-10", "--out", str(tmp_path / "missing" / "x.pdf"),
                  home=tmp_path / "home", db_url=db_url)
    assert bad.returncode == 1 and "cannot write" in bad.stderr and "Traceback" not in bad.stderr
    wrong = onestop("report", "daily", "--date", "10.06.2025", home=tmp_path / "home", db_url=db_url)
    assert wrong.returncode == 2 and "YYYY-MM-DD" in wrong.stderr


def test_the_same_report_gives_the_same_pdf(ctx, data):
    from desktop.documents.fonts import FontSet
    from desktop.reports import pdf

    fonts = FontSet(prefer_system=False)
    report = reports.build_report(ctx.uow(read_only=True), kind="daily", day=DAY)
    again = reports.build_report(ctx.uow(read_only=True), kind="daily", day=DAY)
    assert pdf.pdf_bytes(report, fonts) == pdf.pdf_bytes(again, fonts)


def test_records_export_reads_back(ctx, data, tmp_path):
    records = reports.figure_records(ctx.uow(), key="queue.by_window", kind="day", day=DAY, row=1, column="served")
    path = reports.export_records(records, tmp_path / "window1.xlsx")
    sheet = pd.read_excel(path, header=2, na_values=[formats.MISSING])
    assert list(sheet["票号"]) == ["A001", "A002", "A004"]
    assert list(sheet["等候（分钟）"]) == [5.0, 10.0, 2.0]
    with pytest.raises(reports.OutputNotWritable):
        reports.export_records(records, tmp_path / "nowhere" / "x.xlsx")
