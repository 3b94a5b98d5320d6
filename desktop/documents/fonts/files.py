"""Which font files documents use: the roles, each role's candidate system files, the bundled files and the
directories searched (see the package documentation for the search order)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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
PROBE = "中文，。"


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


def index_dirs(dirs: Iterable[Path]) -> dict[str, Path]:
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
