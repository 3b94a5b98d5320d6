"""The director on the floor (issue 14), through real keys and clicks at both screen sizes: signs in by typing,
reads a live figure on the Reports dashboard (the same number the reports service computes), generates this
month's report as PDF through the dialog (month chosen from the list, the default reports folder of a new
account made on the way), is told where the file went, and the PDF holds the center's name and the figure; then
opens a petition's receipt and is told truthfully that no viewer opened it and where the file is, and that
there is no printer; reads the audit log, which names every action in Chinese. Prints the number of real input
steps."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.services import queue, reports
from desktop.services.admin import center
from desktop.services.context import open_database
from tests.floor.conftest import as_user, sign_in

CENTER = "虎丘镇一站式综合服务中心"
DIALOG = "生成报表"  # the dialog's widgets are listed under its own window (and again under the main window)
pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


def _cell(widget: dict, text: str) -> dict:
    return next(c for c in widget["cells"] if c["text"] == text)


def _kpi(app, label: str) -> str:
    """The 本期 value of a key figure as the dashboard shows it (scrolling is not needed: the queue rows come
    first)."""
    table = app.wait_widget(name="kpi_table")
    row = _cell(table, label)["row"]
    return next(c["text"] for c in table["cells"] if c["row"] == row and c["col"] == 2)


def test_the_director_reads_the_dashboard_makes_the_monthly_report_and_opens_a_receipt(screen, home, db_url,
                                                                                         tmp_path):
    account = tmp_path / "account"  # a new account on this PC: no documents folder yet
    account.mkdir()
    screen.env["HOME"] = str(account)
    ctx = open_database(db_url)
    director = as_user(ctx, "director")
    try:
        app = sign_in(screen, home, "director")
        steps = 5  # click, type the name, Tab, type the password, Return

        # --- the dashboard: a live figure, the same as the service's
        app.click({"rect": _cell(app.wait_widget(name="navigation"), "统计报表")["rect"]})
        steps += 1
        app.wait_until(lambda: (app.texts(name="status") or [""])[0].startswith("更新于"), timeout=120,
                       what="the dashboard has its figures")
        shown = _kpi(app, "取号人数")
        today = director.clock.today()
        dash = reports.dashboard(director.uow(read_only=True), kind="day", day=today)
        frame = dash.kpis.frame
        i = int(frame.index[frame["key"] == "queue.summary:visitors"][0])
        assert shown == dash.kpis.text(i, "current")
        if director.clock.now().time() >= center.get_center(director.uow(read_only=True)).opens_at:
            assert int(shown.replace(",", "")) > 0  # before opening (a night run) the demo's morning lies ahead
        live = queue.live_queue(director.uow(read_only=True))
        waiting = sum(s.waiting for s in live.services)
        app.wait_until(lambda: f"等候 {waiting} 人" in (app.texts(name="live_summary") or [""])[0], timeout=60,
                       what="the live summary shows the waiting count")
        chart = app.wait_widget(name="chart_flow")
        assert chart["rect"][0] + chart["rect"][2] <= screen.width
        screen.shot("director-dashboard")

        # --- the monthly report, chosen as a month, saved in the reports folder made on the way
        app.key("ctrl+g")
        steps += 1
        app.wait_until(lambda: any(w["active"] for w in app.windows() if w["title"] == DIALOG), timeout=60,
                       what="the report dialog has the focus")
        popup_item = None
        for _attempt in range(3):  # a click that lands while the window manager maps the dialog is lost
            app.click(app.wait_widget(name="report_kind", window=DIALOG))
            steps += 1
            try:
                popup_item = app.wait_until(lambda: next((c for w in app.widgets() if w.get("cells")
                                                          for c in w["cells"] if c["text"] == "月度工作报告"), None),
                                            timeout=10, what="the list of reports opens")
                break
            except AssertionError:
                continue
        assert popup_item is not None, "the list of reports never opened"
        app.click({"rect": popup_item["rect"]})
        steps += 1
        month = f"{today.year}年{today.month}月（截至今天）"
        app.wait_until(lambda: app.texts(name="report_period", window=DIALOG) == [month], what="this month is chosen")
        assert app.texts(name="report_kind", window=DIALOG) == ["月度工作报告"]
        target = Path(app.texts(name="report_path", window=DIALOG)[0])
        assert target.name == f"月度工作报告-{today.year}-{today.month:02d}.pdf"
        assert str(target).startswith(str(account)) and not target.parent.exists()
        screen.shot("director-generate")
        app.click(app.wait_widget(name="report_generate"))
        steps += 1
        app.wait_until(lambda: "报表已生成" in (app.texts(name="report_message", window=DIALOG) or [""])[0], timeout=300,
                       what="the report is ready")
        message = app.texts(name="report_message", window=DIALOG)[0]
        assert str(target) in message and target.exists()
        assert "没有能打开" in message  # no PDF viewer on the floor, and the dialog says so
        assert app.widgets(name="report_open_folder") and app.widgets(name="report_copy_path")
        screen.shot("director-report-ready")
        text = _pdf_text(target)
        assert CENTER in text and "月度工作报告" in text and f"{today.year}年{today.month}月" in text
        month_kpis = reports.figure_frame(director.uow(read_only=True), key="summary.compare", kind="month",
                                          day=today)
        j = int(month_kpis.frame.index[month_kpis.frame["key"] == "queue.summary:visitors"][0])
        visitors = month_kpis.text(j, "current")
        assert re.search(rf"取号人数\s+{re.escape(visitors)}\s", text), visitors
        sheets = re.findall(r"督办单第 (\d+) 份（共 (\d+) 份）", text)
        assert sheets and len({total for _n, total in sheets}) == 1 and int(sheets[-1][0]) == int(sheets[0][1])
        app.click(app.wait_widget(name="report_close"))
        steps += 1
        app.wait_gone(name="report_generate")

        # --- a petition's receipt, from the director's board
        app.click({"rect": _cell(app.wait_widget(name="navigation"), "信访事项")["rect"]})
        steps += 1
        board = app.wait_until(lambda: next((w for w in app.widgets(name="board_overdue")
                                             if any("虎信字" in c["text"] for c in w["cells"])), None),
                               timeout=60, what="the director's board lists the overdue cases")
        load = app.wait_widget(name="department_load")
        x, _y, w, _h = load["rect"]
        oldest = [c for c in load["cells"] if c["col"] == 4]  # 责任单位 已超期 今日到期 即将到期 最早期限
        assert oldest and all(c["rect"][0] + c["rect"][2] <= x + w for c in oldest), \
            "the department table's last column (oldest deadline) is cut off"
        screen.shot("director-board")
        first = next(c for c in board["cells"] if "虎信字" in c["text"])
        app.double_click({"rect": first["rect"]})
        steps += 1
        app.wait_until(lambda: app.texts(name="case_title") == [first["text"]], timeout=60, what="the case opens")
        tab = app.wait_until(lambda: next((t for w in app.widgets(cls="QTabBar") for t in w["tabs"]
                                           if t["text"] == "文书"), None), what="the case's tabs")
        app.click({"rect": tab["rect"]})
        steps += 1
        documents = app.wait_until(lambda: next((w for w in app.widgets(name="documents") if w["cells"]), None),
                                   what="the case's documents are listed")
        app.click({"rect": next(c for c in documents["cells"] if "回执" in c["text"])["rect"]})
        app.click(app.wait_widget(name="doc_open"))
        steps += 2
        app.wait_until(lambda: ".pdf" in (app.texts(name="case_banner") or [""])[0], timeout=60,
                       what="the screen says what became of the document")
        banner = app.texts(name="case_banner")[0]
        assert "已在 PDF 阅读器中打开" not in banner and "没有能打开 PDF 的阅读器" in banner
        receipt = Path(re.search(r"保存为 (\S+?\.pdf)", banner).group(1))
        assert receipt.exists() and first["text"] in _pdf_text(receipt).replace(" ", "")
        screen.shot("director-receipt")
        app.click(app.wait_widget(name="doc_print"))
        steps += 1
        app.wait_until(lambda: "打印" in (app.texts(name="case_banner") or [""])[0], timeout=60,
                       what="the screen says there is no printer")

        # --- the audit log names what was done, in Chinese
        app.click({"rect": _cell(app.wait_widget(name="navigation"), "系统管理")["rect"]})
        steps += 1
        log = app.wait_until(lambda: next((w for w in app.widgets(name="audit_list") if w["cells"]), None),
                             timeout=60, what="the audit log lists entries")
        actions = [c["text"] for c in log["cells"] if c["col"] == 2]
        assert actions and not [a for a in actions if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", a)], actions
        assert all(re.search(r"[\u4e00-\u9fff]", a) for a in actions), actions
        screen.shot("director-audit-log")
        print(f"director at {screen.size}: {steps} real input steps")
    finally:
        ctx.close()
