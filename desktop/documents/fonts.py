"""Fonts for documents: the bundled fonts, the system-font resolver and per-character fallback.

reportlab embeds TrueType outlines only (it rejects CFF/OpenType such as Noto CJK), so every font here is a
TrueType file; reportlab embeds and subsets each one it draws with.

Bundled in ``resources/fonts`` (licences beside them, see ``resources/fonts/README.md``):

- WenQuanYi Micro Hei (``wqy-microhei.ttc``, face 0): the font every role falls back to, so a document looks the
  same on every PC that lacks the fonts below. It covers the whole basic CJK block but not Extension A/B.
- HanaMinA / HanaMinB (``HanaMinA.ttf``, ``HanaMinB.ttf``): the rare-character fonts (生僻字). Together they cover
  CJK Extensions A to F (𠮷 U+20BB7 sits in B). They end every chain, so a name never prints as a box.

Roles are the faces a layout asks for: ``title`` (小标宋), ``fangsong`` (仿宋), ``song`` (宋体) and ``hei`` (黑体).

Search order for a role's first font (:meth:`FontSet.chain`):

1. the role's candidate files (:data:`CANDIDATES`, in that order) in the directories of the environment variable
   ``ONESTOP_FONT_DIRS`` (separated by ``os.pathsep``), then in the system font directories
   (:func:`system_font_dirs`); the first file reportlab can embed and that has Chinese glyphs wins;
2. if none is found: ``title`` tries the ``hei`` candidates, ``fangsong`` tries the ``song`` candidates;
3. the bundled WenQuanYi Micro Hei.

After the first font every chain continues with the bundled WenQuanYi Micro Hei, HanaMinA and HanaMinB, and each
character is drawn with the first font of the chain that has a glyph for it (:meth:`FontSet.runs`).

``ONESTOP_DOCUMENT_FONTS=bundled`` (or ``FontSet(prefer_system=False)``) skips the system fonts: output is then
byte-identical on every PC.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont, TTFontFace

from desktop import config

ENV_MODE = "ONESTOP_DOCUMENT_FONTS"
ENV_DIRS = "ONESTOP_FONT_DIRS"

TITLE = "title"
FANGSONG = "fangsong"
SONG = "song"
HEI = "hei"
ROLES = (TITLE, FANGSONG, SONG, HEI)


@dataclass(frozen=True)
class FontFile:
    """One face of a TrueType file: ``index`` is the face number inside a .ttc collection."""

    filename: str
    index: int = 0


# Candidate system files per role, most wanted first. Names are matched case-insensitively.
CANDIDATES: dict[str, tuple[FontFile, ...]] = {
    TITLE: (
        FontFile("方正小标宋简体.ttf"), FontFile("FZXBSJW.TTF"), FontFile("方正小标宋_GBK.ttf"), FontFile("FZXBSK.TTF"),
    ),
    FANGSONG: (
        FontFile("仿宋_GB2312.ttf"), FontFile("FS_GB2312.ttf"), FontFile("simfang.ttf"), FontFile("方正仿宋_GBK.ttf"),
        FontFile("FZFSK.TTF"), FontFile("STFANGSO.TTF"),
    ),
    SONG: (
        FontFile("simsun.ttc", 0), FontFile("simsun.ttf"), FontFile("STSONG.TTF"), FontFile("Songti.ttc", 0),
        FontFile("uming.ttc", 0), FontFile("gbsn00lp.ttf"),
    ),
    HEI: (
        FontFile("simhei.ttf"), FontFile("msyh.ttc", 0), FontFile("msyh.ttf"), FontFile("STHEITI.TTF"),
        FontFile("wqy-zenhei.ttc", 0),
    ),
}
# Where a role looks when none of its own candidates is installed.
ROLE_FALLBACK = {TITLE: HEI, FANGSONG: SONG}

BUNDLED_MAIN = FontFile("wqy-microhei.ttc", 0)
BUNDLED_RARE = (FontFile("HanaMinA.ttf"), FontFile("HanaMinB.ttf"))

# A system font must have these to count as a Chinese font.
_PROBE = "中文，。"


def bundled_dir() -> Path:
    return config.resources_dir() / "fonts"


def system_font_dirs() -> list[Path]:
    """The operating system's font directories, in search order."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        dirs = [windir / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        return dirs
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                home / "Library" / "Fonts"]
    return [home / ".local" / "share" / "fonts", home / ".fonts", Path("/usr/local/share/fonts"), Path("/usr/share/fonts")]


