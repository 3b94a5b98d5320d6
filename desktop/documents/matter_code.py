"""The matter code on paper (一案一码): a document of a matter carries its code (HS-2026-000123) as text and as
a QR code holding just the code, so a kiosk's USB scanner (which types what it reads, like a keyboard) puts the
code into the lookup field.

- :func:`code_mark` for A4 documents: the QR with 「事项编码」 and the code beside it, drawn in the top-left
  corner of the page's top margin (the 版头 area of GB/T 9704, where no body text goes; the top right is the
  copy mark's and the case file's 页号's). It takes no room, so the document's own layout does not move.
- :func:`code_block` for a column or a roll of paper: the QR with the code under it (the receipt's side
  column, the ticket).

Both give nothing for an empty code (a case stored before it had a matter): the document prints as before.
The QR is reportlab's encoder (error correction M), drawn by :class:`desktop.documents.layout.QrCode`.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus.flowables import Flowable

from desktop.documents.fonts import HEI, FontSet
from desktop.documents.layout import GBT9704, PageGeometry, QrCode
from desktop.documents.typography import Para, ParaStyle

LABEL = "事项编码"
MARK_QR = 20 * mm  # about 0.7 mm a module for a 14-character code: read at 150 dpi and by any hand scanner
MARK_GAP = 4 * mm  # between the QR's foot and the top of the text area
MARK_LABEL = ParaStyle(role=HEI, size=9, leading=12, align="left")
MARK_CODE = ParaStyle(role=HEI, size=12, leading=16, align="left")
BLOCK_CAPTION = ParaStyle(role=HEI, size=11, leading=15, align="center")


def payload(code: str) -> str:
    """What the QR holds: the code and nothing else (a scanner types it as it is)."""
    return code.strip()


class CodeMark(Flowable):
    """Takes no room; draws the code's QR and text in the top margin of the page it lands on (place it first
    in a document's story)."""

    def __init__(self, code: str, fonts: FontSet, geometry: PageGeometry = GBT9704):
        super().__init__()
        self.code = payload(code)
        self.fonts = fonts
        self.geometry = geometry
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self):
        g, canv = self.geometry, self.canv
        x0, y0 = canv.absolutePosition(0, 0)
        left, bottom = g.left - x0, g.height - g.top + MARK_GAP - y0
        QrCode(self.code, MARK_QR).drawOn(canv, left, bottom)
        text_x = left + MARK_QR + 2 * mm
        label = Para(LABEL, MARK_LABEL, self.fonts)
        code = Para(self.code, MARK_CODE, self.fonts)
        _, lh = label.wrap(60 * mm, 100)
        _, ch = code.wrap(60 * mm, 100)
        middle = bottom + MARK_QR / 2
        top = middle + (lh + ch) / 2
        label.drawOn(canv, text_x, top - lh)
        code.drawOn(canv, text_x, top - lh - ch)


def code_mark(code: str, fonts: FontSet) -> list[Flowable]:
    """The mark as the first item of a story (nothing for an empty code)."""
    return [CodeMark(code, fonts)] if code and code.strip() else []


def code_block(code: str, fonts: FontSet, size: float, *, align: str = "CENTER",
               caption: ParaStyle = BLOCK_CAPTION) -> list[Flowable]:
    """The QR, ``size`` square, with 「事项编码」 and the code on two lines under it (nothing for an empty code)."""
    if not code or not code.strip():
        return []
    qr = QrCode(payload(code), size)
    qr.hAlign = align
    return [qr, Para(f"{LABEL}\n{payload(code)}", caption, fonts)]
