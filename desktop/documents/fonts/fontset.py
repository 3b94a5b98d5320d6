"""The font set documents draw with: each role's chain of fonts and the per-character fallback along it."""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFError

from desktop.documents.fonts.files import (
    BUNDLED_MAIN,
    BUNDLED_RARE,
    CANDIDATES,
    ENV_MODE,
    FANGSONG,
    PROBE,
    ROLE_FALLBACK,
    ROLES,
    FontFile,
    bundled_dir,
    env_font_dirs,
    index_dirs,
    system_font_dirs,
)
from desktop.documents.fonts.loading import LOCK, FontUnavailable, LoadedFont, load


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
            return self._remember(load(path, ff.index, "bundled"))
        except (OSError, TTFError) as exc:
            raise FontUnavailable(path, str(exc)) from exc

    def _remember(self, lf: LoadedFont) -> LoadedFont:
        self._by_name[lf.name] = lf
        return lf

    def _find_system(self, role: str) -> LoadedFont | None:
        if self._index is None:
            self._index = index_dirs(self._search_dirs)
        for ff in CANDIDATES.get(role, ()):
            path = self._index.get(ff.filename.lower())
            if path is None:
                continue
            try:
                lf = load(path, ff.index, "system")
            except (OSError, TTFError) as exc:
                self.rejected.append(Rejected(str(path), str(exc)))
                continue
            if not all(ord(c) in lf.glyphs for c in PROBE):
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
    with LOCK:
        if _DEFAULT is None:
            _DEFAULT = FontSet()
        return _DEFAULT
