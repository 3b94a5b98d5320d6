"""What a paragraph is made of: its style, the spans of its content and the characters as laid out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from operator import itemgetter

from reportlab.lib.colors import Color, black

from desktop.documents.fonts import FANGSONG


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph with its own face, size, underline or colour (None: the paragraph's)."""

    text: str
    role: str | None = None
    size: float | None = None
    underline: bool = False
    color: Color | None = None


@dataclass(frozen=True)
class ParaStyle:
    role: str = FANGSONG
    size: float = 16.0
    leading: float = 29.0
    align: str = "justify"  # left | center | right | justify
    indent_chars: float = 0.0  # first-line indent in characters (2 for body text)
    left_indent: float = 0.0  # points, every line
    right_indent: float = 0.0
    tracking: float = 0.0  # points added after every character (negative tightens)
    space_before: float = 0.0
    space_after: float = 0.0
    color: Color = black
    keep_with_next: bool = False
    max_stretch: float = 0.5  # at most this many ems of extra space per gap when justifying
    stroke: float = 0.0  # > 0: outline the glyphs with this line width too (a heavier face for large type)

    def derive(self, **changes) -> ParaStyle:
        return replace(self, **changes)


class Item(tuple):
    """One character as it will be drawn: (ch, font, size, w, underline, color), ``w`` being its advance with the
    style's tracking. A tuple, because a paragraph makes one per character and tuples are cheap to make."""

    __slots__ = ()
    ch = property(itemgetter(0))
    font = property(itemgetter(1))
    size = property(itemgetter(2))
    w = property(itemgetter(3))
    underline = property(itemgetter(4))
    color = property(itemgetter(5))
