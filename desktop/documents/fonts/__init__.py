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

Modules, lowest first: files (roles, candidate and bundled files, directories), loading (loading and embedding
a face), fontset (FontSet and the process-wide default). Import the names below from the package.
"""

from desktop.documents.fonts.files import (
    BUNDLED_MAIN,
    BUNDLED_RARE,
    CANDIDATES,
    ENV_DIRS,
    ENV_MODE,
    FANGSONG,
    HEI,
    ROLE_FALLBACK,
    ROLES,
    SONG,
    TITLE,
    FontFile,
    bundled_dir,
    env_font_dirs,
    system_font_dirs,
)
from desktop.documents.fonts.fontset import FontSet, Rejected, default_fonts
from desktop.documents.fonts.loading import FontUnavailable, LoadedFont, to_unicode_cmap

__all__ = [
    "BUNDLED_MAIN", "BUNDLED_RARE", "CANDIDATES", "ENV_DIRS", "ENV_MODE", "FANGSONG", "HEI", "ROLES", "ROLE_FALLBACK",
    "SONG", "TITLE", "FontFile", "FontSet", "FontUnavailable", "LoadedFont", "Rejected", "bundled_dir",
    "default_fonts", "env_font_dirs", "system_font_dirs", "to_unicode_cmap",
]
