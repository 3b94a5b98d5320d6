"""Page geometry, styles and the PDF builder every document uses.

Layout follows GB/T 9704-2012 where it applies: A4; margins top 37 mm, left 28 mm, right 26 mm, bottom 35 mm
(a 156 × 225 mm text area); body text 仿宋 三号 (16 pt), 28 characters a line and 22 lines a page (a line pitch of
about 29 pt); titles 小标宋 (or 黑体) 二号 (22 pt). Page numbers read «第 X 页 共 Y 页».

Page decorations that depend on the whole document (page counts, the 页号 of a case file, the page numbers of a
卷内目录) are drawn when the document is saved: :class:`DocCanvas` keeps every page until then, so a single
layout pass gives exact numbers. A document is split into :class:`Section` s (one per document of a case file, one
per copy of an agreement); each section numbers its own pages.

Output is deterministic: reportlab's invariant mode plus an explicit creation date (each document passes the date
of its own content), so the same DTO gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from desktop.documents.common import BLANK_DATE, cn_date
from desktop.documents.fonts import FANGSONG, HEI, SONG, TITLE, FontSet
from desktop.documents.tables import grid
from desktop.documents.typography import Para, ParaStyle, Span, break_lines, draw_lines, items_of, tokenize

# 字号 in points
CHUHAO, XIAOCHU, YIHAO, ERHAO, XIAOER, SANHAO, XIAOSAN, SIHAO, XIAOSI, WUHAO, XIAOWU = (
    42, 36, 26, 22, 18, 16, 15, 14, 12, 10.5, 9)


@dataclass(frozen=True)
class PageGeometry:
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


GBT9704 = PageGeometry(A4[0], A4[1], top=37 * mm, bottom=35 * mm, left=28 * mm, right=26 * mm)

# 22 lines of 28 characters in the text area.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_LEADING = GBT9704.frame_height / LINES_PER_PAGE
BODY_TRACKING = (GBT9704.frame_width - CHARS_PER_LINE * SANHAO) / (CHARS_PER_LINE - 1) - 0.001

BODY = ParaStyle(role=FANGSONG, size=SANHAO, leading=BODY_LEADING, align="justify", indent_chars=2,
                 tracking=BODY_TRACKING)
BODY_FLUSH = BODY.derive(indent_chars=0)
HEADING = BODY.derive(role=HEI, keep_with_next=True)
TITLE_STYLE = ParaStyle(role=TITLE, size=ERHAO, leading=ERHAO * 1.6, align="center", space_after=BODY_LEADING * 0.6,
                        keep_with_next=True)
SUBTITLE = ParaStyle(role=FANGSONG, size=SANHAO, leading=BODY_LEADING, align="center", keep_with_next=True)
RIGHT = BODY.derive(indent_chars=0, align="right")
CELL = ParaStyle(role=FANGSONG, size=XIAOSI, leading=XIAOSI * 1.45, align="justify")
CELL_CENTER = CELL.derive(align="center")
CELL_LABEL = ParaStyle(role=HEI, size=XIAOSI, leading=XIAOSI * 1.45, align="center")
NOTE = ParaStyle(role=FANGSONG, size=WUHAO, leading=WUHAO * 1.6, align="justify")
FOOTER = ParaStyle(role=SONG, size=SIHAO, leading=SIHAO * 1.2, align="center")
HEADER_MARK = ParaStyle(role=HEI, size=XIAOSI, leading=XIAOSI * 1.3, align="right")


@dataclass(frozen=True)
class Section:
    """A run of pages numbered on their own.

    ``page_numbers`` draws «第 X 页 共 Y 页» under the text area; ``header_right`` is printed at the top right of
    every page (an agreement's copy mark such as 「申请人张三存」); ``footer_left`` is printed at the bottom left of
    every page (a record's 「当事人签名：」 line); ``volume`` puts the case file's running 页号 at the top right.
    ``page_prefix`` goes before the page numbers, for sections printed one after another that are handed out
    separately (a report's 督办单: 「督办单第 2 份（共 9 份）」).
    """

    key: str
    page_numbers: bool = True
    page_prefix: str = ""
    header_right: str | None = None
    footer_left: str | None = None
    volume: bool = False


@dataclass
class PageLog:
    """What the layout pass learnt about pages: which section each page belongs to and where deferred texts go."""

    sections: dict[str, Section] = field(default_factory=dict)
    page_section: list[str | None] = field(default_factory=list)  # index: page number - 1
    current: str | None = None
    deferred: list[tuple[int, float, float, float, str, ParaStyle]] = field(default_factory=list)
    resolve: Callable[[str, PageLog], str] | None = None
    # draws pages after the laid-out ones (the case file's attachments): called with the canvas and this log
    appendix: Callable[[DocCanvas, PageLog], None] | None = None

    def begin(self, section: Section) -> None:
        self.sections[section.key] = section
        self.current = section.key

    def pages_of(self, key: str) -> list[int]:
        return [i + 1 for i, k in enumerate(self.page_section) if k == key]

    def volume_pages(self) -> list[int]:
        """Page numbers (1-based, in the file) that carry a running 页号."""
        return [i + 1 for i, k in enumerate(self.page_section) if k is not None and self.sections[k].volume]

    def volume_number(self, page: int) -> int | None:
        vp = self.volume_pages()
        return vp.index(page) + 1 if page in vp else None


class SectionStart(Flowable):
    """Marks where a section begins; takes no room."""

    def __init__(self, section: Section):
        super().__init__()
        self.section = section
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self):
        self.canv._pagelog.begin(self.section)


class DeferredText(Flowable):
    """A one-line text filled in when the document is saved (e.g. the page numbers of a 卷内目录)."""

    def __init__(self, key: str, style: ParaStyle):
        super().__init__()
        self.key = key
        self.style = style

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width = availWidth
        self.height = self.style.leading
        return availWidth, self.height

    def draw(self):
        x, y = self.canv.absolutePosition(0, self.height)
        self.canv._pagelog.deferred.append((self.canv.getPageNumber(), x, y, self.width, self.key, self.style))


def pdf_date(value: datetime) -> str:
    s = f"D:{value:%Y%m%d%H%M%S}"
    off = value.utcoffset()
    if off is not None:
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        minutes = abs(minutes)
        s += f"{sign}{minutes // 60:02d}'{minutes % 60:02d}'"
    return s


class DocCanvas(Canvas):
    """Keeps every page until ``save`` and then draws the decorations that need the whole document."""

    def __init__(self, *args, pagelog: PageLog, fonts: FontSet, created_at: datetime, geometry: PageGeometry,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self._pagelog = pagelog
        self._fonts = fonts
        self._geometry = geometry
        self._kept_pages: list[dict] = []
        stamp = pdf_date(created_at)
        self.setDateFormatter(lambda *_: stamp)

    def showPage(self):  # noqa: N802
        self._pagelog.page_section.append(self._pagelog.current)
        self._kept_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for number, state in enumerate(self._kept_pages, start=1):
            self.__dict__.update(state)
            self._decorate(number)
            Canvas.showPage(self)
        if self._pagelog.appendix is not None:
            self._pagelog.appendix(self, self._pagelog)
        Canvas.save(self)

    def finish_page(self) -> None:
        """Ends a page drawn by an appendix (straight out, not kept for decoration)."""
        Canvas.showPage(self)

    def text(self, text: str, style: ParaStyle, x: float, top: float, width: float) -> None:
        """One paragraph of ``text`` with its top at ``top`` (for appendix pages)."""
        self._text(text, style, x, top, width)

    def _text(self, text: str, style: ParaStyle, x: float, top: float, width: float) -> None:
        lines = break_lines(tokenize(items_of(text, style, self._fonts)), width, tracking=style.tracking)
        draw_lines(self, lines, style, x, top, width)

    def _decorate(self, page: int) -> None:
        log, g = self._pagelog, self._geometry
        key = log.page_section[page - 1]
        section = log.sections.get(key) if key else None
        if section is not None:
            if section.page_numbers:
                pages = log.pages_of(key)
                label = f"{section.page_prefix}第 {pages.index(page) + 1} 页 共 {len(pages)} 页"
                top = g.bottom - (16 if section.footer_left else 7) * mm
                self._text(label, FOOTER, g.left, top, g.frame_width)
            if section.footer_left:
                self._text(section.footer_left, FOOTER.derive(align="left", size=XIAOSI),
                           g.left, g.bottom - 4 * mm, g.frame_width)
            if section.header_right:
                self._text(section.header_right, HEADER_MARK, g.left, g.height - g.top + 14 * mm, g.frame_width)
            if section.volume:
                number = log.volume_number(page)
                style = FOOTER.derive(align="right", role=SONG, size=SIHAO)
                self._text(str(number), style, g.left, g.height - 12 * mm, g.width - g.left - 14 * mm)
        for p, x, y, w, dkey, style in log.deferred:
            if p == page and log.resolve is not None:
                self._text(log.resolve(dkey, log), style, x, y, w)


@dataclass(frozen=True)
class PdfMeta:
    title: str
    created_at: datetime
    author: str = ""
    subject: str = ""


def build_pdf(story: list[Flowable], meta: PdfMeta, fonts: FontSet, *, geometry: PageGeometry = GBT9704,
              pagelog: PageLog | None = None) -> tuple[bytes, PageLog]:
    """Lays out ``story`` on pages of ``geometry`` and returns the PDF bytes and what was learnt about pages."""
    buf = io.BytesIO()
    log = pagelog if pagelog is not None else PageLog()
    doc = BaseDocTemplate(
        buf, pagesize=(geometry.width, geometry.height), leftMargin=geometry.left, rightMargin=geometry.right,
        topMargin=geometry.top, bottomMargin=geometry.bottom, title=meta.title, author=meta.author,
        subject=meta.subject, creator="OneStop", invariant=1, lang="zh-CN",
        initialFontName=fonts.primary(SONG), initialFontSize=XIAOSI,
    )
    frame = Frame(geometry.left, geometry.bottom, geometry.frame_width, geometry.frame_height, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=partial(DocCanvas, pagelog=log, fonts=fonts, created_at=meta.created_at,
                                         geometry=geometry))
    return buf.getvalue(), log


# --- building blocks --------------------------------------------------------------------------------------
class Kit:
    """Shortcuts for building a story with one font set."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts

    def p(self, content, style: ParaStyle = BODY) -> Para:
        return Para(content, style, self.fonts)

    def paras(self, text: str, style: ParaStyle = BODY) -> list[Para]:
        """One paragraph per non-empty line of ``text``."""
        return [Para(line.strip(), style, self.fonts) for line in text.splitlines() if line.strip()]

    def title(self, text: str) -> Para:
        return Para(text, TITLE_STYLE, self.fonts)

    def cell(self, content, style: ParaStyle = CELL) -> Para:
        return Para(content, style, self.fonts)

    def label(self, text: str) -> Para:
        return Para(text, CELL_LABEL, self.fonts)

    def labelled(self, label: str, value: str, style: ParaStyle = BODY_FLUSH) -> Para:
        """「标签：内容」 with the label in 黑体."""
        return Para([Span(label + "：", role=HEI), Span(value)], style, self.fonts)

    def grid(self, rows: Sequence[Sequence], widths: Sequence[float], *, header_rows: int = 0,
             spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (), extra: Sequence[tuple] = (),
             valign: str = "MIDDLE") -> Flowable:
        """A ruled table (see :func:`desktop.documents.tables.grid`); strings become :data:`CELL` paragraphs."""
        data = [[self.cell(c) if isinstance(c, str) else c for c in row] for row in rows]
        return grid(data, widths, self.fonts, header_rows=header_rows, spans=spans, extra=extra, valign=valign)


    def number_line(self, text: str) -> Para:
        """The document number (文号/编号) under the title, right-aligned."""
        return Para(text, RIGHT.derive(space_after=BODY_LEADING * 0.3), self.fonts)

    def salutation(self, name: str) -> Para:
        return Para(f"{name}：", BODY_FLUSH, self.fonts)

    def sign_off(self, issuer: str, on: date | datetime | None, *, keep: Sequence[Flowable] = ()) -> Flowable:
        """Issuing body and date at the right (GB/T 9704 落款; the seal is stamped over them). ``keep`` are the
        flowables just before it (the closing paragraph) that move with it, so that a page never holds the
        sign-off alone."""
        style = RIGHT.derive(right_indent=2 * SANHAO)
        parts: list[Flowable] = [*keep, Spacer(0, BODY_LEADING)]
        parts.append(Para(issuer, style, self.fonts))
        parts.append(Para(cn_date(on) if on else BLANK_DATE, style, self.fonts))
        return KeepTogether(parts)

    def signatures(self, labels: Sequence[str], *, dated: bool = True, label_width: float | None = None) -> Flowable:
        """Signature lines: a label, a ruled blank to sign on and (optionally) a blank date."""
        total = GBT9704.frame_width
        style = CELL.derive(size=SANHAO - 2, leading=BODY_LEADING * 1.2, align="left")
        dw = total * 0.3 if dated else 0
        natural = max(Para(label, style, self.fonts).natural_width() for label in labels) + 4
        lw = label_width or min(natural, (total - dw) * 0.7)
        bw = total - lw - dw
        rows, cmds = [], []
        for i, label in enumerate(labels):
            rows.append([Para(label, style, self.fonts), "",
                         Para(BLANK_DATE, style.derive(align="right"), self.fonts) if dated else ""])
            cmds.append(("LINEBELOW", (1, i), (1, i), 0.6, black))
        t = Table(rows, colWidths=[lw, bw, dw] if dated else [lw, bw], style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.primary(SONG)), *cmds]))
        t.hAlign = "LEFT"
        return t


