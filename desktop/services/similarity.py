"""How alike two texts are: the Dice coefficient of their character trigrams, 0–100.

Petitions use it for repeats while registering (setting ``petition_similarity_percent``), the matter register
for a person's open matters like the one being registered (desktop.services.matters.similar). It lives here,
outside both packages, because petitions open their matter in the matter register."""

from __future__ import annotations

import re

NOT_TEXT = re.compile(r"[\W_]+")


def trigrams(text: str) -> set[str]:
    t = NOT_TEXT.sub("", (text or "").lower())
    if len(t) < 3:
        return {t} if t else set()
    return {t[i:i + 3] for i in range(len(t) - 2)}


def similarity(a: str, b: str) -> int:
    """How alike two contents are, 0–100: the Dice coefficient of their character trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0
    return round(200 * len(ta & tb) / (len(ta) + len(tb)))
