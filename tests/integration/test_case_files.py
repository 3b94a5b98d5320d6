"""Case files (卷宗) stored as versioned records, on both databases: finalising stores the bytes with their
SHA-256, the stored file is what is opened again, a new version is a new record, open cases are refused, the
SHA-256 is checked on read, and the batch export writes one PDF per case plus a manifest, with cancel."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import itertools

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from desktop.models import CaseFileVersion
from desktop.services import case_files as cf
from desktop.services import mediation
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.errors import Invalid, PermissionDenied
from tests.integration.test_petition_helpers import advance, make_staff, petitioner, register
from tests.mediation_support import applicant, respondent
from tests.unit.test_documents import assert_fonts_embedded, needs_poppler, pdf_pages, squeeze
from tests.unit.test_documents_case_file import volume_number


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


_NEXT = itertools.count(1)
NAMES = ("周建华", "吴秀兰", "郑国强", "孙丽娟", "马志刚", "朱红梅")


def closed_petition(staff, clock, *, people=None, content: str = "村东头工厂夜间噪音扰民，多次反映未解决",
                    attachments=None):
    """A petition taken through all six steps (接转见办结访), closed today; a different petitioner each time."""
    n = next(_NEXT)
    people = people or [petitioner(NAMES[n % len(NAMES)], seq=200 + n, phone=f"1390000{n:04d}", village=f"{n}号村")]
    case = register(staff.clerk, staff, people=people, content=content, attachments=attachments or [])
    advance(staff, case.id, "closed")
    return case


def close_dispute(ctx, title: str, *, close: bool = True, n: int = 1):
    """A dispute registered by the system actor and, with ``close``, ended as 调解不成 today."""
    types = {t.name: t.id for t in center.list_dispute_types(ctx.uow())}
    mediators = [m.id for m in mediation.list_mediators(ctx.uow()) if m.kind == "staff"]
    d = mediation.register_dispute(
        ctx.uow(), type_id=types["邻里"], source="application", title=title, facts="双方因通道使用发生争执。",
        matters="通道是否可以通行。", mediator_ids=mediators[:1],
        parties=[applicant("李明", n=n), respondent("赵强", n=None if n is None else n + 1)])
    if close:
        mediation.close_dispute(ctx.uow(), dispute_id=d.id, outcome="failed", note="双方分歧较大，调解不成")
    return d


def test_finalise_stores_the_bytes_with_their_sha256_and_opening_returns_them_unchanged(staff, clock):
    case = closed_petition(staff, clock, attachments=[pt.AttachmentInput("现场照片.jpg", b"\xff\xd8 not a pdf")])
    assert cf.list_case_file_versions(staff.officer.uow(), case_kind="petition", case_id=case.id) == ()
    info = cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    assert (info.version_no, info.case_no, info.finalised_by, info.reason) == (1, case.case_no, "赵强", "")
    stored = cf.open_case_file(staff.clerk.uow(), case_kind="petition", case_id=case.id)
    assert hashlib.sha256(stored.data).hexdigest() == info.sha256 == stored.info.sha256
    assert len(stored.data) == info.size and len(PdfReader(io.BytesIO(stored.data)).pages) == info.pages
    clock.advance(days=3)  # opening later neither rebuilds nor changes a byte (the 立卷日期 would differ)
    again = cf.open_case_file(staff.clerk.uow(), case_kind="petition", case_id=case.id)
    assert again.data == stored.data and again.info == stored.info
    with pytest.raises(cf.CaseFileExists) as err:
        cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    assert err.value.version_no == 1


@needs_poppler
def test_case_file_reads_back_with_case_number_parties_contents_and_embedded_fonts(staff, clock):
    case = closed_petition(staff, clock, people=[petitioner("张三"), petitioner("李四", seq=456)])
    cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    data = cf.open_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id).data
    pages = pdf_pages(data)
    cover = squeeze(pages[0])
    assert "信访事项案卷" in cover and squeeze(case.case_no) in cover and "张三、李四" in cover
    assert "赵强" in cover  # the handler
    numbered = pages[2:]
    for i, page in enumerate(numbered, start=1):
        assert volume_number(page) == str(i)
    contents = squeeze(pages[1])
    for title in ("信访事项登记回执", "信访事项受理告知书", "信访事项答复意见书", "信访事项回访记录", "附件清单"):
        assert title in contents
        first = next(i for i, p in enumerate(numbered, start=1) if title in squeeze(p))
        assert f"{title}" in squeeze(numbered[first - 1])
    assert "如对本答复意见不服" in squeeze("".join(numbered))
    assert_fonts_embedded(data)


def test_a_new_version_is_a_new_record_and_the_old_one_is_kept(staff, clock):
    case = closed_petition(staff, clock)
    with pytest.raises(cf.CaseFileNotFinalised):
        cf.new_case_file_version(staff.officer.uow(), case_kind="petition", case_id=case.id, reason="补正")
    v1 = cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    with pytest.raises(Invalid) as err:
        cf.new_case_file_version(staff.officer.uow(), case_kind="petition", case_id=case.id, reason="  ")
    assert err.value.field == "reason"
    clock.advance(days=1)
    v2 = cf.new_case_file_version(staff.officer.uow(), case_kind="petition", case_id=case.id,
                                  reason="答复意见书文号更正")
    assert (v2.version_no, v2.reason) == (2, "答复意见书文号更正") and v2.id != v1.id
    versions = cf.list_case_file_versions(staff.officer.uow(), case_kind="petition", case_id=case.id)
    assert [v.version_no for v in versions] == [1, 2] and versions[0] == v1
    assert cf.open_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id).info.version_no == 2
    old = cf.open_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id, version_no=1)
    assert hashlib.sha256(old.data).hexdigest() == v1.sha256 and v1.sha256 != v2.sha256


def test_an_open_case_is_refused_and_a_corrupt_file_is_a_clear_error(staff, clock, ctx):
    case = register(staff.clerk, staff)
    advance(staff, case.id, "handling")
    with pytest.raises(cf.CaseNotClosed) as err:
        cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=case.id)
    assert (err.value.case_no, err.value.status) == (case.case_no, "handling")
    assert cf.case_file_state(staff.officer.uow(), case_kind="petition", case_id=case.id).closed is False
    with pytest.raises(PermissionDenied):  # a mediator neither registers nor handles petitions
        cf.open_case_file(staff.mediator.uow(), case_kind="petition", case_id=case.id)
    closed = closed_petition(staff, clock)
    cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=closed.id)
    with ctx.uow() as uow:
        uow.session.execute(update(CaseFileVersion).values(data=b"%PDF-1.4 tampered"))
        uow.commit()
    with pytest.raises(cf.CaseFileCorrupt) as err:
        cf.open_case_file(staff.officer.uow(), case_kind="petition", case_id=closed.id)
    assert err.value.version_no == 1 and err.value.expected != err.value.actual


def test_dispute_case_file_has_the_registration_and_is_an_audited_reveal(staff, clock, ctx):
    d = close_dispute(ctx, "邻里院墙纠纷")
    with pytest.raises(PermissionDenied):  # a clerk may handle disputes but not see full ID numbers
        cf.finalise_case_file(staff.clerk.uow(), case_kind="dispute", case_id=d.id)
    info = cf.finalise_case_file(staff.supervisor.uow(), case_kind="dispute", case_id=d.id)
    data = cf.open_case_file(staff.supervisor.uow(), case_kind="dispute", case_id=d.id).data
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "人民调解案卷" in text and "矛盾纠纷受理登记表" in text and info.pages == len(PdfReader(io.BytesIO(data)).pages)
    still_open = close_dispute(ctx, "未结纠纷", close=False, n=11)
    with pytest.raises(cf.CaseNotClosed):
        cf.finalise_case_file(staff.supervisor.uow(), case_kind="dispute", case_id=still_open.id)
    unknown = close_dispute(ctx, "当事人身份不明的纠纷", n=None)  # parties registered without ID numbers
    with pytest.raises(cf.CaseFileIncomplete) as err:
        cf.finalise_case_file(staff.supervisor.uow(), case_kind="dispute", case_id=unknown.id)
    assert {"documents[0].parties[0].id_number", "documents[0].parties[1].id_number"} <= set(err.value.missing)
    assert cf.list_case_file_versions(staff.supervisor.uow(), case_kind="dispute", case_id=unknown.id) == ()


def test_replies_of_review_cases_carry_the_next_remedy_or_finality():
    from desktop.documents import specimens
    from desktop.documents.reply_opinion import RECHECK, REVIEW, remedy_notice

    base = specimens.reply_opinion()
    assert "30日内向苏州市虎山区人民政府请求复查" in remedy_notice(base)
    review = dataclasses.replace(base, kind=REVIEW, remedy_days=30)
    assert "请求复核" in remedy_notice(review) and "复查意见" in remedy_notice(review)
    final = dataclasses.replace(base, kind=RECHECK, review_body="")
    assert "不再受理" in remedy_notice(final)


def test_batch_export_writes_one_file_per_case_in_the_range_and_a_matching_manifest(staff, clock, ctx, tmp_path):
    early = closed_petition(staff, clock)  # closed on the 20th
    clock.advance(days=2)
    inside = closed_petition(staff, clock, content="道路破损影响出行")
    dispute = close_dispute(ctx, "邻里通道纠纷")
    stored = cf.finalise_case_file(staff.officer.uow(), case_kind="petition", case_id=inside.id)
    start = clock.now().date()
    seen = []
    result = cf.export_case_files(staff.supervisor.uow, start=start, end=start, folder=tmp_path / "out",
                                  progress=lambda done, total, what: seen.append((done, total, what)))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([cf.file_name(inside.case_no, 1), cf.file_name(dispute.case_no, 1), "manifest.csv"])
    assert early.case_no not in "".join(names)
    assert seen[0] == (0, 2, "") and seen[-1][:2] == (2, 2)
    by_no = {f.case_no: f for f in result.files}
    assert by_no[inside.case_no].sha256 == stored.sha256 and not by_no[inside.case_no].finalised_now
    assert by_no[dispute.case_no].finalised_now and result.finalised == 1
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "manifest.csv").read_text("utf-8-sig"))))
    assert {r["case_no"] for r in rows} == {inside.case_no, dispute.case_no}
    for r in rows:
        data = (tmp_path / "out" / r["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == r["sha256"]
        assert len(PdfReader(io.BytesIO(data)).pages) == int(r["pages"]) and r["version"] == "1"
    # the dispute was finalised by the export: opening it gives the exported bytes
    again = cf.open_case_file(staff.supervisor.uow(), case_kind="dispute", case_id=dispute.id)
    assert again.info.sha256 == by_no[dispute.case_no].sha256
    with pytest.raises(PermissionDenied):
        cf.export_case_files(staff.clerk.uow, start=start, end=start, folder=tmp_path / "clerk")
    with pytest.raises(Invalid):
        cf.export_case_files(staff.supervisor.uow, start=start, end=start - dt.timedelta(days=1), folder=tmp_path)


def test_cancelled_export_stops_cleanly_without_a_partial_file(staff, clock, ctx, tmp_path):
    first = closed_petition(staff, clock)
    closed_petition(staff, clock, content="路灯不亮")
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 1  # let the first case through, then cancel

    with pytest.raises(cf.ExportCancelled) as err:
        cf.export_case_files(staff.supervisor.uow, start=clock.now().date(), end=clock.now().date(),
                             folder=tmp_path / "out", cancelled=cancelled)
    assert (err.value.done, err.value.total) == (1, 2)
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == [cf.file_name(first.case_no, 1)]  # whole file only: no .part, no manifest
    data = (tmp_path / "out" / files[0]).read_bytes()
    assert PdfReader(io.BytesIO(data)).pages and data.endswith(b"%%EOF\n")
