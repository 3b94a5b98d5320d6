"""The key as a recovery sheet prints it (14 groups of base32 with a checksum) and reading it back when
it is typed on another PC."""

from __future__ import annotations

import base64
import binascii
import hashlib

from desktop.crypto.errors import BadKeyText
from desktop.crypto.key import KEY_BYTES, DataKey

# base32 of key + 3 checksum bytes = 56 characters, printed in 14 groups of 4
CHECKSUM_BYTES = 3
GROUP = 4


def recovery_text(key: DataKey) -> str:
    """The key as typed from a recovery sheet: base32 of the key and a 3-byte checksum, in groups of four."""
    payload = key.master + hashlib.sha256(key.master).digest()[:CHECKSUM_BYTES]
    text = base64.b32encode(payload).decode("ascii")
    return " ".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def recovery_lines(key: DataKey, per_line: int = 7) -> list[str]:
    groups = recovery_text(key).split()
    return [" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line)]


# characters people type for the ones base32 uses (it has no 0, 1, 8 or 9)
_TYPOS = str.maketrans({"0": "O", "1": "I", "8": "B"})


def parse_recovery_text(text: str) -> DataKey:
    """A key typed from a recovery sheet (spaces, dashes and case do not matter; 0, 1 and 8 are read as
    O, I and B). Raises BadKeyText: "length", "characters" or "checksum" (a typing mistake)."""
    compact = "".join(ch for ch in (text or "") if not ch.isspace() and ch not in "-_.").upper().translate(_TYPOS)
    expected = len(base64.b32encode(b"\0" * (KEY_BYTES + CHECKSUM_BYTES)))
    if len(compact) != expected:
        raise BadKeyText("length")
    try:
        payload = base64.b32decode(compact)
    except (binascii.Error, ValueError):
        raise BadKeyText("characters") from None
    master, check = payload[:KEY_BYTES], payload[KEY_BYTES:]
    if hashlib.sha256(master).digest()[:CHECKSUM_BYTES] != check:
        raise BadKeyText("checksum")
    return DataKey(master)
