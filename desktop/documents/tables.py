"""Ruled tables that split cleanly across pages.

reportlab can split a table between rows and repeat its header rows, but a row taller than the space left
either moves whole to the next page (leaving a gap) or, with ``splitInRow``, gets split by a second attempt that
repeats the header in the middle of the page. :func:`grid` avoids both: a row whose text runs longer than
:data:`SLICE_FROM` lines becomes several physical rows, a few lines each, drawn as one cell (no rule between
them). reportlab then splits between those rows like any others: the text continues on the next page under the
repeated header, and every page part is closed by a rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.colors import black
from reportlab.platypus import Table, TableStyle

from desktop.documents.fonts import SONG, FontSet
from desktop.documents.typography import Para

PAD = 4.0
RULE = 0.6
SLICE_FROM = 5  # rows with more lines than this are sliced
EDGE_LINES = 2  # lines kept together at the top and the bottom of a sliced row


def _slices(n: int) -> list[tuple[int, int]]:
    """Line ranges of a row of ``n`` lines: the first and last EDGE_LINES together, single lines between."""
    if n <= SLICE_FROM:
        return [(0, n)]
    cuts = [0, EDGE_LINES] + list(range(EDGE_LINES + 1, n - EDGE_LINES + 1)) + [n]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def grid(rows: Sequence[Sequence], widths: Sequence[float], fonts: FontSet, *, header_rows: int = 0,
         spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (), extra: Sequence[tuple] = (),
         valign: str = "MIDDLE", pad: float = PAD) -> Table:
    """A ruled table. ``rows`` hold flowables (``Para`` cells can be sliced), ``None`` for an empty cell.
    ``spans`` and ``extra`` style commands use the logical row numbers of ``rows``. ``fonts`` gives the font
    reportlab selects for every cell (otherwise it would put an unembedded Helvetica into the PDF)."""
    nlog = len(rows)
    # Horizontal spans only on a row may still be sliced; rows inside a vertical span may not.
    vspan_rows = {r for (c0, r0), (c1, r1) in spans for r in range(min(r0, r1), max(r0, r1) + 1) if r0 != r1}
    hspans = [((c0, r0), (c1, r1)) for (c0, r0), (c1, r1) in spans if r0 == r1]
    phys = _physical_rows(rows, widths, hspans, vspan_rows, header_rows, pad)
    cmds = _rules(phys, nlog, fonts, valign, pad)
    for (c0, r0), (c1, r1) in spans:
        if r0 == r1 and r0 in phys.sliced:
            for row in range(phys.first[r0], phys.last[r0] + 1):
                cmds.append(("SPAN", (c0, row), (c1, row)))
        else:
            cmds.append(("SPAN", (c0, phys.row(r0, False, nlog)), (c1, phys.row(r1, True, nlog))))
    for cmd in extra:
        op, (c0, r0), (c1, r1), *args = cmd
        cmds.append((op, (c0, phys.row(r0, False, nlog)), (c1, phys.row(r1, True, nlog)), *args))
    return Table(phys.data, colWidths=list(widths), repeatRows=phys.first[header_rows] if header_rows < nlog else 0,
                 style=TableStyle(cmds), hAlign="CENTER")


@dataclass
class _PhysicalRows:
    """The rows reportlab gets, and where each logical row lies among them."""

    data: list[list] = field(default_factory=list)
    first: list[int] = field(default_factory=list)  # logical row -> its first physical row
    last: list[int] = field(default_factory=list)  # logical row -> its last physical row
    pads: list[tuple[int, bool, bool]] = field(default_factory=list)  # physical row, first slice, last slice
    sliced: set[int] = field(default_factory=set)  # logical rows cut into slices

    def row(self, r, end: bool, nlog: int):
        """The physical row of logical row ``r`` (its last one if ``end``); negative counts from the end."""
        if isinstance(r, str):
            return r  # splitfirst / splitlast
        if r < 0:
            r += nlog
        return self.last[r] if end else self.first[r]


def _span_width(widths: Sequence[float], hspans: list, col: int, row: int) -> float:
    for (c0, r0), (c1, _r1) in hspans:
        if r0 == row and c0 == col:
            return sum(widths[c0:c1 + 1])
    return widths[col]


def _physical_rows(rows: Sequence[Sequence], widths: Sequence[float], hspans: list, vspan_rows: set[int],
                   header_rows: int, pad: float) -> _PhysicalRows:
    """Every logical row as one physical row, or as slices of a few lines each when its text runs long."""
    ncols = len(widths)
    out = _PhysicalRows()
    data = out.data
    for r, row in enumerate(rows):
        cells = list(row) + [None] * (ncols - len(row))
        out.first.append(len(data))
        counts = {}
        if r >= header_rows and r not in vspan_rows and all(c is None or isinstance(c, Para) for c in cells):
            for c, cell in enumerate(cells):
                if cell is not None:
                    counts[c] = len(cell.lines(_span_width(widths, hspans, c, r) - 2 * pad))
        n = max(counts.values(), default=0)
        if n <= SLICE_FROM:
            data.append([("" if c is None else c) for c in cells])
            out.pads.append((len(data) - 1, True, True))
        else:
            out.sliced.add(r)
            ranges = _slices(n)
            for k, (a, b) in enumerate(ranges):
                phys = []
                for c, cell in enumerate(cells):
                    cnt = counts.get(c, 0)
                    if cell is None or a >= cnt:
                        phys.append("")
                    else:
                        phys.append(cell.piece(_span_width(widths, hspans, c, r) - 2 * pad, a, min(b, cnt)))
                data.append(phys)
                out.pads.append((len(data) - 1, k == 0, k == len(ranges) - 1))
        out.last.append(len(data) - 1)
    return out


def _rules(phys: _PhysicalRows, nlog: int, fonts: FontSet, valign: str, pad: float) -> list[tuple]:
    """The rules, paddings and alignment: a rule under every logical row, none between the slices of one."""
    cmds: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), RULE, black),
        ("LINEAFTER", (0, 0), (-2, -1), RULE, black),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), RULE, black),
        ("LINEABOVE", (0, "splitfirst"), (-1, "splitfirst"), RULE, black),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("VALIGN", (0, 0), (-1, -1), valign),
        ("FONTNAME", (0, 0), (-1, -1), fonts.primary(SONG)),
    ]
    for r in range(nlog - 1):
        cmds.append(("LINEBELOW", (0, phys.last[r]), (-1, phys.last[r]), RULE, black))
    cmds += [("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad)]
    for row, top, bottom in phys.pads:  # the slices of a row sit flush against each other
        if not top:
            cmds.append(("TOPPADDING", (0, row), (-1, row), 0))
        if not bottom:
            cmds.append(("BOTTOMPADDING", (0, row), (-1, row), 0))
    for r in phys.sliced:
        cmds.append(("VALIGN", (0, phys.first[r]), (-1, phys.last[r]), "TOP"))
    return cmds
