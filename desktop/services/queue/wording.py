"""What the hall says when a ticket is called, the way Chinese service halls read it.

The ticket's letter and digits are read one by one (A012 → 「A 零一二 号」: nobody hears "twelve" and
goes to the wrong window), the window's number is read as a number (17 → 「十七号窗口」), a service name as
it is written. The same wording feeds a speech engine (``CallWording.text``) and a recorded voice pack
(``CallWording.phrases``: the clips to play, in order). Pure functions: no Qt, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

DIGITS = "零一二三四五六七八九"
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
PLEASE, NUMBER, TO, WINDOW, HANDLE = "请", "号", "到", "窗口", "办理"
TEN, HUNDRED, THOUSAND = "十", "百", "千"
# Every phrase a recorded voice pack needs for any call (besides the letters the center's services use and,
# when calls name the service, the service names).
BASE_PHRASES: tuple[str, ...] = (PLEASE, NUMBER, TO, WINDOW, HANDLE, *DIGITS, TEN, HUNDRED, THOUSAND)


@dataclass(frozen=True)
class CallWording:
    text: str  # for a speech engine: 「请A零一二号，到十七号窗口办理」
    phrases: tuple[str, ...]  # for a voice pack: ("请", "A", "零", "一", "二", "号", "到", "十", "七", …)


def number_words(n: int) -> str:
    """A window number as Chinese says it: 3 → 三, 10 → 十, 17 → 十七, 20 → 二十, 105 → 一百零五,
    110 → 一百一十, 1000 → 一千 (0 to 9999)."""
    if not 0 <= n <= 9999:
        raise ValueError(f"window number out of range: {n}")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return TEN + (DIGITS[n % 10] if n % 10 else "")
    out = ""
    zero = False  # a zero waiting to be said before the next non-zero digit
    for value, unit in ((1000, THOUSAND), (100, HUNDRED), (10, TEN), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += DIGITS[0]
            zero = False
        out += DIGITS[digit] + unit
    return out


def ticket_words(number: str) -> tuple[str, ...]:
    """A ticket number said one sign at a time: "A012" → ("A", "零", "一", "二"). Letters stay letters
    (the engine or the pack says them the Chinese way); anything else is left out."""
    words = []
    for ch in number.strip().upper():
        if ch.isdigit() and ch.isascii():
            words.append(DIGITS[int(ch)])
        elif ch in LETTERS:
            words.append(ch)
    return tuple(words)


def call_wording(number: str, window_no: int, *, service_name: str = "") -> CallWording:
    """「请 A 零一二 号，到 十七 号 窗口 办理[ 户籍业务]」: the one wording of a call."""
    ticket = ticket_words(number)
    window = tuple(number_words(window_no))
    service = (service_name.strip(),) if service_name.strip() else ()
    phrases = (PLEASE, *ticket, NUMBER, TO, *window, NUMBER, WINDOW, HANDLE, *service)
    text = (PLEASE + "".join(ticket) + NUMBER + "，" + TO + "".join(window) + NUMBER + WINDOW + HANDLE
            + "".join(service))
    return CallWording(text=text, phrases=phrases)


def phrases_needed(letters: tuple[str, ...] | list[str], service_names: tuple[str, ...] | list[str] = ()
                   ) -> tuple[str, ...]:
    """The phrases a recorded pack must hold so every call of a center can be said: the base phrases, the
    letters its services use, and (when calls name the service) the service names."""
    seen: dict[str, None] = dict.fromkeys(BASE_PHRASES)
    for letter in sorted({x.strip().upper() for x in letters if x.strip()}):
        seen.setdefault(letter, None)
    for name in service_names:
        if name.strip():
            seen.setdefault(name.strip(), None)
    return tuple(seen)