def as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def render_document(story: list[Flowable], *, title: str, created_at: date | datetime, fonts: FontSet,
                    section: Section, subject: str = "", author: str = "") -> bytes:
    """One document as PDF bytes: its story in one section."""
    data, _ = build_pdf([SectionStart(section), *story], PdfMeta(title, as_datetime(created_at), author, subject),
                        fonts)
    return data


class QrCode(Flowable):
    """A QR code (error correction M, quiet zone of 2 modules) ``size`` points square. It is encoded once and
    drawn as one filled path (reportlab's QrCodeWidget encodes twice and builds a shape per module)."""

    QUIET = 2

    def __init__(self, payload: str, size: float):
        super().__init__()
        self.payload = payload
        self.size = size
        self.width = self.height = size
        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(payload)
        qr.make()
        self.modules = [[bool(m) for m in row] for row in qr.modules]

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return self.size, self.size

    def draw(self):
        n = len(self.modules)
        box = self.size / (n + 2 * self.QUIET)
        path = self.canv.beginPath()
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.QUIET + 1) * box
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect((start + self.QUIET) * box, y, (c - start) * box, box)
                else:
                    c += 1
        self.canv.setFillColor(black)
        self.canv.drawPath(path, stroke=0, fill=1)


def qr_code(payload: str, size: float) -> QrCode:
    return QrCode(payload, size)


def role_fonts(fonts: FontSet) -> dict[str, str]:
    """Role -> primary font name (for diagnostics)."""
    return {r: fonts.primary(r) for r in (TITLE, FANGSONG, SONG, HEI)}