def env_font_dirs() -> list[Path]:
    value = os.environ.get(ENV_DIRS, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


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


_LOCK = threading.RLock()
_LOADED: dict[tuple[str, int], TTFont] = {}


def _load(path: Path, index: int, source: str) -> LoadedFont:
    """Loads and registers a TrueType face once per process (a file reached by two paths loads once). Raises
    TTFError / OSError when it cannot be used."""
    key = (str(path.resolve()), index)
    with _LOCK:
        font = _LOADED.get(key)
        if font is None:
            digest = hashlib.sha1(key[0].encode("utf-8")).hexdigest()[:8]
            font = _EmbeddableTTFont(f"OneStop-{Path(key[0]).stem}-{index}-{digest}", key[0], subfontIndex=index)
            if isinstance(font.face._ttf_data, bytes):
                font.face.__class__ = _SubsettingFace
            pdfmetrics.registerFont(font)
            _LOADED[key] = font
        return LoadedFont(font.fontName, path, index, source, font)


def _index_dirs(dirs: Iterable[Path]) -> dict[str, Path]:
    """Lower-case file name -> first path, walking each directory in order (sub-directories included)."""
    found: dict[str, Path] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for root, subdirs, files in os.walk(d):
            subdirs.sort()
            for f in sorted(files):
                low = f.lower()
                if low.endswith((".ttf", ".ttc")) and low not in found:
                    found[low] = Path(root) / f
    return found


@dataclass(frozen=True)
class Rejected:
    """A candidate system font that was found but cannot be used, and why (for diagnostics)."""

    path: str
    reason: str


class FontSet:
    """The fonts one process draws documents with. Thread-safe; fonts load lazily and only once per process."""

    def __init__(self, *, prefer_system: bool | None = None, search_dirs: Sequence[Path] | None = None,
                 bundled: Path | None = None):
        if prefer_system is None:
            prefer_system = os.environ.get(ENV_MODE, "").strip().lower() != "bundled"
        self.prefer_system = prefer_system
        self._search_dirs = list(search_dirs) if search_dirs is not None else env_font_dirs() + system_font_dirs()
        self._bundled_dir = bundled or bundled_dir()
        self._lock = threading.RLock()
        self._index: dict[str, Path] | None = None
        self._primary: dict[str, LoadedFont] = {}
        self._rare: list[LoadedFont] | None = None
        self._chains: dict[str, tuple[str, ...]] = {}
        self._by_name: dict[str, LoadedFont] = {}
        self._choice: dict[str, dict[str, str | None]] = {}  # role -> character -> font name
        self._primary_chars: dict[str, set[str]] = {}  # role -> characters known to be in its first font
        self.rejected: list[Rejected] = []

    # --- resolution -------------------------------------------------------------------------------------------
    def _bundled(self, ff: FontFile) -> LoadedFont:
        path = self._bundled_dir / ff.filename
        try:
            return self._remember(_load(path, ff.index, "bundled"))
        except (OSError, TTFError) as exc:
            raise FontUnavailable(path, str(exc)) from exc

    def _remember(self, lf: LoadedFont) -> LoadedFont:
        self._by_name[lf.name] = lf
        return lf

    def _find_system(self, role: str) -> LoadedFont | None:
        if self._index is None:
            self._index = _index_dirs(self._search_dirs)
        for ff in CANDIDATES.get(role, ()):
            path = self._index.get(ff.filename.lower())
            if path is None:
                continue
            try:
                lf = _load(path, ff.index, "system")
            except (OSError, TTFError) as exc:
                self.rejected.append(Rejected(str(path), str(exc)))
                continue
            if not all(ord(c) in lf.glyphs for c in _PROBE):
                self.rejected.append(Rejected(str(path), "no Chinese glyphs"))
                continue
            return self._remember(lf)
        return None

    def primary_font(self, role: str) -> LoadedFont:
        """The first font of a role's chain (see the module's search order)."""
        if role not in ROLES:
            raise ValueError(f"unknown font role {role!r}")
        with self._lock:
            lf = self._primary.get(role)
            if lf is None:
                if self.prefer_system:
                    lf = self._find_system(role)
                    if lf is None and role in ROLE_FALLBACK:
                        lf = self._find_system(ROLE_FALLBACK[role])
                if lf is None:
                    lf = self._bundled(BUNDLED_MAIN)
                self._primary[role] = lf
            return lf

    def primary(self, role: str) -> str:
        """The registered reportlab name of the role's first font."""
        return self.primary_font(role).name

    def _rare_fonts(self) -> list[LoadedFont]:
        with self._lock:
            if self._rare is None:
                self._rare = [self._bundled(ff) for ff in BUNDLED_RARE]
            return self._rare

    def chain(self, role: str) -> tuple[str, ...]:
        """Font names in fallback order for a role. The rare-character fonts load only when first needed."""
        with self._lock:
            chain = self._chains.get(role)
            if chain is None:
                names = [self.primary(role)]
                main = self._bundled(BUNDLED_MAIN).name
                if main not in names:
                    names.append(main)
                chain = tuple(names)
                self._chains[role] = chain
            return chain

    def font(self, name: str) -> LoadedFont:
        return self._by_name[name]

    def describe(self) -> dict[str, str]:
        """Role -> file of its first font, for a settings or diagnostics screen."""
        return {role: f"{self.primary_font(role).path}#{self.primary_font(role).index}" for role in ROLES}

    # --- per-character fallback -------------------------------------------------------------------------------
    def font_for(self, ch: str, role: str) -> str | None:
        """The first font in the role's chain with a glyph for ``ch``; None if no font has one."""
        choice = self._choice.get(role)
        if choice is None:
            choice = self._choice.setdefault(role, {})
        if ch in choice:
            return choice[ch]
        code = ord(ch)
        chosen = None
        for n in self.chain(role):
            if code in self._by_name[n].glyphs:
                chosen = n
                break
        if chosen is None:
            for lf in self._rare_fonts():
                if code in lf.glyphs:
                    chosen = lf.name
                    break
        choice[ch] = chosen
        if chosen is not None and chosen == self.chain(role)[0]:
            self._primary_chars.setdefault(role, {"\n"}).add(ch)
        return chosen

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Splits ``text`` into (font name, text) runs so that each character is drawn by a font that has it.

        Spaces and other characters without ink keep the font of the run they are in. Invisible format
        characters no font has (variation selectors, joiners) are dropped instead of printing as boxes; any
        other character no font has stays with the first font (it is reported by :meth:`missing`).
        """
        primary = self.chain(role)[0]
        known = self._primary_chars.get(role)
        if known is not None and known.issuperset(text):  # the common case: every character in the first font
            return [(primary, text)] if text else []
        out: list[tuple[str, str]] = []
        cur_font: str | None = None
        buf: list[str] = []
        choice = self._choice.get(role) or {}
        for ch in text:
            if ch in choice:
                name = choice[ch]
            else:
                name = self.font_for(ch, role) if ch != "\n" else (cur_font or primary)
            if ch == "\n":
                name = cur_font or primary
            if name is None:
                if _is_invisible(ch):
                    continue
                name = cur_font or primary
            elif ch.isspace() and cur_font is not None:
                name = cur_font
            if name != cur_font:
                if buf:
                    out.append((cur_font, "".join(buf)))
                buf = []
                cur_font = name
            buf.append(ch)
        if buf:
            out.append((cur_font, "".join(buf)))
        return out

    def missing(self, text: str, role: str = FANGSONG) -> set[str]:
        """Visible characters of ``text`` that no font in the chain (rare fonts included) can draw."""
        return {ch for ch in text if self.font_for(ch, role) is None and not _is_invisible(ch) and ch not in "\n\r\t"}

    def char_width(self, name: str, ch: str) -> float:
        """Advance width of ``ch`` in thousandths of an em."""
        lf = self._by_name[name]
        return lf.widths.get(ord(ch), lf.default_width)


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cf", "Mn", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


_DEFAULT: FontSet | None = None


def default_fonts() -> FontSet:
    """The process-wide font set (system fonts preferred unless ``ONESTOP_DOCUMENT_FONTS=bundled``)."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = FontSet()
        return _DEFAULT
