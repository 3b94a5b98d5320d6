"""禁则 (kinsoku): which characters may not start or end a line, and where a line may break at all."""

from __future__ import annotations

# Characters that must not begin a line (GB/T 15834-2011 §5.1.x; 中文排版需求 "行首禁则").
CANNOT_START = frozenset(
    "，。、；：！？）》」』”’…—―〕】〉｝］〗〙〛｠〞"
    ",.;:!?)]}%％‰℃°·・～〜‥々〻ヽヾゝゞ"
)
# Characters that must not end a line ("行尾禁则"): opening brackets and quotes, currency and number signs.
CANNOT_END = frozenset("（《「『“‘〔【〈｛［〖〘〚｟〝([{￥¥＄$#＃@＠§№")


def is_cjk(ch: str) -> bool:
    """Characters between which a line may break (ideographs, kana, hangul, CJK and full-width punctuation)."""
    c = ord(ch)
    return (
        0x2E80 <= c <= 0x9FFF or 0xAC00 <= c <= 0xD7AF or 0xF900 <= c <= 0xFAFF or 0xFE30 <= c <= 0xFE4F
        or 0xFF00 <= c <= 0xFFEF or 0x20000 <= c <= 0x3FFFF or c in (0x2014, 0x2015, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D)
    )


# per character: (is CJK, cannot start a line, cannot end a line); filled as characters are met
CLASSES: dict[str, tuple[bool, bool, bool]] = {}


def classify(ch: str) -> tuple[bool, bool, bool]:
    c = CLASSES.get(ch)
    if c is None:
        c = CLASSES[ch] = (is_cjk(ch), ch in CANNOT_START, ch in CANNOT_END)
    return c


def may_break_between(prev: str, ch: str) -> bool:
    """Whether a line may end after ``prev`` when ``ch`` follows (spaces aside)."""
    p_cjk, _, p_no_end = classify(prev)
    c_cjk, c_no_start, _ = classify(ch)
    if c_no_start or p_no_end:
        return False
    return p_cjk or c_cjk
