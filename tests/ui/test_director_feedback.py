"""What the director is told about files (issue 14): a report that can't be written says why in Chinese; the
default reports folder is made when first used; a finished report says where it is and offers to open it or its
folder; a document that no viewer opened says so and where the file is; the period of a report is picked as a
week, a month or a year, not as «a day of the period»."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QDesktopServices, QGuiApplication

from desktop.services import reports
from desktop.services.admin import accounts
from desktop.ui import documents
from desktop.ui.i18n import install_translations
from desktop.ui.messages import describe
from desktop.ui.reports.generate import GenerateDialog
from tests.conftest import sign_in

WAIT = 60_000
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
ENGLISH = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def chinese(qapp):
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


@pytest.fixture
def director(ctx, admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="boss", full_name="陈立新", role="director", password="pass1234")
    return sign_in(ctx, "boss", "pass1234")


def _without(text: str, *paths) -> str:
    for p in paths:
        text = text.replace(str(p), "")
    return text


@SQLITE
def test_a_report_that_cannot_be_written_says_why_in_chinese(chinese, director, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    cases = [tmp_path / "no" / "such" / "x.pdf", blocker / "x.pdf", tmp_path / "is-a-folder"]
    (tmp_path / "is-a-folder").mkdir()
    if os.geteuid() != 0:  # root writes anywhere
        cases.append(locked / "x.pdf")
    try:
        for out in cases:
            with pytest.raises(reports.OutputNotWritable) as caught:
                reports.check_writable(out)
            assert caught.value.reason in reports.WRITE_REASONS
            text = describe(caught.value)
            assert not ENGLISH.search(_without(text, caught.value.path)), text
            assert re.search("文件夹|磁盘|权限|只读", text), text
    finally:
        locked.chmod(0o700)


def _documents_in(monkeypatch, folder: Path) -> None:
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda loc: str(folder) if
                        loc == QStandardPaths.StandardLocation.DocumentsLocation else real(loc))


@SQLITE
def test_the_default_reports_folder_is_made_when_first_used(qtbot, chinese, director, tmp_path, monkeypatch):
    _documents_in(monkeypatch, tmp_path / "文档")  # a new account: no documents folder yet
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "daily")
    qtbot.addWidget(dialog)
    expected = tmp_path / "文档" / "OneStop报表" / "一日一快报-2026-11-19.pdf"
    assert dialog.path.text() == str(expected)
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.result is not None or dialog.message.text() != "", timeout=WAIT)
    assert dialog.result is not None, dialog.message.text()
    assert expected.exists()


@SQLITE
def test_a_finished_report_says_where_it_is_and_offers_to_open_it(qtbot, chinese, director, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or False)
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "daily")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.setText(str(tmp_path / "brief.pdf"))
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    assert dialog.isVisible(), "the dialog stays to say where the file went"
    text = dialog.message.text()
    assert str(tmp_path / "brief.pdf") in text and "已生成" in text
    assert "无法打开" in text or "没有" in text  # no viewer here, and it says so
    assert dialog.open_folder.isVisible() and dialog.open_report.isVisible()
    dialog.open_folder.click()
    assert opened[-1] == str(tmp_path)
    dialog.copy_path.click()
    assert QGuiApplication.clipboard().text() == str(tmp_path / "brief.pdf")


@SQLITE
def test_a_month_is_picked_from_a_list_of_months(qtbot, chinese, director):
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "monthly")
    qtbot.addWidget(dialog)
    assert dialog.period_label.text() == "月份："
    months = [dialog.period.list.itemText(i) for i in range(3)]
    assert months == ["2026年11月（截至今天）", "2026年10月", "2026年9月"]
    dialog.period.list.setCurrentIndex(1)
    assert dialog.chosen()[1] == dt.date(2026, 10, 1)
    assert dialog.path.text().endswith("月度工作报告-2026-10.pdf")
    dialog.kind.setCurrentIndex(dialog.kind.findData("weekly"))
    assert dialog.period_label.text() == "周："
    assert dialog.period.list.currentText().startswith("2026年第40周")  # the week of 1 October kept
    dialog.kind.setCurrentIndex(dialog.kind.findData("yearly"))
    assert dialog.period.list.itemText(0) == "2026年（截至今天）"
    dialog.kind.setCurrentIndex(dialog.kind.findData("daily"))
    assert dialog.period_label.text() == "日期：" and dialog.period.date.isVisible() is dialog.isVisible()


def test_a_document_no_viewer_opened_says_so_and_where_it_is(qtbot, chinese, tmp_path, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    host = documents.QWidget()
    qtbot.addWidget(host)
    runner = documents.DocumentRunner(host)
    said = []
    runner.message.connect(lambda ok, text: said.append((ok, text)))
    runner.finish(documents.OPEN, b"%PDF-1.4\n%%EOF\n", "（2026）虎信字第001号-回执")
    ok, text = said[-1]
    path = Path(os.environ["ONESTOP_HOME"]) / "print" / "（2026）虎信字第001号-回执.pdf"
    assert not ok and "已在 PDF 阅读器中打开" not in text
    assert str(path) in text and path.exists()
    assert QGuiApplication.clipboard().text() == str(path)


def test_the_flow_chart_labels_its_last_day(qtbot):
    from PySide6.QtCore import Qt

    from desktop.ui.reports.charts import FigureChart

    chart = FigureChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    days = [dt.date(2026, 11, 7) + dt.timedelta(days=i) for i in range(14)]
    clicked = []
    chart.clicked.connect(lambda row, key: clicked.append((row, key)))
    chart.show_lines("案件收结情况", days, [("received", "信访登记", [float(i % 4) for i in range(14)])])
    axis = chart.chart().axes(Qt.Orientation.Horizontal)[0]
    labels = axis.categoriesLabels()
    assert labels[0] == "11-07" and labels[-1] == "11-20", labels  # the first and the last day are labelled
    assert all(re.fullmatch(r"\d\d-\d\d", x) for x in labels) and len(labels) <= 8
    assert axis.endValue(labels[-1]) == len(days) - 1  # the label stands on the last point
    chart._line_clicked(12.8, "received")
    assert clicked == [(13, "received")]


@SQLITE
def test_the_dashboard_shows_a_month_as_a_month(qtbot, chinese, director):
    from desktop.ui.reports.area import ReportsArea

    area = ReportsArea(director)
    qtbot.addWidget(area)
    qtbot.waitUntil(lambda: area.data is not None, timeout=WAIT)
    area.kind.setCurrentIndex(area.kind.findData("month"))
    assert area.day.text() == "2026年11月"
    qtbot.waitUntil(lambda: area.data.period.kind == "month", timeout=WAIT)
    area.kind.setCurrentIndex(area.kind.findData("year"))
    assert area.day.text() == "2026年"
    area.kind.setCurrentIndex(area.kind.findData("day"))
    assert area.day.text() == "2026/11/20"
    area.runner.cancel_all()
    area.runner.wait()


@SQLITE
def test_the_whole_message_of_a_finished_report_is_shown(qtbot, chinese, director, tmp_path, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "daily")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    deep = tmp_path / "一个很长的文件夹名称用来检查换行" / "第二层文件夹" / "第三层文件夹"
    deep.mkdir(parents=True)
    dialog.path.setText(str(deep / "brief.pdf"))
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    qtbot.wait(50)
    label = dialog.message
    assert label.height() >= label.heightForWidth(label.width()), "the message is cut off"


@pytest.mark.parametrize("stderr, words", [
    ("lp: Error - No default destination.", "默认打印机"),
    ("lp: Error - Scheduler is not running.", "打印服务"),
    ("lp: Unable to connect to server: Connection refused", "打印服务"),
])
def test_a_refused_print_job_is_explained_in_chinese(chinese, monkeypatch, tmp_path, stderr, words):
    import subprocess

    monkeypatch.setattr(documents, "print_command", lambda: ["lp"])
    monkeypatch.setattr(documents.sys, "platform", "linux")
    monkeypatch.setattr(documents.subprocess, "run",
                        lambda args, **kw: subprocess.CompletedProcess(args, 1, "", stderr))
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(documents.PrintFailed) as caught:
        documents.print_file(pdf)
    text = describe(caught.value)
    assert words in text and not ENGLISH.search(text), text


def test_a_document_that_cannot_be_written_says_why_in_chinese(qtbot, chinese, monkeypatch):
    import errno

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(documents, "write_for_viewer", full)
    host = documents.QWidget()
    qtbot.addWidget(host)
    runner = documents.DocumentRunner(host)
    said = []
    runner.message.connect(lambda ok, text: said.append((ok, text)))
    runner.finish(documents.OPEN, b"%PDF-1.4\n", "x")
    ok, text = said[-1]
    assert not ok and "磁盘已满" in text and not ENGLISH.search(text), text
