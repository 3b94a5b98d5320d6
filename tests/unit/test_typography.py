"""Line breaking with 禁则 and per-character font fallback (no PDF needed except where said)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.documents.fonts import FANGSONG, FontSet
from desktop.documents.typography import (
    CANNOT_END,
    CANNOT_START,
    Para,
    ParaStyle,
    Span,
    break_lines,
    items_of,
    tokenize,
)

SIZE = 10.0
STYLE = ParaStyle(role=FANGSONG, size=SIZE, leading=15, align="justify")
CLOSING = "，。、；：！？）》」』”’…—"
OPENING = "（《「『“‘"


@pytest.fixture(scope="module")
def fonts():
    return FontSet(prefer_system=False)


def lines_of(text: str, chars_per_line: int, fonts: FontSet, style: ParaStyle = STYLE) -> list[str]:
    """Breaks ``text`` for a line exactly ``chars_per_line`` full-width characters wide."""
    tokens = tokenize(items_of(text, style, fonts))
    return [ln.text for ln in break_lines(tokens, chars_per_line * style.size, tracking=style.tracking)]


@pytest.mark.parametrize("mark", list(CLOSING))
def test_closing_mark_never_starts_a_line(fonts, mark):
    # Ten characters fill the first line exactly, so a plain break would put the mark first on line two.
    text = "甲乙丙丁戊己庚辛壬癸" + mark + "子丑寅卯辰"
    lines = lines_of(text, 10, fonts)
    assert len(lines) == 2
    assert lines[1][0] not in CANNOT_START
    assert lines[1].startswith("癸" + mark)  # the character before moves down with it (推出)
    assert "".join(lines) == text


def test_double_ellipsis_and_dash_stay_whole_and_off_the_line_start(fonts):
    for pair in ("……", "——"):
        text = "甲乙丙丁戊己庚辛壬" + pair + "子丑寅"  # the pair would straddle the break
        lines = lines_of(text, 10, fonts)
        assert all(pair in ln or pair[0] not in ln for ln in lines)
        assert all(ln[0] not in CANNOT_START for ln in lines)
        assert "".join(lines) == text


@pytest.mark.parametrize("mark", list(OPENING))
def test_opening_mark_never_ends_a_line(fonts, mark):
    # The mark is the tenth character: a plain break would leave it at the end of line one.
    text = "甲乙丙丁戊己庚辛壬" + mark + "子丑寅卯辰"
    lines = lines_of(text, 10, fonts)
    assert lines[0][-1] not in CANNOT_END
    assert lines[1].startswith(mark + "子")
    assert "".join(lines) == text


def test_closing_mark_after_latin_word_moves_with_it(fonts):
    # 「（2026）」 behaves as one unit: the bracket cannot start the line, the number cannot be split.
    text = "甲乙丙丁戊己庚辛（2026）虎调字第012号"
    lines = lines_of(text, 10, fonts)
    assert all(ln[0] not in CANNOT_START and ln[-1] not in CANNOT_END for ln in lines)
    assert any("（2026）" in ln for ln in lines)


def test_latin_words_break_at_spaces_only(fonts):
    text = "please call extension 8123 today"
    for ln in lines_of(text, 8, fonts):
        for word in ln.split():
            assert word in text.split()


def test_word_longer_than_the_line_is_split_and_nothing_is_lost(fonts):
    url = "https://hushan.example.gov.cn/xf?code=HX7K29QD"
    lines = lines_of(url, 6, fonts)
    assert len(lines) > 1
    assert "".join(lines) == url


def test_forced_line_break_and_blank_line(fonts):
    assert lines_of("甲乙\n丙\n\n丁", 10, fonts) == ["甲乙", "丙", "", "丁"]


def test_rare_characters_get_a_font_that_has_them(fonts):
    runs = fonts.runs("陈𠮷林与李䶮", FANGSONG)
    assert "".join(t for _, t in runs) == "陈𠮷林与李䶮"
    by_char = {t: f for f, t in runs}
    main = fonts.chain(FANGSONG)[0]
    assert by_char["𠮷"] != main and by_char["䶮"] != main
    for ch in "𠮷䶮":
        font = next(f for f, t in runs if ch in t)
        assert ord(ch) in fonts.font(font).glyphs
    assert fonts.missing("陈𠮷林与李䶮𬌗") == set()


def test_invisible_selectors_are_dropped_not_boxed(fonts):
    text = "葛\U000E0100藤"  # an ideographic variation selector no bundled font maps
    runs = fonts.runs(text, FANGSONG)
    assert "".join(t for _, t in runs) == "葛藤"


def test_spans_keep_their_face(fonts):
    items = items_of([Span("申请人：", role="hei"), Span("张三")], STYLE, fonts)
    assert [it.ch for it in items] == list("申请人：张三")
    assert {it.font for it in items[:4]} == {fonts.chain("hei")[0]}


def test_paragraph_splits_between_lines_and_keeps_every_character(fonts):
    text = "经查明，" + "双方因宅基地边界问题发生纠纷，" * 20 + "特此说明。"
    para = Para(text, STYLE.derive(indent_chars=2), fonts)
    width = 20 * SIZE
    total = len(para.lines(width))
    head, tail = para.split(width, 5 * STYLE.leading + 1)
    assert len(head.lines(width)) == 5
    assert len(tail.lines(width)) == total - 5
    assert head.text + tail.text == text
    assert tail.first_indent == 0 and head.first_indent == 2 * SIZE
    assert para.split(width, STYLE.leading - 1) == []


_ALPHABET = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏" + "abc123"
_PIECES = st.one_of(
    st.text(alphabet=_ALPHABET, min_size=1, max_size=6),
    st.sampled_from(list(CLOSING) + ["……", "——", "（", "《", "“", "”", " "]),
)


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=1, max_size=40), chars=st.integers(min_value=6, max_value=30))
def test_break_invariants(fonts, pieces, chars):
    # No two marks in a row and no mark run longer than the line: the rules can then always be honoured.
    text = ""
    for p in pieces:
        if text and (text[-1] in CLOSING + "（《“”" or text[-1] == " ") and (p[0] in CLOSING + "（《“” "):
            continue
        text += p
    text = text.strip() or "天"
    style = STYLE
    tokens = tokenize(items_of(text, style, fonts))
    lines = break_lines(tokens, chars * SIZE, tracking=style.tracking)
    assert "".join(ln.text for ln in lines).replace(" ", "") == text.replace(" ", "")
    for i, ln in enumerate(lines):
        if not ln.text:
            continue
        assert ln.width <= chars * SIZE + 1e-6 or len(ln.items) == 1
        if i > 0:
            assert ln.text[0] not in CANNOT_START, (lines[i - 1].text, ln.text)
        if i < len(lines) - 1:
            assert ln.text.rstrip()[-1] not in CANNOT_END, (ln.text, lines[i + 1].text)
