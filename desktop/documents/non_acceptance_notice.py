"""信访事项不予受理告知书: tells the petitioner in writing that the matter is not accepted, why, and which legal
route to take instead (a matter for litigation, arbitration or administrative review goes there; a matter
already concluded after 复核 is not accepted again on the same facts and reasons)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FontSet
from desktop.documents.layout import Kit
from desktop.documents.petition_notice import notice_story, render_notice

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
    decision = [kit.p(f"经审查，{_clause(n.reason)}。根据《信访工作条例》的有关规定，本机关决定不予受理。")]
    if n.channel:
        decision.append(kit.p(f"建议你（们）{_clause(n.channel)}。"))
    return notice_story(n, kit, TITLE, decision)


def render_non_acceptance_notice(n: NonAcceptanceNotice, *, fonts: FontSet | None = None) -> bytes:
    validate(n)
    return render_notice(n, story, title=TITLE, document=DOCUMENT, fonts=fonts)
