"""Loading a TrueType face once per process and embedding it correctly: a ToUnicode map that holds characters
beyond the BMP, subsetting that is safe from several threads and does not copy the whole glyph table."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, TTFontFace

_SUBSET_LOCK = threading.Lock()


class _EmbeddableTTFont(TTFont):
    """reportlab's TTFont with a correct ToUnicode map for characters beyond the BMP, safe to embed from several
    threads at once (documents render in a thread pool; reportlab's subsetting is not re-entrant).

    reportlab writes each ToUnicode destination as ``<%04X>``, which turns U+20BB7 (𠮷) into five hex digits
    that PDF readers misread, so copying or searching the text loses the character. The destination must be
    UTF-16BE (a surrogate pair); this rewrites the maps of the subsets that hold such characters.
    """

    def addObjects(self, doc):  # noqa: N802 - reportlab's name
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        with _SUBSET_LOCK:  # subsetting reads the shared font file through one parser position
            super().addObjects(doc)  # (forgets the document's state)
        for n, subset in enumerate(subsets):
            if not any(code > 0xFFFF for code in subset):
                continue
            base = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = to_unicode_cmap(base, subset)


class _GlyphTable:
    """A read-only window on a font's glyf table: slicing returns bytes of just that slice."""

    __slots__ = ("view",)

    def __init__(self, view: memoryview):
        self.view = view

    def __getitem__(self, index):
        return self.view[index].tobytes()

    def __len__(self) -> int:
        return len(self.view)


class _SubsettingFace(TTFontFace):
    """reportlab's font face whose subsetting does not copy the whole glyf table for every document (for the
    rare-character fonts that is 20-30 MB each time)."""

    def get_table(self, tag):
        if tag == "glyf":
            pos, length = self.get_table_pos(tag)
            return _GlyphTable(memoryview(self._ttf_data)[pos:pos + length])
        return super().get_table(tag)


def _utf16_hex(code: int) -> str:
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """A ToUnicode CMap mapping single-byte codes 0..n-1 to the code points in ``subset``, in UTF-16BE."""
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
    ]
    lines += [f"<{i:02X}> <{_utf16_hex(code)}>" for i, code in enumerate(subset)]
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


@dataclass
class LoadedFont:
    name: str  # the name registered with reportlab
    path: Path
    index: int
    source: str  # "system" or "bundled"
    font: TTFont = field(repr=False)

    @property
    def glyphs(self) -> dict:
        return self.font.face.charToGlyph

    @property
    def widths(self) -> dict:
        return self.font.face.charWidths

    @property
    def default_width(self) -> float:
        return self.font.face.defaultWidth


class FontUnavailable(Exception):
    """A bundled font file is missing or unreadable (a broken installation). facts: path, detail."""

    def __init__(self, path: Path, detail: str):
        super().__init__(f"{path}: {detail}")
        self.facts = {"path": str(path), "detail": detail}


LOCK = threading.RLock()  # guards LOADED and the process-wide default font set
LOADED: dict[tuple[str, int], TTFont] = {}


def load(path: Path, index: int, source: str) -> LoadedFont:
    """Loads and registers a TrueType face once per process (a file reached by two paths loads once). Raises
    TTFError / OSError when it cannot be used."""
    key = (str(path.resolve()), index)
    with LOCK:
        font = LOADED.get(key)
        if font is None:
            digest = hashlib.sha1(key[0].encode("utf-8")).hexdigest()[:8]
            font = _EmbeddableTTFont(f"OneStop-{Path(key[0]).stem}-{index}-{digest}", key[0], subfontIndex=index)
            if isinstance(font.face._ttf_data, bytes):
                font.face.__class__ = _SubsettingFace
            pdfmetrics.registerFont(font)
            LOADED[key] = font
        return LoadedFont(font.fontName, path, index, source, font)
