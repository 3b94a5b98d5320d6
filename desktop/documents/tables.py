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
    ncols = len(widths)
    # Horizontal spans only on a row may still be sliced; rows inside a vertical span may not.
    vspan_rows = {r for (c0, r0), (c1, r1) in spans for r in range(min(r0, r1), max(r0, r1) + 1) if r0 != r1}
    hspans = [((c0, r0), (c1, r1)) for (c0, r0), (c1, r1) in spans if r0 == r1]

    def span_width(col: int, row: int) -> float:
        for (c0, r0), (c1, _r1) in hspans:
            if r0 == row and c0 == col:
                return sum(widths[c0:c1 + 1])
        return widths[col]

    data: list[list] = []
    first_phys: list[int] = []
    last_phys: list[int] = []
    pads: list[tuple[int, bool, bool]] = []  # physical row, is first slice, is last slice
    sliced_rows: set[int] = set()
    for r, row in enumerate(rows):
        cells = list(row) + [None] * (ncols - len(row))
        first_phys.append(len(data))
        counts = {}
        if r >= header_rows and r not in vspan_rows and all(c is None or isinstance(c, Para) for c in cells):
            for c, cell in enumerate(cells):
                if cell is not None:
                    counts[c] = len(cell.lines(span_width(c, r) - 2 * pad))
        n = max(counts.values(), default=0)
        if n <= SLICE_FROM:
            data.append([("" if c is None else c) for c in cells])
            pads.append((len(data) - 1, True, True))
        else:
            sliced_rows.add(r)
            ranges = _slices(n)
            for k, (a, b) in enumerate(ranges):
                phys = []
                for c, cell in enumerate(cells):
                    cnt = counts.get(c, 0)
                    if cell is None or a >= cnt:
                        phys.append("")
                    else:
                        phys.append(cell.piece(span_width(c, r) - 2 * pad, a, min(b, cnt)))
                data.append(phys)
                pads.append((len(data) - 1, k == 0, k == len(ranges) - 1))
        last_phys.append(len(data) - 1)

    def prow(r: int, end: bool) -> int:
        if isinstance(r, str):
            return r  # splitfirst / splitlast
        if r < 0:
            r += nlog
        return last_phys[r] if end else first_phys[r]

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
        cmds.append(("LINEBELOW", (0, last_phys[r]), (-1, last_phys[r]), RULE, black))
    cmds += [("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad)]
    for phys, top, bottom in pads:  # the slices of a row sit flush against each other
        if not top:
            cmds.append(("TOPPADDING", (0, phys), (-1, phys), 0))
        if not bottom:
            cmds.append(("BOTTOMPADDING", (0, phys), (-1, phys), 0))
    for r in sliced_rows:
        cmds.append(("VALIGN", (0, first_phys[r]), (-1, last_phys[r]), "TOP"))
    for (c0, r0), (c1, r1) in spans:
        if r0 == r1 and r0 in sliced_rows:
            for phys in range(first_phys[r0], last_phys[r0] + 1):
                cmds.append(("SPAN", (c0, phys), (c1, phys)))
        else:
            cmds.append(("SPAN", (c0, prow(r0, False)), (c1, prow(r1, True))))
    for cmd in extra:
        op, (c0, r0), (c1, r1), *args = cmd
        cmds.append((op, (c0, prow(r0, False)), (c1, prow(r1, True)), *args))
    return Table(data, colWidths=list(widths), repeatRows=first_phys[header_rows] if header_rows < nlog else 0,
                 style=TableStyle(cmds), hAlign="CENTER")
