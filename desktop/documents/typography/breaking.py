"""Line breaking: characters become tokens (boxes that stay together, spaces, forced breaks) and tokens
become lines, greedily, with 禁则; plain Python, tested without a PDF."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.documents.fonts import FontSet
from desktop.documents.typography.kinsoku import CANNOT_END, CANNOT_START, CLASSES, classify
from desktop.documents.typography.styles import Item, ParaStyle, Span

FUZZ = 1e-6  # tolerance on widths: a line that fits to within this still fits


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
    classes = CLASSES
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
        c = classes.get(ch) or classify(ch)
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
        if total + it.w > avail + FUZZ and n > 0:
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
        if cur_w + gw + tok.w - tracking <= avail + FUZZ:
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
        while sum(i.w for i in items) - tracking > avail + FUZZ:
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


def slice_tokens(tokens: list[Token], start: tuple[int, int], end: tuple[int, int] | None = None) -> list[Token]:
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
