"""The paragraph flowable: lays out its lines at the frame's width and splits between lines across frames
and table cells."""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from desktop.documents.fonts import FontSet
from desktop.documents.typography.breaking import (
    FUZZ,
    Line,
    Token,
    break_lines,
    items_of,
    slice_tokens,
    tokenize,
)
from desktop.documents.typography.drawing import draw_lines
from desktop.documents.typography.styles import ParaStyle


class Para(Flowable):
    """A paragraph of Chinese text (see the module documentation). ``content`` is a string, a :class:`Span`
    or a list of both; ``\\n`` forces a line break."""

    def __init__(self, content, style: ParaStyle, fonts: FontSet, *, _tokens: list[Token] | None = None,
                 _continued: bool = False):
        super().__init__()
        self.style = style
        self.fonts = fonts
        self._tokens = _tokens if _tokens is not None else tokenize(items_of(content, style, fonts))
        self._continued = _continued
        self.spaceBefore = 0 if _continued else style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next
        self._cache: tuple[float, list[Line]] | None = None

    # --- layout -----------------------------------------------------------------------------------------------
    @property
    def first_indent(self) -> float:
        if self._continued:
            return 0.0
        return self.style.indent_chars * (self.style.size + self.style.tracking)

    def lines(self, width: float) -> list[Line]:
        if self._cache is not None and abs(self._cache[0] - width) < FUZZ:
            return self._cache[1]
        s = self.style
        lines = break_lines(self._tokens, width, first_indent=self.first_indent, left_indent=s.left_indent,
                            right_indent=s.right_indent, tracking=s.tracking)
        self._cache = (width, lines)
        return lines

    @property
    def text(self) -> str:
        return "".join(t.text for t in self._tokens)

    def natural_width(self) -> float:
        """Width of the widest forced line if nothing wrapped."""
        return max((ln.width + ln.indent + self.style.right_indent for ln in self.lines(1e9)), default=0.0)

    def piece(self, width: float, first: int, stop: int) -> Para:
        """The paragraph's lines ``first`` to ``stop - 1`` at ``width``, as a paragraph of their own."""
        lines = self.lines(width)
        start = lines[first].start if first < len(lines) else (len(self._tokens), 0)
        end = lines[stop].start if stop < len(lines) else None
        part = Para(None, self.style, self.fonts, _tokens=slice_tokens(self._tokens, start, end),
                    _continued=self._continued or first > 0)
        part._cache = (width, lines[first:stop])
        if stop < len(lines):
            part.spaceAfter = 0
        return part

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's signature
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        lines = self.lines(availWidth)
        fit = int((availHeight + FUZZ) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [self.piece(availWidth, 0, fit), self.piece(availWidth, fit, len(lines))]

    # --- drawing ----------------------------------------------------------------------------------------------
    def draw(self):
        draw_lines(self.canv, self.lines(self.width), self.style, 0.0, self.height, self.width)


def measure(content, style: ParaStyle, fonts: FontSet) -> float:
    """Natural width of ``content`` on one line (forced breaks aside)."""
    return Para(content, style, fonts).natural_width()
