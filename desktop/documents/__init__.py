"""reportlab: fonts, styles, and one module per document.

Each document module defines its DTOs (frozen dataclasses, documented field by field) and
``render_<document>(dto, *, fonts=None) -> bytes``. A DTO missing what the document needs raises
:class:`~desktop.documents.errors.MissingData` naming every missing field before anything is drawn; an impossible
value raises :class:`~desktop.documents.errors.InvalidData`. Same DTO, same bytes (the PDF's creation date is the
document's own date). No database access and no Qt here.

- ``fonts``: bundled fonts, the system-font resolver (search order documented there), per-character fallback
- ``typography``: Chinese paragraphs with 禁则 line breaking and justification
- ``tables``: ruled tables that split cleanly across pages with repeated headers
- ``layout``: GB/T 9704 page geometry, styles, «第 X 页 共 Y 页», the PDF builder
- documents: ``ticket``, ``petition_receipt``, ``acceptance_notice``, ``non_acceptance_notice``, ``reply_opinion``,
  ``dispute_registration``, ``mediation_record``, ``mediation_agreement``, ``follow_up_record``, ``room_schedule``
- ``matter_code``: the matter code (一案一码) as text and QR code, shared by every document that prints it
- ``route_map``: the matter's 事项路线图, a section of the case file
- ``case_file``: the 卷宗 (cover, 卷内目录, documents, route map, attachments) with its SHA-256
- ``specimens``: realistic example DTOs (样张) for test prints, samples, benchmarks and tests
"""
