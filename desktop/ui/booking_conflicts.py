"""What keeps a room booking from being made or moved, in words: the sessions in its way with everything each
keeps busy (the booking dialog, and the dispute messages), and the one-line reason of a refused drag on the
schedule's calendar. The texts keep the translation context of the mediation messages ("MediationMessages")."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from desktop.ui.mediation_labels import fmt_hm, weekday
from desktop.ui.text import translator

_t = translator("MediationMessages")


def busy_lines(conflicts) -> list[str]:
    """One line per session in the way, naming everything it keeps busy: "12-14（周一）16:00–16:45 已有安排
    （（2026）虎调字第116号，人民调解室一）：调解室、调解员张国华、当事人吴桂兰、钱志强"."""
    groups: dict[int, list] = {}
    for b in conflicts:
        groups.setdefault(b.booking_id, []).append(b)
    out = []
    for items in groups.values():
        first = items[0]
        who = []
        if any(b.kind == "room" for b in items):
            who.append(_t(QT_TRANSLATE_NOOP("MediationMessages", "the room")))
        for kind, text in (("mediator", QT_TRANSLATE_NOOP("MediationMessages", "mediator %1")),
                           ("party", QT_TRANSLATE_NOOP("MediationMessages", "party %1"))):
            names = list(dict.fromkeys(b.name for b in items if b.kind == kind))
            if names:
                who.append(_t(text).replace("%1", "、".join(names)))
        when = f"{first.start.month}-{first.start.day:02d}（{weekday(first.start.date())}）" \
               f"{fmt_hm(first.start)}–{fmt_hm(first.end)}"
        out.append(_t(QT_TRANSLATE_NOOP("MediationMessages", "%1 is taken by case %2 in %3: %4.")).replace(
            "%1", when).replace("%2", first.case_no).replace("%3", first.room_name).replace(
            "%4", _t(QT_TRANSLATE_NOOP("MediationMessages", ", ")).join(who)))
    return out


def busy_short(b) -> str:
    """"Mediator 张国华: 10:30–12:00, 虎调字第088号 (警民联调室)" — for the calendar's drag explanation."""
    kinds = {"room": QT_TRANSLATE_NOOP("MediationMessages", "Room %1"),
             "mediator": QT_TRANSLATE_NOOP("MediationMessages", "Mediator %1"),
             "party": QT_TRANSLATE_NOOP("MediationMessages", "Party %1")}
    who = _t(kinds[b.kind]).replace("%1", b.name)
    return _t(QT_TRANSLATE_NOOP("MediationMessages", "%1 busy %2–%3 (%4, %5)")).replace("%1", who).replace(
        "%2", fmt_hm(b.start)).replace("%3", fmt_hm(b.end)).replace("%4", b.case_no.split("）")[-1]).replace(
        "%5", b.room_name)
