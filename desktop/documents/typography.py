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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from operator import itemgetter

from reportlab.lib.colors import Color, black
from reportlab.platypus.flowables import Flowable

from desktop.documents.fonts import FANGSONG, FontSet

# Characters that must not begin a line (GB/T 15834-2011 §5.1.x; 中文排版需求 "行首禁则").
CANNOT_START = frozenset(
    "，。、；：！？）》」』”’…—―〕】〉｝］〗〙〛｠〞"
    ",.;:!?)]}%％‰℃°·・～〜‥々〻ヽヾゝゞ"
)
# Characters that must not end a line ("行尾禁则"): opening brackets and quotes, currency and number signs.
CANNOT_END = frozenset("（《「『“‘〔【〈｛［〖〘〚｟〝([{￥¥＄$#＃@＠§№")

_FUZZ = 1e-6


def is_cjk(ch: str) -> bool:
    """Characters between which a line may break (ideographs, kana, hangul, CJK and full-width punctuation)."""
    c = ord(ch)
    return (
        0x2E80 <= c <= 0x9FFF or 0xAC00 <= c <= 0xD7AF or 0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F
        or 0xFF00 <= c <= 0xFFEF or 0x20000 <= c <= 0x3FFFF or c in (0x2014, 0x2015, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D)
    )


# per character: (is CJK, cannot start a line, cannot end a line); filled as characters are met
_CLASS: dict[str, tuple[bool, bool, bool]] = {}


def _classify(ch: str) -> tuple[bool, bool, bool]:
    c = _CLASS.get(ch)
    if c is None:
        c = _CLASS[ch] = (is_cjk(ch), ch in CANNOT_START, ch in CANNOT_END)
    return c


def may_break_between(prev: str, ch: str) -> bool:
    """Whether a line may end after ``prev`` when ``ch`` follows (spaces aside)."""
    p_cjk, _, p_no_end = _classify(prev)
    c_cjk, c_no_start, _ = _classify(ch)
    if c_no_start or p_no_end:
        return False
    return p_cjk or c_cjk


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


# Token kinds
BOX, GLUE, BREAK = 0, 1, 2


class Token:
    """BOX: characters that stay on one line; GLUE: a space a line may break at; BREAK: a forced line end."""

    __slots__ = ("kind", "items", "w")

    def __init__(self, kind: int, items: list[Item], w: float):
        self.kind = kind
        self.items = items
        self.w = w

    @property
    def text(self) -> str:
        return "".join(i.ch for i in self.items)

    def __repr__(self) -> str:
        return f"Token({('BOX', 'GLUE', 'BREAK')[self.kind]}, {self.text!r})"


def items_of(content: str | Span | Sequence[str | Span], style: ParaStyle, fonts: FontSet) -> list[Item]:
    spans = [content] if isinstance(content, (str, Span)) else list(content)
    out: list[Item] = []
    for sp in spans:
        if isinstance(sp, str):
            sp = Span(sp)
        role = sp.role or style.role
        size = sp.size or style.size
        color = sp.color
        text = sp.text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        scale = size / 1000.0
        tracking = style.tracking
        underline = sp.underline
        for font, run in fonts.runs(text, role):
            lf = fonts.font(font)
            widths, default = lf.widths, lf.default_width
            out.extend(Item((ch, font, size, widths.get(ord(ch), default) * scale + tracking if ch != "\n" else 0.0,
                             underline, color)) for ch in run)
    return out


def tokenize(items: list[Item]) -> list[Token]:
    """Groups characters into boxes that must stay together, spaces and forced breaks."""
    tokens: list[Token] = []
    cur: list[Item] | None = None
    cur_w = 0.0
    prev = None  # (is CJK, -, cannot end) of the last character in ``cur``
    classes = _CLASS
    spaces = False
    for it in items:
        ch = it[0]
        if ch == "\n":
            if cur:
                tokens.append(Token(BOX, cur, cur_w))
            cur = None
            tokens.append(Token(BREAK, [], 0.0))
            continue
        if ch == " ":
            if cur:
                tokens.append(Token(BOX, cur, cur_w))
            cur = None
            tokens.append(Token(GLUE, [it], it[3]))
            spaces = True
            continue
        c = classes.get(ch) or _classify(ch)
        if cur and (c[1] or prev[2] or not (prev[0] or c[0])):  # no break allowed before ``ch``
            cur.append(it)
            cur_w += it[3]
        else:
            if cur:
                tokens.append(Token(BOX, cur, cur_w))
            cur = [it]
            cur_w = it[3]
        prev = c
    if cur:
        tokens.append(Token(BOX, cur, cur_w))
    if not spaces:
        return tokens
    # A closing mark after a space still may not start a line: glue it and the space to the box before.
    out: list[Token] = []
    for tok in tokens:
        if (tok.kind == BOX and tok.items[0].ch in CANNOT_START and len(out) >= 2 and out[-1].kind == GLUE
                and out[-2].kind == BOX):
            glue = out.pop()
            prev = out.pop()
            tok = Token(BOX, prev.items + glue.items + tok.items, prev.w + glue.w + tok.w)
        out.append(tok)
    return out


class Line:
    __slots__ = ("items", "width", "hard", "indent", "start")

    def __init__(self, items, width, hard, indent, start):
        self.items = items  # list[Item]
        self.width = width  # natural width (no trailing tracking)
        self.hard = hard  # ended by a forced break or the paragraph's end: not justified
        self.indent = indent
        self.start = start  # (token index, item index) where this line starts

    @property
    def text(self) -> str:
        return "".join(i.ch for i in self.items)


