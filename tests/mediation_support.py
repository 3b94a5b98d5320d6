"""Helpers shared by the mediation, scheduling and agreement tests: staff and volunteer mediators, valid ID
numbers, and disputes registered through the real services."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from desktop.services import mediation
from desktop.services.admin import accounts, center
from desktop.services.mediation import PartyInput
from desktop.services.people import PersonInput

MONDAY = dt.date(2026, 11, 23)  # the Monday after the fixed clock's Friday (2026-11-20 10:00)
PASSWORD = "pass1234"


def id_number(n: int, birth: str = "19800101", region: str = "320505") -> str:
    """A valid resident ID number; ``n`` makes it unique (sequence digits)."""
    body = f"{region}{birth}{n % 1000:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = hhmm.split(":")
    return dt.datetime.combine(day, dt.time(int(h), int(m)))


def person(name: str, *, n: int | None = None, phone: str | None = None, village: str = "",
           address: str = "虎丘镇虎丘村") -> PersonInput:
    return PersonInput(name=name, id_number=id_number(n) if n is not None else None, phone=phone, village=village,
                       address=address)


def applicant(name: str, **kw) -> PartyInput:
    return PartyInput(side="applicant", person=person(name, **kw))


def respondent(name: str, **kw) -> PartyInput:
    return PartyInput(side="respondent", person=person(name, **kw))


def organisation(name: str, side: str = "respondent", **kw) -> PartyInput:
    kw.setdefault("org_legal_rep", "吴建")
    kw.setdefault("org_address", "虎丘镇工业园区1号")
    return PartyInput(side=side, kind="organisation", name=name, **kw)


@dataclass
class Setup:
    mediators: dict[str, int]  # username or volunteer name -> mediator id
    rooms: dict[str, int]  # room name -> id
    types: dict[str, int]  # dispute type name -> id


@functools.cache
def _password_hash() -> str:
    return accounts._hasher.hash(PASSWORD)


def setup_mediation(ctx) -> Setup:
    """Two staff mediators (mediator01 张国华, mediator02 郭秀英), a supervisor, a clerk, a director, and a
    volunteer mediator (王德顺 of 虎丘村调委会). The staff rows are written directly with one password hash
    computed once per test run (argon2 is slow on purpose); accounts are tested in test_accounts."""
    from desktop.models import User

    with ctx.uow() as uow:
        for username, name, role in [("mediator01", "张国华", "mediator"), ("mediator02", "郭秀英", "mediator"),
                                     ("supervisor", "林慧", "supervisor"), ("clerk01", "王芳", "clerk"),
                                     ("director", "陈立新", "director")]:
            uow.session.add(User(username=username, full_name=name, role=role, password_hash=_password_hash(),
                                 active=True, failed_logins=0, created_at=uow.now(),
                                 phone="13900000001" if username == "mediator01" else ""))
        uow.commit()
    volunteer = mediation.save_mediator(ctx.uow(), kind="volunteer", name="王德顺", organisation="虎丘村调委会",
                                        title="兼职调解员", phone="13800001111")
    roster = {m.name: m.id for m in mediation.list_mediators(ctx.uow())}
    mediators = {"mediator01": roster["张国华"], "mediator02": roster["郭秀英"], "王德顺": volunteer.id}
    rooms = {r.name: r.id for r in center.list_rooms(ctx.uow())}
    types = {t.name: t.id for t in center.list_dispute_types(ctx.uow())}
    return Setup(mediators, rooms, types)


def register(ctx, s: Setup, parties=None, *, mediators=("mediator01",), title="宅基地边界纠纷",
             type_name="邻里", **kw):
    parties = parties if parties is not None else [applicant("李明"), respondent("赵强")]
    return mediation.register_dispute(
        ctx.uow(), type_id=s.types[type_name], source=kw.pop("source", "application"), title=title,
        facts=kw.pop("facts", "双方因宅基地边界发生争执。"), matters=kw.pop("matters", "边界墙的位置。"),
        parties=parties, mediator_ids=[s.mediators[m] for m in mediators], **kw)


# ------------------------------------------------------------------ keyboard (UI tests)

MENU_BAR = ("&File", "&Language", "&Help")  # the main window's menus, above every area


def mnemonic_clashes(window, reserved=()) -> dict[str, list[str]]:
    """The Alt+letter keys that more than one visible control of ``window`` answers to: the mnemonics (the &
    of buttons, of labels with a buddy, of group boxes and tabs) and the Alt+letter shortcuts of its actions;
    ``reserved``: texts of controls around it (the main window's menus). Qt treats such keys as ambiguous
    and only moves the focus."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QWidget

    keys: dict[str, list[str]] = {}
    for text in reserved:
        translated = QCoreApplication.translate("MainWindow", text)
        keys.setdefault(QKeySequence.mnemonic(translated).toString().upper(), []).append(translated)

    def add(text: str, owner: str) -> None:
        seq = QKeySequence.mnemonic(text).toString()
        if seq:
            keys.setdefault(seq.upper(), []).append(owner)

    for w in [window, *window.findChildren(QWidget)]:
        if not w.isVisibleTo(window) and w is not window:
            continue
        if isinstance(w, QAbstractButton) or (isinstance(w, QLabel) and w.buddy() is not None):
            add(w.text(), w.text())
        elif isinstance(w, QGroupBox):
            add(w.title(), w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w.tabText(i), w.tabText(i))
        for action in w.actions():
            for seq in action.shortcuts():
                text = seq.toString()
                if text.upper().startswith("ALT+") and len(text) == 5:
                    keys.setdefault(text.upper(), []).append(f"shortcut {text}")
    return {k: v for k, v in keys.items() if len(v) > 1}


def interface_language(app, lang: str):
    """For a fixture: the interface in ``lang`` for one test, then English again."""
    from desktop.ui.i18n import install_translations

    install_translations(app, lang)
    yield lang
    install_translations(app, "en")
