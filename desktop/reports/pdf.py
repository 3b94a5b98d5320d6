"""The PDF of a standard report, on the documents' typographic base (desktop.documents: fonts with fallback
for rare characters, Chinese line breaking, ruled tables that split across pages, «第 X 页 共 Y 页»).

Layout: the title block (center, report, period, as-of moment), then one section per figure: a heading, the
table, a chart drawn with reportlab.graphics where the section has one, and the figure's definition in small
type. Rows whose numbers are all zero are left out of long lists (the workbook keeps them). The overdue list
(超期事项督办单) follows on pages of its own, one sheet per responsible department, so every department can be
handed its sheet: a sheet's pages are numbered within it, after the sheet's number (「督办单第 2 份（共 9 份）
第 1 页 共 1 页」), so the sheets of one report are told apart.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer
from reportlab.platypus.flowables import Flowable

from desktop.documents.fonts import HEI, SONG, FontSet, default_fonts
from desktop.documents.layout import (
    CELL,
    CELL_LABEL,
    NOTE,
    SUBTITLE,
    TITLE_STYLE,
    WUHAO,
    XIAOSI,
    XIAOWU,
    Kit,
    PageGeometry,
    PdfMeta,
    SectionStart,
    build_pdf,
)
from desktop.documents.layout import Section as PageSection
from desktop.documents.typography import ParaStyle, measure
from desktop.reports import formats
from desktop.reports.excel import empty_statement
from desktop.reports.figures import INT, TEXT, Col, Figure
from desktop.reports.pdf_charts import chart_drawing
from desktop.reports.standard import Chart, Report, Section

# A4 portrait with narrower margins than an official document: report tables need the width.
GEOMETRY = PageGeometry(595.2756, 841.8898, top=25 * mm, bottom=22 * mm, left=20 * mm, right=20 * mm)
WIDTH = GEOMETRY.frame_width

TITLE = TITLE_STYLE.derive(space_after=4)
CENTER_LINE = SUBTITLE.derive(size=14, leading=22)
PERIOD_LINE = SUBTITLE.derive(size=12, leading=18, space_after=10)
HEADING = ParaStyle(role=HEI, size=14, leading=22, space_before=10, space_after=4)
BODY = ParaStyle(role=SONG, size=XIAOSI, leading=XIAOSI * 1.7, align="justify", indent_chars=2)
TH = CELL_LABEL.derive(size=WUHAO, leading=WUHAO * 1.35)
TD = CELL.derive(role=SONG, size=WUHAO, leading=WUHAO * 1.35, align="left")
TD_NUM = TD.derive(align="right")
TD_SMALL = TD.derive(size=XIAOWU, leading=XIAOWU * 1.4)
TD_SMALL_NUM = TD_SMALL.derive(align="right")
TH_SMALL = TH.derive(size=XIAOWU, leading=XIAOWU * 1.4)
FIGURE_NOTE = NOTE.derive(role=SONG, size=XIAOWU, leading=XIAOWU * 1.6, space_before=3)
HEADER_SHADE = HexColor("#E4ECF5")
SMALL_TABLE_COLUMNS = 8  # wider tables use the smaller type


CELL_PAD = 2 * 4.0 + 1.0  # the grid's padding on both sides, and a rule
TEXT_CAP = 0.42  # a text column takes at most this share of the width before it wraps
MEASURE_ROWS = 300  # widths are measured on the first rows of long lists


def _widths(cols: tuple[Col, ...], texts: list[list[str]], header: ParaStyle, cell: ParaStyle,
            fonts: FontSet) -> list[float]:
    """Column widths in points. Numbers and dates never wrap: they get their widest value. Text columns get
    their widest value up to a cap, and give way first when the table is wider than the page; headers may
    wrap onto a second line."""
    fixed, natural, least = [], [], []
    for j, c in enumerate(cols):
        cells = [row[j] for row in texts[:MEASURE_ROWS]]
        widest = max((measure(t, cell, fonts) for t in cells), default=0.0) + CELL_PAD
        # a header of more than three characters may take two lines: as wide as its longer half
        head = measure(c.label[:-(-len(c.label) // 2)] if len(c.label) > 3 else c.label, header, fonts) + CELL_PAD
        if c.kind == TEXT:
            fixed.append(False)
            natural.append(max(head, min(widest, WIDTH * TEXT_CAP)))
            least.append(max(head, min(widest, 4 * cell.size + CELL_PAD)))
        else:
            fixed.append(True)
            natural.append(max(head, widest))
            least.append(max(head, widest))
    total = sum(natural)
    if total <= WIDTH:
        spare = WIDTH - total
        grow = [i for i, f in enumerate(fixed) if not f] or list(range(len(cols)))
        share = sum(natural[i] for i in grow)
        return [w + (spare * w / share if i in grow else 0.0) for i, w in enumerate(natural)]
    # too wide: text columns shrink towards their least width first
    excess = total - WIDTH
    room = sum(natural[i] - least[i] for i, f in enumerate(fixed) if not f)
    if room >= excess:
        return [w - (excess * (w - least[i]) / room if not fixed[i] and room else 0.0) for i, w in enumerate(natural)]
    squeezed = [least[i] if not f else natural[i] for i, f in enumerate(fixed)]
    factor = WIDTH / sum(squeezed)
    return [w * factor for w in squeezed]


def _nonzero(df: pd.DataFrame, cols: tuple[Col, ...]) -> pd.DataFrame:
    numbers = [c.key for c in cols if c.kind == INT]
    if not numbers or df.empty:
        return df
    mask = df[numbers].fillna(0).astype(float).abs().sum(axis=1) > 0
    return df[mask]


class ReportPdf:
    def __init__(self, report: Report, fonts: FontSet):
        self.report = report
        self.fonts = fonts
        self.kit = Kit(fonts)

    # ------------------------------------------------------------------ tables
    def table(self, fig: Figure, df: pd.DataFrame, cols: tuple[Col, ...] | None = None) -> Flowable:
        cols = cols or fig.shown
        small = len(cols) > SMALL_TABLE_COLUMNS
        th, td, td_num = (TH_SMALL, TD_SMALL, TD_SMALL_NUM) if small else (TH, TD, TD_NUM)
        rows = [[self.kit.p(c.label, th) for c in cols]]
        texts: list[list[str]] = []
        kinds = df["kind"].tolist() if "kind" in df.columns else [None] * len(df)
        for values, row_kind in zip(df.to_dict("records"), kinds, strict=True):
            row, line = [], []
            for c in cols:
                kind, of = formats.cell_kind(c.kind, c.key, row_kind)
                text = formats.text(values.get(c.key), kind, of=of)
                line.append(text)
                row.append(self.kit.p(text, td if kind == TEXT and text != formats.MISSING else td_num))
            rows.append(row)
            texts.append(line)
        widths = _widths(cols, texts, th, td, self.fonts)
        return self.kit.grid(rows, widths, header_rows=1,
                             extra=[("BACKGROUND", (0, 0), (-1, 0), HEADER_SHADE)])

    # ------------------------------------------------------------------ charts
    def chart(self, chart: Chart, fig: Figure, df: pd.DataFrame) -> Flowable | None:
        return chart_drawing(chart, fig, df, self.fonts.primary(HEI), WIDTH)

    # ------------------------------------------------------------------ the story
    def title_block(self) -> list[Flowable]:
        r = self.report
        small = PERIOD_LINE.derive(size=10.5, leading=15, space_after=0)
        return [self.kit.p(r.title, TITLE), self.kit.p(r.center_name, CENTER_LINE),
                self.kit.p(r.period.label(), PERIOD_LINE.derive(space_after=2)),
                self.kit.p(r.as_of_text, small),
                self.kit.p(f"对比期间：{r.previous_text}", small.derive(space_after=8))]

    def section(self, section: Section, fig: Figure, df: pd.DataFrame) -> list[Flowable]:
        out: list[Flowable] = [CondPageBreak(60 * mm), self.kit.p(section.title, HEADING)]
        shown = _nonzero(df, fig.shown) if section.skip_zero_rows else df
        if df.empty:
            out.append(self.kit.p("本期无数据。", BODY))
            return out
        if section.pdf_rows is not None:
            shown = shown[section.pdf_rows(shown)]
            left = len(df) - len(shown)
            if shown.empty:
                out.append(self.kit.p(section.pdf_omitted.format(n=left), BODY))
                return out
        elif shown.empty:
            out.append(self.kit.p("本期各项均为零。", BODY))
            return out
        out.append(self.table(fig, shown))
        if len(shown) < len(df):
            text = (section.pdf_omitted if section.pdf_rows is not None else "各项均为零的{n}行从略，详见Excel报表。")
            out.append(self.kit.p(f"（{text.format(n=len(df) - len(shown))}）", FIGURE_NOTE))
        if section.chart is not None:
            drawing = self.chart(section.chart, fig, df)
            if drawing is not None:
                out.append(Spacer(0, 6))
                out.append(KeepTogether([drawing]))
                out.append(Spacer(0, 4))
        if fig.note:
            out.append(self.kit.p("说明：" + fig.note, FIGURE_NOTE))
        return out

    def supervision_pages(self, section: Section, fig: Figure, df: pd.DataFrame) -> list[Flowable]:
        """督办单: one sheet per responsible department, from a new page, its pages numbered within the sheet."""
        r = self.report
        cols = tuple(c for c in fig.shown if c.key != "department")
        out: list[Flowable] = []
        groups = list(df.groupby("department", sort=False)) if not df.empty else [(None, df)]
        for n, (department, rows) in enumerate(groups, start=1):
            prefix = f"督办单第 {n} 份（共 {len(groups)} 份）　" if department is not None else ""
            out += [PageBreak(), SectionStart(PageSection(f"supervision-{n}", page_prefix=prefix)),
                    self.kit.p(section.title, TITLE), self.kit.p(r.center_name, CENTER_LINE),
                    self.kit.p(f"{r.as_of_text}", PERIOD_LINE)]
            if department is None:
                out.append(self.kit.p(f"{r.as_of_text.removeprefix('统计')}，无超期事项。", BODY))
                continue
            out.append(self.kit.p(f"{department}：", BODY.derive(indent_chars=0, role=HEI)))
            out.append(self.kit.p(
                f"下列{len(rows)}件信访事项已超过期限尚未完成相应环节，请按《信访工作条例》规定抓紧办理，"
                "并将办理情况书面反馈中心。", BODY))
            out.append(Spacer(0, 4))
            out.append(self.table(fig, rows.reset_index(drop=True), cols))
            if fig.note:
                out.append(self.kit.p("说明：" + fig.note, FIGURE_NOTE))
            out.append(Spacer(0, 18))
            out.append(self.kit.p(f"督办单位：{r.center_name}", BODY.derive(indent_chars=0)))
            out.append(self.kit.p("签收人：＿＿＿＿＿＿　　签收日期：＿＿＿＿年＿＿月＿＿日",
                                  BODY.derive(indent_chars=0, space_before=10)))
        return out

    def story(self) -> list[Flowable]:
        r = self.report
        story: list[Flowable] = [SectionStart(PageSection("report")), *self.title_block()]
        if r.empty:
            story.append(self.kit.p(empty_statement(r), BODY))
        supervision = []
        for section, fig, df in r.sections:
            if section.own_page:
                supervision.append((section, fig, df))
                continue
            if r.empty and section.key != "summary":
                continue
            story += self.section(section, fig, df)
        for section, fig, df in supervision:
            story += self.supervision_pages(section, fig, df)
        return story


def pdf_bytes(report: Report, fonts: FontSet | None = None) -> bytes:
    fonts = fonts or default_fonts()
    doc = ReportPdf(report, fonts)
    created = report.generated_at if isinstance(report.generated_at, dt.datetime) else dt.datetime.now()
    data, _log = build_pdf(doc.story(), PdfMeta(title=f"{report.center_name}{report.title}（{report.period.label()}）",
                                                created_at=created, author=report.center_name,
                                                subject=report.period.label()), fonts, geometry=GEOMETRY)
    return data
