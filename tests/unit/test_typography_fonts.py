"""The font resolver's search order, the bundled fonts and the ToUnicode fix for characters beyond the BMP."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.documents import fonts as F
from desktop.documents.fonts import FANGSONG, HEI, SONG, TITLE, FontSet, to_unicode_cmap

BUNDLED = F.bundled_dir()
HANA_A = BUNDLED / "HanaMinA.ttf"  # TrueType with Chinese glyphs: stands in for an installed 仿宋
HANA_B = BUNDLED / "HanaMinB.ttf"  # TrueType without basic Chinese (Extension B onwards only)
NOTO_CFF = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def test_bundled_fonts_and_licences_are_present():
    for name in ("wqy-microhei.ttc", "HanaMinA.ttf", "HanaMinB.ttf", "LICENSE-wqy-microhei.txt", "LICENSE-hanazono.txt",
                 "README.md"):
        assert (BUNDLED / name).is_file(), name


def test_bundled_mode_uses_the_bundled_font_for_every_role():
    fs = FontSet(prefer_system=False)
    for role in (TITLE, FANGSONG, SONG, HEI):
        lf = fs.primary_font(role)
        assert lf.source == "bundled" and lf.path.name == "wqy-microhei.ttc"


def test_environment_forces_bundled_mode(monkeypatch):
    monkeypatch.setenv(F.ENV_MODE, "bundled")
    assert FontSet().prefer_system is False
    monkeypatch.setenv(F.ENV_MODE, "system")
    assert FontSet().prefer_system is True


def _link(directory: Path, name: str, target: Path) -> Path:
    path = directory / name
    os.symlink(target, path)
    return path


def test_installed_fangsong_is_preferred(tmp_path):
    link = _link(tmp_path, "SIMFANG.TTF", HANA_A)  # matched case-insensitively, like on Windows
    fs = FontSet(prefer_system=True, search_dirs=[tmp_path])
    lf = fs.primary_font(FANGSONG)
    assert lf.source == "system" and lf.path == link
    # the chain still ends in the bundled font, and rare characters still find a glyph
    assert fs.chain(FANGSONG) == (lf.name, FontSet(prefer_system=False).primary(FANGSONG))
    assert fs.missing("陈𠮷林") == set()


def test_search_order_within_a_role(tmp_path):
    _link(tmp_path, "simfang.ttf", HANA_A)
    first = _link(tmp_path, "仿宋_GB2312.ttf", HANA_A)  # listed before simfang.ttf in CANDIDATES
    assert FontSet(search_dirs=[tmp_path]).primary_font(FANGSONG).path == first


def test_first_directory_wins(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    _link(b, "simhei.ttf", HANA_A)
    in_a = _link(a, "simhei.ttf", HANA_A)
    assert FontSet(search_dirs=[a, b]).primary_font(HEI).path == in_a


def test_environment_directories_come_first(tmp_path, monkeypatch):
    _link(tmp_path, "simsun.ttc", HANA_A)
    monkeypatch.setenv(F.ENV_DIRS, str(tmp_path))
    assert str(tmp_path) == str(F.env_font_dirs()[0])
    fs = FontSet(prefer_system=True)
    assert fs.primary_font(SONG).path.parent == tmp_path


def test_role_falls_back_to_its_related_role(tmp_path):
    song = _link(tmp_path, "simsun.ttc", HANA_A)
    hei = _link(tmp_path, "simhei.ttf", HANA_A)
    fs = FontSet(search_dirs=[tmp_path])
    assert fs.primary_font(FANGSONG).path == song  # no 仿宋 installed: 宋体
    assert fs.primary_font(TITLE).path == hei  # no 小标宋 installed: 黑体


def test_unusable_files_are_rejected_with_a_reason(tmp_path):
    (tmp_path / "simfang.ttf").write_bytes(b"this is not a font")
    _link(tmp_path, "FZFSK.TTF", HANA_B)  # TrueType, but no basic Chinese glyphs
    fs = FontSet(search_dirs=[tmp_path])
    assert fs.primary_font(FANGSONG).source == "bundled"
    reasons = {Path(r.path).name: r.reason for r in fs.rejected}
    assert "simfang.ttf" in reasons
    assert reasons["FZFSK.TTF"] == "no Chinese glyphs"


@pytest.mark.skipif(not NOTO_CFF.exists(), reason="no Noto CJK (CFF outlines) installed here")
def test_cff_fonts_are_rejected(tmp_path):
    _link(tmp_path, "simhei.ttf", NOTO_CFF)
    fs = FontSet(search_dirs=[tmp_path])
    assert fs.primary_font(HEI).source == "bundled"
    assert any("postscript outlines" in r.reason for r in fs.rejected)


def test_to_unicode_map_writes_surrogate_pairs_beyond_the_bmp():
    cmap = to_unicode_cmap("AAAAAA+X", [0x20, 0x4E2D, 0x20BB7])
    assert "<00> <0020>" in cmap
    assert "<01> <4E2D>" in cmap
    assert "<02> <D842DFB7>" in cmap  # 𠮷 as UTF-16BE; reportlab alone writes <20BB7>
