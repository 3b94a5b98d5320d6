"""The 督办单 of a report (issue 14): each department's sheet says which sheet of how many it is, and its pages are
numbered within the sheet, so a stack of sheets that all read «第 1 页 共 1 页» can't be mistaken for one
document; a department whose list runs over a page numbers both pages."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
from pypdf import PdfReader

from desktop.reports import periods, standard
from desktop.reports.figures import figure
from desktop.reports.pdf import pdf_bytes


def _overdue(rows_per_department: dict[str, int]) -> pd.DataFrame:
    rows = []
    for department, n in rows_per_department.items():
        for i in range(n):
            rows.append({"department": department, "case_no": f"（2026）虎信字第{len(rows) + 1:03d}号", "kind": "信访",
                         "category": "劳动保障", "petitioners": "张*", "received_on": dt.date(2026, 9, 1),
                         "stage": "办结", "due_on": dt.date(2026, 10, 31), "days_overdue": 30 - i % 20,
                         "supervisions": i % 3})
    return pd.DataFrame(rows)


def _report(df: pd.DataFrame) -> standard.Report:
    spec = standard.ReportSpec(standard.MONTHLY, "月度工作报告", (standard.OVERDUE,))
    period = periods.month(dt.date(2026, 11, 1))
    report = standard.Report(spec, period, dt.datetime(2026, 11, 20, 16), dt.datetime(2026, 11, 20, 16),
                             "虎丘镇一站式综合服务中心", period.previous(), None)
    report.sections.append((standard.OVERDUE, figure("petitions.overdue"), df))
    return report


def _footers(data: bytes) -> list[str]:
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        text = re.sub(r"\s+", "", page.extract_text())
        out.append("".join(re.findall(r"督办单第\d+份（共\d+份）|第\d+页共\d+页", text)))
    return out


def test_every_supervision_sheet_says_which_of_how_many_and_its_own_pages():
    data = pdf_bytes(_report(_overdue({"劳动保障所": 2, "城管中队": 70, "派出所": 1})))
    footers = _footers(data)
    assert footers[0] == "第1页共1页"  # the report's own page (the title)
    sheets = footers[1:]
    assert sheets[0] == "督办单第1份（共3份）第1页共1页"
    long = [f for f in sheets if f.startswith("督办单第2份")]
    assert len(long) >= 2 and long[0].endswith(f"第1页共{len(long)}页") and long[-1].endswith(
        f"第{len(long)}页共{len(long)}页")
    assert sheets[-1] == "督办单第3份（共3份）第1页共1页"
