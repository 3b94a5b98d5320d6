"""The two files of the work-order intake, written in the center's language like every output file:

- the **error report** (导入错误报告.xlsx): each rejected row with its row number in the clerk's file, the
  work-order number, the reasons in words, and the row's cells as they were, so the clerk can correct the
  file and import it again (the report holds nothing the clerk's file does not);
- the **export back** to the platform: one row per work order with the handling result, in the columns and
  header names of the layout the center configured (.xlsx, or .csv in UTF-8 with BOM for Excel).

Plain data in, bytes or a file out; no database and no Qt. Every cell and csv field goes through
desktop.exports: a work order's text (a village, a reply) is written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from desktop import exports, fileperms

FONT = "宋体"
HEADER_FONT = Font(name=FONT, size=11, bold=True)
BODY_FONT = Font(name=FONT, size=11)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
ERROR_FILL = PatternFill("solid", fgColor="FBE3E4")

FIELD_LABELS = {
    "work_order_no": "工单编号", "received_at": "受理时间", "caller_name": "来电人", "phone": "联系电话",
    "address": "地址", "village": "村/社区", "grid": "网格", "category": "类别", "content": "诉求内容",
    "requested_deadline": "要求办结时间", "mapping": "列对应",
}
# the reasons of RowProblem (desktop.services.intake), as sentences
REASONS = {
    "missing": "{field}为空",
    "too_long": "{field}过长（最多{maximum}字）",
    "date_format": "{field}“{value}”不是可识别的日期",
    "date_invalid": "{field}“{value}”不是存在的日期",
    "future": "{field}“{value}”晚于当前时间",
    "phone": "{field}“{value}”不是有效的手机或固定电话号码",
    "before_received": "{field}“{value}”早于受理时间",
    "duplicate_in_file": "工单编号在文件中重复出现且内容不同（另见第{value}行）",
    "repeated_row": "与第{value}行完全相同的重复行",
}


@dataclass(frozen=True)
class RejectedRow:
    row_no: int
    work_order_no: str
    problems: tuple[tuple[str, str, str, int | None], ...]  # (field, reason, value, maximum)
    cells: tuple  # the row's cells as read


def reason_text(field: str, reason: str, value: str = "", maximum: int | None = None) -> str:
    template = REASONS.get(reason, "{field}无效（{reason}）")
    return template.format(field=FIELD_LABELS.get(field, field), value=value, maximum=maximum or "",
                           reason=reason)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell(ws, value, *, header: bool = False, error: bool = False):
    cell = exports.write_only_cell(ws, value)
    cell.font = HEADER_FONT if header else BODY_FONT
    if header:
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    elif error:
        cell.fill = ERROR_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    if isinstance(value, str):
        cell.number_format = "@"  # a work-order or phone number stays text
    elif isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def error_report(rows: Sequence[RejectedRow], *, headers: Sequence[str], file_name: str, source_label: str,
                 generated_at: dt.datetime) -> bytes:
    """The rejected rows of one import as an .xlsx workbook."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入错误")
    fixed = ["行号", "工单编号", "错误原因"]
    columns = fixed + [h or f"第{i + 1}列" for i, h in enumerate(headers)]
    widths = [8, 22, 48] + [min(40, max(10, _width(h) + 2)) for h in columns[3:]]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "D3"
    title = f"{source_label}导入错误报告：{file_name}（{generated_at:%Y-%m-%d %H:%M}，共{len(rows)}行）"
    ws.append([_cell(ws, title, header=False)])
    ws.append([_cell(ws, c, header=True) for c in columns])
    for row in rows:
        reasons = "；".join(reason_text(f, r, v, m) for f, r, v, m in row.problems)
        cells = [_cell(ws, row.row_no), _cell(ws, row.work_order_no), _cell(ws, reasons, error=True)]
        cells += [_cell(ws, v) for v in row.cells]
        ws.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the export back to the platform

RESULT_PREFIX = {"not_accepted": "不予受理：", "withdrawn": "撤回："}
SATISFACTION_LABELS = {"very_satisfied": "非常满意", "satisfied": "满意", "basically_satisfied": "基本满意",
                       "dissatisfied": "不满意", "very_dissatisfied": "非常不满意"}
STATUS_LABELS = {"concluded": "已答复", "closed": "已办结", "not_accepted": "不予受理", "withdrawn": "已撤回"}
EXPORT_FIELD_LABELS = {
    "work_order_no": "工单编号", "case_no": "案件编号", "result": "办理结果", "concluded_at": "办结时间",
    "satisfaction": "满意度", "status": "办理状态", "department": "承办单位", "received_at": "受理时间",
    "requested_deadline": "要求办结时间", "on_time": "是否按时办结",
}


@dataclass(frozen=True)
class ResultRow:
    work_order_no: str
    case_no: str
    status: str
    facts: str
    decisions: tuple[tuple[str, str], ...]  # (request, decision) of the reply
    closing_note: str  # the reason given when not accepted or withdrawn
    concluded_at: dt.datetime | None
    satisfaction: str | None
    department: str
    received_at: dt.datetime | None
    requested_due_on: dt.date | None


def result_text(row: ResultRow) -> str:
    if row.status in RESULT_PREFIX:
        return RESULT_PREFIX[row.status] + row.closing_note
    parts = [row.facts.strip()] if row.facts.strip() else []
    parts += [f"{request}：{decision}" for request, decision in row.decisions]
    return "；".join(parts)


def export_value(row: ResultRow, field: str, datetime_format: str):
    if field == "work_order_no":
        return row.work_order_no
    if field == "case_no":
        return row.case_no
    if field == "result":
        return result_text(row)
    if field == "concluded_at":
        return row.concluded_at.strftime(datetime_format) if row.concluded_at else ""
    if field == "satisfaction":
        return SATISFACTION_LABELS.get(row.satisfaction or "", "")
    if field == "status":
        return STATUS_LABELS.get(row.status, row.status)
    if field == "department":
        return row.department
    if field == "received_at":
        return row.received_at.strftime(datetime_format) if row.received_at else ""
    if field == "requested_deadline":
        return row.requested_due_on.isoformat() if row.requested_due_on else ""
    if field == "on_time":
        if row.requested_due_on is None or row.concluded_at is None:
            return ""
        return "是" if row.concluded_at.date() <= row.requested_due_on else "否"
    raise KeyError(field)


def write_export(rows: Sequence[ResultRow], *, columns: Sequence[tuple[str, str]], datetime_format: str,
                 path: Path) -> None:
    """``columns``: (field, header) in the platform's order. The format follows the file's suffix."""
    table = [[export_value(r, field, datetime_format) for field, _ in columns] for r in rows]
    headers = [header for _, header in columns]
    if path.suffix.lower() == ".csv":
        with fileperms.open_private(path, "w", encoding="utf-8-sig", newline="") as f:
            writer = exports.CsvWriter(f)
            writer.writerow(headers)
            writer.writerows(table)
        return
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("办理结果")
    for j, header in enumerate(headers, start=1):
        longest = max([_width(header)] + [_width(str(r[j - 1])) for r in table[:500]])
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(10, longest + 2))
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, h, header=True) for h in headers])
    for values in table:
        ws.append([_cell(ws, v) for v in values])
    with fileperms.open_private(path, "wb") as f:  # personal data: 0600
        wb.save(f)