def _forced_cut(items: list[Item], avail: float) -> int:
    """How many leading items of an over-long box go on a line: as many as fit, backing off to a place where
    a break is allowed if there is one; at least one, so that layout always advances."""
    total = 0.0
    n = 0
    for it in items:
        if total + it.w > avail + _FUZZ and n > 0:
            break
        total += it.w
        n += 1
    if n >= len(items):
        return n
    for k in range(n, 0, -1):
        if items[k].ch not in CANNOT_START and items[k - 1].ch not in CANNOT_END:
            return k
    return n


def break_lines(tokens: list[Token], width: float, *, first_indent: float = 0.0, left_indent: float = 0.0,
                right_indent: float = 0.0, tracking: float = 0.0) -> list[Line]:
    """Greedy line filling with kinsoku (the boxes already hold what may not be separated)."""
    lines: list[Line] = []
    indent = left_indent + first_indent
    avail = width - indent - right_indent
    cur: list[Item] = []
    cur_w = 0.0
    glue: Token | None = None
    start = (0, 0)

    def emit(hard: bool, next_start: tuple[int, int]):
        nonlocal cur, cur_w, indent, avail, glue, start
        lines.append(Line(cur, max(0.0, cur_w - tracking) if cur else 0.0, hard, indent, start))
        cur, cur_w, glue = [], 0.0, None
        indent = left_indent
        avail = width - indent - right_indent
        start = next_start

    for ti, tok in enumerate(tokens):
        if tok.kind == BREAK:
            emit(True, (ti + 1, 0))
            continue
        if tok.kind == GLUE:
            if cur:
                glue = tok
            else:  # no space at the start of a line
                start = (ti + 1, 0)
            continue
        gw = glue.w if glue is not None else 0.0
        if cur_w + gw + tok.w - tracking <= avail + _FUZZ:
            if glue is not None:
                cur.extend(glue.items)
                cur_w += gw
                glue = None
            cur.extend(tok.items)
            cur_w += tok.w
            continue
        if cur:
            emit(False, (ti, 0))
        items = tok.items
        offset = 0
        while sum(i.w for i in items) - tracking > avail + _FUZZ:
            k = _forced_cut(items, avail + tracking)
            cur = list(items[:k])
            cur_w = sum(i.w for i in cur)
            offset += k
            items = items[k:]
            emit(False, (ti, offset))
        cur = list(items)
        cur_w = sum(i.w for i in items)
    if cur or not lines:
        lines.append(Line(cur, max(0.0, cur_w - tracking) if cur else 0.0, True, indent, start))
    return lines


def _slice_tokens(tokens: list[Token], start: tuple[int, int], end: tuple[int, int] | None = None) -> list[Token]:
    ti, ii = start
    out: list[Token] = []
    stop_ti, stop_ii = end if end is not None else (len(tokens), 0)
    for k in range(ti, min(stop_ti + 1, len(tokens))):
        tok = tokens[k]
        lo = ii if k == ti else 0
        hi = stop_ii if k == stop_ti else len(tok.items)
        if k == stop_ti and stop_ii == 0:
            break
        if lo == 0 and hi == len(tok.items):
            out.append(tok)
        elif hi > lo:
            part = tok.items[lo:hi]
            out.append(Token(tok.kind, part, sum(i.w for i in part)))
    return out


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
        if self._cache is not None and abs(self._cache[0] - width) < _FUZZ:
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
        part = Para(None, self.style, self.fonts, _tokens=_slice_tokens(self._tokens, start, end),
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
        fit = int((availHeight + _FUZZ) // self.style.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [self.piece(availWidth, 0, fit), self.piece(availWidth, fit, len(lines))]

    # --- drawing ----------------------------------------------------------------------------------------------
    def draw(self):
        draw_lines(self.canv, self.lines(self.width), self.style, 0.0, self.height, self.width)


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
    cur_color = style.color
    cur_cs = None
    cur_font = None
    for line in lines:
        items = line.items
        # trailing spaces carry no ink and must not push a centred or right-aligned line
        n = len(items)
        while n and items[n - 1].ch == " ":
            n -= 1
        items = items[:n]
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
        cs = style.tracking + extra
        if cs != cur_cs:
            tx.setCharSpace(cs)
            cur_cs = cs
        tx.setTextOrigin(x, y)
        # one text run per stretch of characters with the same font, size and colour
        for (font, size, color), group in groupby(items, key=_RUN_KEY):
            if (font, size) != cur_font:  # (the text state survives new lines: no Tf when nothing changed)
                tx.setFont(font, size)
                cur_font = (font, size)
            color = color or style.color
            if color != cur_color:
                tx.setFillColor(color)
                cur_color = color
            tx.textOut("".join(map(_CH, group)))
        if any(map(_UNDERLINE, items)):
            cx = x
            ul_start = None
            for it in items:
                if it[4] and ul_start is None:
                    ul_start = cx
                elif not it[4] and ul_start is not None:
                    underlines.append((ul_start, cx - extra - style.tracking, y, it[2]))
                    ul_start = None
                cx += it[3] + extra
            if ul_start is not None:
                underlines.append((ul_start, cx - extra - style.tracking, y, items[-1][2]))
        y -= style.leading
    if style.stroke > 0:
        tx.setTextRenderMode(2)
        canv.saveState()
        canv.setLineWidth(style.stroke)
        canv.setStrokeColor(style.color)
        canv.drawText(tx)
        canv.restoreState()
    else:
        canv.drawText(tx)
    if underlines:
        canv.saveState()
        canv.setStrokeColor(style.color)
        for x1, x2, yy, size in underlines:
            canv.setLineWidth(max(0.5, size / 24))
            canv.line(x1, yy - size * 0.16, x2, yy - size * 0.16)
        canv.restoreState()


def measure(content, style: ParaStyle, fonts: FontSet) -> float:
    """Natural width of ``content`` on one line (forced breaks aside)."""
    return Para(content, style, fonts).natural_width()
