"""What the written notices to a petitioner (受理告知书, 不予受理告知书) share: the opening that names the
matter and the petitioner, the contact line, the sign-off, and the rendering. Each notice writes its own
decision between them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from reportlab.platypus.flowables import Flowable

from desktop.documents.common import cn_date
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.layout import Kit, Section, render_document


class Notice(Protocol):
    office: str
    document_no: str
    petitioner_name: str
    received_on: object
    summary: str
    issued_on: object
    registration_no: str | None
    contact: str | None


def notice_story(n: Notice, kit: Kit, title: str, decision: list[Flowable]) -> list[Flowable]:
    """The notice from its title to the signature, with ``decision`` (the body's paragraphs) in between."""
    reg = f"（登记编号：{n.registration_no}）" if n.registration_no else ""
    out: list[Flowable] = [
        kit.title(title),
        kit.number_line(n.document_no),
        kit.salutation(n.petitioner_name),
        kit.p(f"你（们）于{cn_date(n.received_on)}提出的信访事项{reg}已收悉。你（们）反映的主要问题是：{n.summary}"),
        *decision,
    ]
    if n.contact:
        out.append(kit.p(f"联系人及电话：{n.contact}"))
    out.append(kit.sign_off(n.office, n.issued_on, keep=[kit.p("特此告知。")]))
    return out


def render_notice(n: Notice, story: Callable[[Notice, Kit], list[Flowable]], *, title: str, document: str,
                  fonts: FontSet | None = None) -> bytes:
    fonts = fonts or default_fonts()
    return render_document(story(n, Kit(fonts)), title=title, created_at=n.issued_on, fonts=fonts,
                           section=Section(document), subject=n.document_no, author=n.office)
