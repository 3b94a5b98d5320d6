"""信访事项受理告知书: tells the petitioner in writing that the matter is accepted, who handles it and by when it
will be concluded (《信访工作条例》: written notice within 15 days; conclusion within 60 days of acceptance,
extendable by at most 30 days with the reasons given)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.platypus.flowables import Flowable

from desktop.documents.common import Check, cn_date
from desktop.documents.errors import InvalidData
from desktop.documents.fonts import FontSet
from desktop.documents.layout import Kit
from desktop.documents.matter_code import code_mark
from desktop.documents.petition_notice import notice_story, render_notice

DOCUMENT = "acceptance_notice"
TITLE = "信访事项受理告知书"


@dataclass(frozen=True)
class AcceptanceNotice:
    """Fields: ``office`` (the body that accepts and signs), ``document_no`` (虎信受告〔2026〕34号),
    ``petitioner_name`` (as addressed; 「张三等12人」 for several), ``received_on`` (when the matter was registered),
    ``summary`` (the matter in brief), ``accepted_on``, ``handling_body`` (承办单位), ``conclude_by`` (60 days after
    acceptance, computed by the petition service), ``issued_on``; optional ``registration_no`` (the case number)
    and ``contact`` (联系人及电话)."""

    office: str
    document_no: str
    petitioner_name: str
    received_on: date
    summary: str
    accepted_on: date
    handling_body: str
    conclude_by: date
    issued_on: date
    registration_no: str | None = None
    contact: str | None = None
    matter_code: str = ""


def validate(n: AcceptanceNotice) -> None:
    Check(DOCUMENT).require(n, "office", "document_no", "petitioner_name", "received_on", "summary", "accepted_on",
                            "handling_body", "conclude_by", "issued_on").done()
    if n.accepted_on < n.received_on:
        raise InvalidData(field="accepted_on", reason="order", document=DOCUMENT)
    if n.conclude_by < n.accepted_on:
        raise InvalidData(field="conclude_by", reason="order", document=DOCUMENT)


def toc_entry(n: AcceptanceNotice):
    return TITLE, n.document_no, n.office, n.issued_on


def story(n: AcceptanceNotice, kit: Kit) -> list[Flowable]:
    return code_mark(n.matter_code, kit.fonts) + notice_story(n, kit, TITLE, [
        kit.p(f"经审查，该信访事项符合受理条件，本机关于{cn_date(n.accepted_on)}决定予以受理，"
              f"并交由{n.handling_body}办理。"),
        kit.p("根据《信访工作条例》的规定，信访事项应当自受理之日起60日内办结；情况复杂的，经本机关负责人批准，"
              "可以适当延长办理期限，但延长期限不得超过30日，并告知延期理由。"
              f"本事项预计于{cn_date(n.conclude_by)}前办结，办理结果将书面答复你（们）。"),
    ])


def render_acceptance_notice(n: AcceptanceNotice, *, fonts: FontSet | None = None) -> bytes:
    validate(n)
    return render_notice(n, story, title=TITLE, document=DOCUMENT, fonts=fonts)
