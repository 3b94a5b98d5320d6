"""信访事项不予受理告知书: tells the petitioner in writing that the matter is not accepted, why, and which legal
route to take instead (a matter for litigation, arbitration or administrative review goes there; a matter
already concluded after 复核 is not accepted again on the same facts and reasons)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, cn_date
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FontSet, default_fonts
from desktop.documents.layout import Kit, Section, render_document

DOCUMENT = "non_acceptance_notice"
TITLE = "信访事项不予受理告知书"


@dataclass(frozen=True)
class NonAcceptanceNotice:
    """Fields: ``office``, ``document_no``, ``petitioner_name``, ``received_on``, ``summary`` as for the
    acceptance notice; ``reason``: why it is not accepted, as a clause that follows 「经审查，」 (e.g.
    「该事项属于劳动争议，依法应当通过劳动人事争议仲裁途径解决」); ``channel``: what the petitioner should do
    instead, as a clause that follows 「建议你（们）」 (None if there is none); ``issued_on``; optional
    ``registration_no`` and ``contact``."""

    office: str
    document_no: str
    petitioner_name: str
    received_on: date
    summary: str
    reason: str
    issued_on: date
    channel: str | None = None
    registration_no: str | None = None
    contact: str | None = None


def validate(n: NonAcceptanceNotice) -> None:
    Check(DOCUMENT).require(n, "office", "document_no", "petitioner_name", "received_on", "summary", "reason",
                            "issued_on").done()
    if n.issued_on < n.received_on:
        raise InvalidData(field="issued_on", reason="order", document=DOCUMENT)


def toc_entry(n: NonAcceptanceNotice):
    return TITLE, n.document_no, n.office, n.issued_on


def _clause(text: str) -> str:
    return text.strip().rstrip("。；;，,")


def story(n: NonAcceptanceNotice, kit: Kit) -> list[Flowable]:
    reg = f"（登记编号：{n.registration_no}）" if n.registration_no else ""
    out: list[Flowable] = [
        kit.title(TITLE),
        kit.number_line(n.document_no),
        kit.salutation(n.petitioner_name),
        kit.p(f"你（们）于{cn_date(n.received_on)}提出的信访事项{reg}已收悉。你（们）反映的主要问题是：{n.summary}"),
        kit.p(f"经审查，{_clause(n.reason)}。根据《信访工作条例》的有关规定，本机关决定不予受理。"),
    ]
    if n.channel:
        out.append(kit.p(f"建议你（们）{_clause(n.channel)}。"))
    if n.contact:
        out.append(kit.p(f"联系人及电话：{n.contact}"))
    out.append(kit.sign_off(n.office, n.issued_on, keep=[kit.p("特此告知。")]))
    return out


def render_non_acceptance_notice(n: NonAcceptanceNotice, *, fonts: FontSet | None = None) -> bytes:
    validate(n)
    fonts = fonts or default_fonts()
    return render_document(story(n, Kit(fonts)), title=TITLE, created_at=n.issued_on, fonts=fonts,
                           section=Section(DOCUMENT), subject=n.document_no, author=n.office)
