"""The Reports area with real widgets (offscreen): the dashboard fills in from a background task, shows the
same numbers as the service, lists the records behind a figure or a bar, moves between periods, and
generates a report in the background with progress, cancel and opening the result."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.services import reports
from desktop.services.admin import accounts
from desktop.ui.areas import areas_for
from desktop.ui.reports.area import ReportsArea
from desktop.ui.reports.generate import GenerateDialog
from desktop.ui.reports.records import RecordsDialog
from tests.conftest import sign_in
from tests.integration.test_report_builders import Build, cases_november, queue_day

WAIT = 30_000


@pytest.fixture
def director(ctx, admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="boss", full_name="陈立新", role="director", password="pass1234")
    b = Build(ctx)
    queue_day(b)
    cases_november(b)
    return sign_in(ctx, "boss", "pass1234")


@pytest.fixture
def area(qtbot, director):
    w = ReportsArea(director)
    qtbot.addWidget(w)
    w.resize(1366, 720)
    w.show()
    qtbot.waitUntil(lambda: w.data is not None, timeout=WAIT)
    yield w
    w.runner.cancel_all()
    w.runner.wait()


def kpi_row(w, key):
    frame = w.data.kpis.frame
    return int(frame.index[frame["key"] == key][0])


def set_day(w, qtbot, day):
    from PySide6.QtCore import QDate

    before = w.data
    w.day.setDate(QDate(day.year, day.month, day.day))
    qtbot.waitUntil(lambda: w.data is not before and w.data.period.start <= day <= w.data.period.end, timeout=WAIT)


def test_the_area_is_for_directors_and_supervisors():
    assert "reports" in [a.key for a in areas_for("director")]
    assert "reports" in [a.key for a in areas_for("supervisor")]
    assert "reports" not in [a.key for a in areas_for("clerk")]
    assert "reports" not in [a.key for a in areas_for("mediator")]


def test_dashboard_shows_the_figures_of_the_service(qtbot, area, director):
    set_day(area, qtbot, dt.date(2026, 11, 19))
    row = kpi_row(area, "queue.summary:visitors")
    model = area.kpi_model
    assert model.index(row, 2).data() == "7" and model.index(row, 3).data() == "0"
    wait = kpi_row(area, "queue.summary:wait_p90_min")
    assert model.index(wait, 2).data() == "30.0"
    expected = reports.dashboard(director.uow(), kind="day", day=dt.date(2026, 11, 19)).kpis
    for i in range(len(expected.frame)):
        assert model.index(i, 2).data() == expected.text(i, "current")
    assert area.windows_chart.rows == 17 and area.waits_chart.rows == 10
    assert area.windows_chart.values[0][:2] == [3.0, 3.0]  # handled at windows 1 and 2
    assert not area.empty_note.isVisible()


def test_a_figure_lists_the_records_behind_it(qtbot, area, monkeypatch):
    set_day(area, qtbot, dt.date(2026, 11, 19))
    opened = []
    monkeypatch.setattr(RecordsDialog, "show", lambda self: opened.append(self))
    row = kpi_row(area, "queue.summary:served")
    area._kpi_clicked(area.kpi_model.index(row, 2))
    dialog = opened[-1]
    qtbot.waitUntil(lambda: dialog.records is not None, timeout=WAIT)
    assert len(dialog.records) == 5 and dialog.model.rowCount() == 5
    numbers = {dialog.model.index(r, 1).data() for r in range(5)}
    assert numbers == {"A001", "A002", "B001", "A004", "A005"}
    # a bar of the chart: window 2's served visitors
    area.windows_chart.clicked.emit(1, "served")
    dialog = opened[-1]
    qtbot.waitUntil(lambda: dialog.records is not None, timeout=WAIT)
    assert sorted(dialog.records.frame["number"]) == ["A005", "B001"]
    # sorting happens in the dialog, on the loaded records
    dialog.model.sort(1, Qt.SortOrder.DescendingOrder)
    assert dialog.model.index(0, 1).data() == "B001"
    for d in opened:
        d.runner.wait()


def test_periods_move_and_a_day_without_business_says_so(qtbot, area):
    assert not area.next_button.isEnabled()  # today: nothing after it
    set_day(area, qtbot, dt.date(2026, 11, 18))
    assert area.empty_note.isVisible() is False  # open petitions and disputes are business too
    area.kind.setCurrentIndex(area.kind.findData("month"))
    qtbot.waitUntil(lambda: area.data.period.kind == "month", timeout=WAIT)
    assert area.data.period.start == dt.date(2026, 11, 1) and area.data.period.running
    area.step(-1)
    qtbot.waitUntil(lambda: area.data.period.start == dt.date(2026, 10, 1), timeout=WAIT)
    assert area.next_button.isEnabled()
    area.kind.setCurrentIndex(area.kind.findData("year"))
    qtbot.waitUntil(lambda: area.data.period.kind == "year", timeout=WAIT)
    area.step(-3)
    qtbot.waitUntil(lambda: area.data.period.start == dt.date(2023, 1, 1), timeout=WAIT)
    assert area.empty_note.isVisible()


def test_live_panel_and_overdue_chart(qtbot, area):
    qtbot.waitUntil(lambda: area.live is not None, timeout=WAIT)
    assert area.live_model.rowCount() == 11  # every active service
    area.kind.setCurrentIndex(area.kind.findData("month"))
    qtbot.waitUntil(lambda: area.data.period.kind == "month", timeout=WAIT)
    assert area.overdue_chart.categories == ["司法所", "中心（待受理）"]


def test_refresh_runs_in_the_background(qtbot, area):
    area.refresh()
    assert area.busy.isVisible() and area.runner.is_running("dashboard")  # the call returned at once
    qtbot.waitUntil(lambda: not area.runner.is_running("dashboard"), timeout=WAIT)
    assert not area.busy.isVisible()


def test_generate_a_report_in_the_background_and_open_it(qtbot, director, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("desktop.ui.documents.QDesktopServices.openUrl", lambda url: opened.append(url))
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "daily")
    qtbot.addWidget(dialog)
    assert dialog.path.text().endswith("一日一快报-2026-11-19.pdf")
    dialog.xlsx.setChecked(True)
    assert dialog.path.text().endswith("一日一快报-2026-11-19.xlsx")
    dialog.path.setText(str(tmp_path / "brief.xlsx"))
    dialog.generate()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT)
    assert (tmp_path / "brief.xlsx").exists()
    assert opened and opened[0].toLocalFile() == str(tmp_path / "brief.xlsx")


def test_cancelling_a_report_writes_nothing(qtbot, director, tmp_path, monkeypatch):
    started = []

    def slow(uow, *, kind, day, fmt, out, progress=None, cancelled=None):
        started.append(True)
        progress(1, 10, "主要指标")
        deadline = dt.datetime.now() + dt.timedelta(seconds=20)
        while not cancelled() and dt.datetime.now() < deadline:
            pass
        raise reports.ReportCancelled(kind=kind)

    monkeypatch.setattr(reports, "generate_report", slow)
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "weekly")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "week.pdf"))
    dialog.generate()
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.progress is not None and dialog.progress.maximum() == 10, timeout=WAIT)
    dialog.progress.cancel()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WAIT)
    assert "cancelled" in dialog.message.text() or "取消" in dialog.message.text()
    assert dialog.result is None and not (tmp_path / "week.pdf").exists()
    assert dialog.go.isEnabled()


def test_an_unwritable_path_is_reported_not_crashed(qtbot, director, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("desktop.ui.reports.generate.show_error", lambda parent, exc: shown.append(exc))
    dialog = GenerateDialog(director, dt.date(2026, 11, 19), "daily")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "missing" / "x.pdf"))
    dialog.generate()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert isinstance(shown[0], reports.OutputNotWritable)
    from desktop.ui.messages import describe

    assert "missing" in describe(shown[0])
