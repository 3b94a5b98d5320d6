"""Drawing laid-out lines on a canvas: alignment and justification, one text run per font, underlines."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from desktop.documents.typography.breaking import Line
from desktop.documents.typography.styles import ParaStyle


def baseline_offset(style: ParaStyle) -> float:
    """Distance from the top of a line box to the baseline: the ideographic em box (about -0.12..0.88 em
    around the baseline) is centred in the line pitch."""
    return style.leading / 2 + 0.38 * style.size


_CH, _W, _UNDERLINE = itemgetter(0), itemgetter(3), itemgetter(4)
_RUN_KEY = itemgetter(1, 2, 5)


def draw_lines(canv, lines: list[Line], style: ParaStyle, x0: float, top: float, width: float) -> None:
    """Draws laid-out lines with the top of the first line box at ``top``."""
    tx = canv.beginText()
    tx.setFillColor(style.color)
    y = top - baseline_offset(style)
    underlines: list[tuple[float, float, float, float]] = []
    pen = _Pen(tx, style.color)
    for line in lines:
        items = _inked(line.items)
        x, extra = _placement(line, items, style, x0, width)
        pen.char_space(style.tracking + extra)
        tx.setTextOrigin(x, y)
        pen.runs(items, style.color)
        if any(map(_UNDERLINE, items)):
            underlines += _underlines(items, x, y, extra, style.tracking)
        y -= style.leading
    _draw_text(canv, tx, style)
    if underlines:
        canv.saveState()
        canv.setStrokeColor(style.color)
        for x1, x2, yy, size in underlines:
            canv.setLineWidth(max(0.5, size / 24))
            canv.line(x1, yy - size * 0.16, x2, yy - size * 0.16)
        canv.restoreState()


def _inked(items: list) -> list:
    """The line without its trailing spaces: they carry no ink and must not push a centred or right-aligned
    line."""
    n = len(items)
    while n and items[n - 1].ch == " ":
        n -= 1
    return items[:n]


def _placement(line: Line, items: list, style: ParaStyle, x0: float, width: float) -> tuple[float, float]:
    """Where the line starts and the extra space after each character that justifies it."""
    natural = sum(map(_W, items)) - style.tracking if items else 0.0
    avail = width - line.indent - style.right_indent
    extra = 0.0
    x = x0 + line.indent
    if style.align == "center":
        x += max(0.0, (avail - natural) / 2)
    elif style.align == "right":
        x += max(0.0, avail - natural)
    elif style.align == "justify" and not line.hard and len(items) > 1:
        gap = (avail - natural) / (len(items) - 1)
        if 0 < gap <= style.max_stretch * style.size:
            extra = gap
    return x, extra


class _Pen:
    """The text object's state (character spacing, font, colour), set only when it changes: the text state
    survives new lines, so there is no Tf when nothing changed."""

    def __init__(self, tx, color):
        self.tx = tx
        self.color = color
        self.cs = None
        self.font = None

    def char_space(self, cs: float) -> None:
        if cs != self.cs:
            self.tx.setCharSpace(cs)
            self.cs = cs

    def runs(self, items: list, default_color) -> None:
        """One text run per stretch of characters with the same font, size and colour."""
        tx = self.tx
        for (font, size, color), group in groupby(items, key=_RUN_KEY):
            if (font, size) != self.font:
                tx.setFont(font, size)
                self.font = (font, size)
            color = color or default_color
            if color != self.color:
                tx.setFillColor(color)
                self.color = color
            tx.textOut("".join(map(_CH, group)))


def _underlines(items: list, x: float, y: float, extra: float, tracking: float) -> list[tuple[float, float, float, float]]:
    """(x1, x2, baseline, size) of each underlined stretch of the line."""
    out = []
    cx = x
    ul_start = None
    for it in items:
        if it[4] and ul_start is None:
            ul_start = cx
        elif not it[4] and ul_start is not None:
            out.append((ul_start, cx - extra - tracking, y, it[2]))
            ul_start = None
        cx += it[3] + extra
    if ul_start is not None:
        out.append((ul_start, cx - extra - tracking, y, items[-1][2]))
    return out


def _draw_text(canv, tx, style: ParaStyle) -> None:
    if style.stroke > 0:  # outlined glyphs: a heavier face for large type
        tx.setTextRenderMode(2)
        canv.saveState()
        canv.setLineWidth(style.stroke)
        canv.setStrokeColor(style.color)
        canv.drawText(tx)
        canv.restoreState()
    else:
        canv.drawText(tx)
