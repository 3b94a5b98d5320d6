"""Chinese paragraphs: per-character font fallback, line breaking with 禁则 (kinsoku) and justification.

reportlab's ``Paragraph(wordWrap='CJK')`` lets a line start with ，！？；：》” (its list of characters that cannot
start a line misses most full-width Chinese punctuation), never checks characters that cannot end a line, and
takes one font per run of markup. :class:`Para` replaces it for every text in a document:

- each character is drawn by the first font of its role's chain that has a glyph (:meth:`FontSet.runs`);
- a line never starts with a character of :data:`CANNOT_START` (，。、；：！？）》」』”’…— …) and never ends with
  one of :data:`CANNOT_END` (（《「『“‘ …): the character next to it moves to the next line with it (推出);
- lines are justified by spreading the spare width over the gaps between characters (except the last line);
- Latin words and numbers break only at spaces, unless a word alone is wider than the line;
- a paragraph splits between lines across frames and table cells (reportlab ``split``).

The breaking itself (:func:`tokenize`, :func:`break_lines`) is plain Python and is tested without a PDF.

Modules, lowest first: styles (Span, ParaStyle, Item), kinsoku (the 禁则 classes), breaking (tokens and lines),
drawing (lines on a canvas), paragraph (the flowable). Import the names below from the package.
"""

from desktop.documents.typography.breaking import (
    BOX,
    BREAK,
    GLUE,
    Line,
    Token,
    break_lines,
    items_of,
    tokenize,
)
from desktop.documents.typography.drawing import baseline_offset, draw_lines
from desktop.documents.typography.kinsoku import CANNOT_END, CANNOT_START, is_cjk, may_break_between
from desktop.documents.typography.paragraph import Para, measure
from desktop.documents.typography.styles import Item, ParaStyle, Span

__all__ = [
    "BOX", "BREAK", "CANNOT_END", "CANNOT_START", "GLUE", "Item", "Line", "Para", "ParaStyle", "Span", "Token",
    "baseline_offset", "break_lines", "draw_lines", "is_cjk", "items_of", "may_break_between", "measure", "tokenize",
]
