"""The work-order intake on both databases: all or nothing per file, strict mode, idempotent re-import with
updates written to the audit log, repeat detection, the category synonym table, every bad-input fixture,
cancel, permissions, concurrent imports, the export back to the platform and the command line."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from desktop.db import Database, UnitOfWork
from desktop.models import (
    AuditEntry,
    ImportBatch,
    ImportedWorkOrder,
    IntakeLayout,
    Person,
    Petition,
    PetitionCategory,
    PetitionParty,
    PetitionStep,
)
from desktop.services import audit, intake
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.errors import Invalid, PermissionDenied
from desktop.services.intake import files
from desktop.services.people import PersonInput
from tests.fixtures.intake.make_fixtures import HEADERS, big_file, hotline_rows
from tests.integration.test_petition_helpers import advance, make_staff

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "intake"


# ---------------------------------------------------------------- helpers

def opened(ctx, name, source="12345", **kw) -> intake.OpenedFile:
    path = name if isinstance(name, Path) else FIX / name
    return intake.open_work_order_file(ctx.uow(), source=source, path=path, **kw)


def run(ctx, name, source="12345", **kw) -> intake.ImportResult:
    o = opened(ctx, name, source)
    return intake.import_work_orders(ctx.uow(), source=source, sheet=o.sheet, mapping=o.mapping, **kw)


def preview(ctx, name, source="12345", **kw) -> intake.ImportPreview:
    o = opened(ctx, name, source)
    return intake.preview_import(ctx.uow(), source=source, sheet=o.sheet, mapping=o.mapping, **kw)


def xlsx(path: Path, rows, headers=HEADERS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def count(ctx, model) -> int:
    with ctx.uow(read_only=True) as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def cases(ctx) -> list[Petition]:
    """The stored cases, detached with their values loaded."""
    with ctx.uow(read_only=True) as uow:
        out = list(uow.session.scalars(select(Petition).order_by(Petition.id)))
        uow.session.expunge_all()
        return out


def category_id(ctx, name) -> int:
    with ctx.uow(read_only=True) as uow:
        return uow.session.scalar(select(PetitionCategory.id).where(PetitionCategory.name == name,
                                                                    PetitionCategory.parent_id.is_not(None)))


def nothing_written(ctx) -> bool:
    return all(count(ctx, m) == 0 for m in (Petition, Person, ImportBatch, ImportedWorkOrder, PetitionStep)) and \
        count(ctx, IntakeLayout) == 0


# ---------------------------------------------------------------- a clean file

def test_a_clean_file_enters_the_petition_flow(ctx):
    result = run(ctx, "hotline_basic.xlsx")
    assert (result.created, result.repeats, result.updated, result.rejected_rows) == (10, 0, 0, ())
    assert (result.first_case_no, result.last_case_no) == ("（2026）虎信字第001号", "（2026）虎信字第010号")
    rows = hotline_rows()
    stored = cases(ctx)
    assert [p.case_no for p in stored] == [f"（2026）虎信字第{i:03d}号" for i in range(1, 11)]
    first = stored[0]
    assert (first.source, first.status, first.kind) == ("hotline", "registered", "petition")
    assert first.received_at == rows[0][1]  # the time the hotline received it
    assert first.content == rows[0][8] and first.petitioner_names == rows[0][2]
    assert (first.village, first.grid) == (rows[0][5], rows[0][6])
    assert (first.accept_due_on, first.due_on, first.due_kind) == (dt.date(2026, 12, 7), dt.date(2026, 12, 7), "accept")
    assert len({p.query_code for p in stored}) == 10
    with ctx.uow(read_only=True) as uow:
        person = uow.session.get(Person, uow.session.scalar(select(PetitionParty.person_id).where(
            PetitionParty.petition_id == first.id)))
        assert (person.name, person.phone, person.address) == (rows[0][2], rows[0][3], rows[0][4])
        step = uow.session.scalar(select(PetitionStep).where(PetitionStep.petition_id == first.id))
        assert (step.action, step.to_status) == ("register", "registered")
        assert step.detail["work_order_no"] == rows[0][0] and step.detail["requested_due_on"] == "2026-11-18"
        key = uow.session.scalar(select(ImportedWorkOrder).where(ImportedWorkOrder.work_order_no == rows[0][0]))
        assert (key.source, key.petition_id, key.linked_as, key.requested_due_on) == (
            "hotline", first.id, "new", dt.date(2026, 11, 18))
        batch = uow.session.get(ImportBatch, result.batch_id)
        assert (batch.rows_total, batch.created, batch.rejected, batch.file_name) == (10, 10, 0, "hotline_basic.xlsx")
        assert sorted(batch.unmatched_categories) == ["咨询", "噪声扰民"]
    # the categories: by name, by path, and the unmatched ones to 其他
    names = {p.content: p.category_id for p in stored}
    assert names[rows[9][8]] == category_id(ctx, "占道经营")  # 城乡建设-市容环境-占道经营
    assert names[rows[1][8]] == category_id(ctx, "拖欠工资")  # 劳动社保/拖欠工资
    assert names[rows[0][8]] == category_id(ctx, "其他")  # 噪声扰民: no such name yet
    # the mapping is remembered for the source
    assert intake.remembered_mapping(ctx.uow(), source="12345")["content"] == "诉求内容"
    assert intake.remembered_mapping(ctx.uow(), source="grid") == {}


def test_the_import_is_audited_without_revealing_phones(ctx):
    result = run(ctx, "hotline_basic.xlsx")
    entries = audit.list_audit(ctx.uow(), where=audit.AuditFilter(entity="person"))
    assert len(entries) == 10 and {e.action for e in entries} == {"intake.import"}
    assert all(e.after["phone"] == "***" for e in entries)
    petitions = audit.list_audit(ctx.uow(), where=audit.AuditFilter(entity="petition"))
    assert len(petitions) == 10 and petitions[0].operation == "insert"
    assert {e.after["source"] for e in petitions} == {"hotline"}
    batches = audit.list_audit(ctx.uow(), where=audit.AuditFilter(entity="import_batch"))
    assert [e.entity_id for e in batches] == [str(result.batch_id)]


def test_cases_from_an_import_follow_the_six_steps(ctx, admin_ctx):
    staff = make_staff(admin_ctx)
    run(ctx, "hotline_basic.xlsx")
    case = cases(ctx)[0]
    advance(staff, case.id, "closed")
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    assert view.status == "closed" and view.source == "hotline"
    assert [s.action for s in view.steps][:2] == ["register", "assign"]
    assert intake.work_orders_of_case(staff.clerk.uow(), case_id=case.id)[0].work_order_no == "GD2026110300001"


# ---------------------------------------------------------------- strict mode and rejected rows

def test_invalid_rows_are_rejected_with_their_row_numbers_and_reasons(ctx, tmp_path):
    result = run(ctx, "dates_and_phones.xlsx")
    assert result.created == 8
    assert [(r.row_no, r.work_order_no, [(p.field, p.reason, p.value) for p in r.problems])
            for r in result.rejected_rows] == [
        (10, "DP0009", [("phone", "phone", "1381234567")]),
        (11, "DP0010", [("received_at", "date_invalid", "2026-02-30")])]
    # never half-imported: no case, person or key of a rejected row
    with ctx.uow(read_only=True) as uow:
        numbers = set(uow.session.scalars(select(ImportedWorkOrder.work_order_no)))
        assert "DP0009" not in numbers and "DP0010" not in numbers and len(numbers) == 8
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 8
    sheet = opened(ctx, "dates_and_phones.xlsx").sheet
    path = intake.write_error_report(tmp_path / "errors.xlsx", result.rejected_rows, sheet, source="12345",
                                     generated_at=ctx.clock.now())
    ws = load_workbook(path).active
    assert [c.value for c in ws[2]][:4] == ["行号", "工单编号", "错误原因", "工单编号"]
    assert [ws.cell(r, 1).value for r in (3, 4)] == [10, 11]
    assert ws.cell(3, 3).value == "联系电话“1381234567”不是有效的手机或固定电话号码"
    assert ws.cell(4, 3).value == "受理时间“2026-02-30”不是存在的日期"
    assert ws.cell(3, 4).value == "DP0009" and ws.cell(3, 7).value == "1381234567"  # the row as it was


def test_strict_mode_imports_nothing_when_a_row_is_invalid(ctx):
    with pytest.raises(intake.StrictImportRefused) as caught:
        run(ctx, "dates_and_phones.xlsx", strict=True)
    assert caught.value.facts == {"rejected": 2, "total": 10}
    assert nothing_written(ctx)
    with ctx.uow(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "intake.import")) == 0
    assert run(ctx, "hotline_basic.xlsx", strict=True).created == 10  # a clean file passes strict mode


def test_dates_as_text_and_serials_and_phones_as_numbers(ctx):
    run(ctx, "dates_and_phones.xlsx")
    with ctx.uow(read_only=True) as uow:
        got = {k.work_order_no: (k.received_at, k.data["phone"]) for k in uow.session.scalars(
            select(ImportedWorkOrder))}
    assert got == {
        "DP0001": (dt.datetime(2026, 11, 3, 9, 30), "13812345678"),
        "DP0002": (dt.datetime(2026, 11, 3), "0512-65551234"),  # 51265551234 stored as a number
        "DP0003": (dt.datetime(2026, 11, 3, 8, 5), "13912345678"),  # +86 139 1234 5678
        "DP0004": (dt.datetime(2026, 11, 3), "13912345678"),  # the first of two numbers
        "DP0005": (dt.datetime(2026, 11, 3, 14, 30), "13705126666"),
        "DP0006": (dt.datetime(2026, 11, 3, 8, 5), "0512-65551234"),  # a serial number
        "DP0007": (dt.datetime(2026, 11, 3, 8, 5), "18912345678"),  # a serial written as text
        "DP0008": (dt.datetime(2026, 11, 3), "021-65551234"),  # 20261103
    }
    rows = {r.work_order_no: r for r in preview(ctx, "dates_and_phones.xlsx").rows}
    assert rows["DP0002"].phone_fixed and rows["DP0002"].phone_masked == "0512-****1234"
    assert rows["DP0001"].requested_due_on == dt.date(2026, 11, 18)


def test_duplicate_numbers_in_one_file_and_empty_rows(ctx):
    p = preview(ctx, "duplicates_and_empty.xlsx")
    assert p.counts.empty_rows == 3 and p.counts.total == 8
    rejected = {r.row_no: [(x.reason, x.value) for x in r.problems] for r in p.rows if r.status == "rejected"}
    # the identical second copy of row 3 is refused; the two differing rows 5 and 11 are both refused
    assert rejected == {9: [("repeated_row", "3")], 5: [("duplicate_in_file", "11")],
                        11: [("duplicate_in_file", "5")]}
    result = intake.import_work_orders(ctx.uow(), source="12345", sheet=opened(ctx, "duplicates_and_empty.xlsx").sheet,
                                       mapping=p.mapping)
    assert result.created == 5 and count(ctx, ImportedWorkOrder) == 5


def test_missing_required_values_and_future_times(ctx, tmp_path):
    row = hotline_rows()[0]
    path = xlsx(tmp_path / "bad.xlsx", [
        ["", *row[1:]],
        [row[0] + "X", row[1], "", *row[3:]],
        [row[0] + "Y", dt.datetime(2026, 12, 1), *row[2:]],
        [row[0] + "Z", row[1], *row[2:8], "", row[9]],
        [row[0] + "W", row[1], *row[2:9], dt.date(2026, 11, 1)],
        [row[0] + "V", row[1], "名" * 41, *row[3:]],
    ])
    reasons = [[(x.field, x.reason) for x in r.problems] for r in preview(ctx, path).rows]
    assert reasons == [[("work_order_no", "missing")], [("caller_name", "missing")],
                       [("received_at", "future"), ("requested_deadline", "before_received")],
                       [("content", "missing")], [("requested_deadline", "before_received")],
                       [("caller_name", "too_long")]]


# ---------------------------------------------------------------- the bad-input fixtures through the service

@pytest.mark.parametrize(("name", "error", "facts"), [
    ("no_headers.xlsx", files.NoRecognisableHeaders, {"rows_scanned": 5}),
    ("not_a_spreadsheet.xlsx", files.NotASpreadsheet, {"detected": "pdf"}),
    ("readme.csv", files.NotASpreadsheet, {"detected": "text"}),
    ("encrypted.xlsx", files.EncryptedWorkbook, {}),
])
def test_files_that_cannot_be_imported_write_nothing(ctx, name, error, facts):
    with pytest.raises(error) as caught:
        opened(ctx, name)
    assert caught.value.facts["file"] == name
    assert facts.items() <= caught.value.facts.items()
    assert nothing_written(ctx)


def test_no_headers_can_be_mapped_by_hand_once_remembered(ctx, tmp_path):
    # the header row chosen by hand, the columns named by hand: remembered for the next file
    path = xlsx(tmp_path / "odd.xlsx", [r[:3] + [r[8]] for r in hotline_rows()[:3]], headers=["单", "时", "人", "事"])
    with pytest.raises(files.NoRecognisableHeaders):
        opened(ctx, path)
    o = opened(ctx, path, header_row=1)
    mapping = {"work_order_no": "单", "received_at": "时", "caller_name": "人", "content": "事"}
    assert intake.import_work_orders(ctx.uow(), source="12345", sheet=o.sheet, mapping=mapping).created == 3
    again = opened(ctx, path)  # found by the remembered names now
    assert again.origin == "remembered" and again.mapping == mapping


def test_mapping_problems(ctx):
    o = opened(ctx, "hotline_basic.xlsx")
    with pytest.raises(intake.MappingIncomplete) as caught:
        intake.preview_import(ctx.uow(), source="12345", sheet=o.sheet,
                              mapping={k: v for k, v in o.mapping.items() if k not in ("content", "caller_name")})
    assert caught.value.facts["missing"] == ("caller_name", "content")
    with pytest.raises(Invalid) as caught:
        intake.preview_import(ctx.uow(), source="12345", sheet=o.sheet, mapping={**o.mapping, "address": "诉求内容"})
    assert caught.value.facts["reason"] == "duplicate_header"
    with pytest.raises(Invalid) as caught:
        intake.preview_import(ctx.uow(), source="12345", sheet=o.sheet, mapping={**o.mapping, "grid": "网格"})
    assert caught.value.facts["reason"] == "unknown_header"
    with pytest.raises(Invalid):
        intake.preview_import(ctx.uow(), source="fax", sheet=o.sheet, mapping=o.mapping)


def test_every_readable_fixture_imports_on_this_database(ctx):
    assert run(ctx, "merged_headers.xlsx").created == 6
    assert run(ctx, "grid_reports.xls", source="grid").created == 8
    assert {p.source for p in cases(ctx)} == {"hotline", "grid"}
    # the same work orders as CSV in three encodings: already imported (merged_headers has rows 1–6)
    for name in ("hotline_utf8.csv", "hotline_utf8_bom.csv", "hotline_gbk.csv"):
        run(ctx, name)
    assert count(ctx, Petition) == 6 + 8 + 4  # rows 7–10 were new
    p = preview(ctx, "hotline_basic.xlsx")
    assert (p.counts.unchanged, p.counts.changed, p.counts.new) == (10, 0, 0)


# ---------------------------------------------------------------- re-import: idempotent, changes shown and applied

def test_re_import_creates_nothing_twice(ctx):
    run(ctx, "hotline_basic.xlsx")
    before = (count(ctx, Petition), count(ctx, Person), count(ctx, AuditEntry))
    again = run(ctx, "hotline_basic.xlsx")
    assert (again.created, again.counts.unchanged) == (0, 10)
    assert (count(ctx, Petition), count(ctx, Person)) == before[:2]
    # the second batch is recorded (and audited), nothing else
    assert count(ctx, ImportBatch) == 2 and count(ctx, AuditEntry) == before[2] + 1
    # the other source has its own numbers; the same callers with the same matters through the grid
    # channel are repeats of the cases in progress, not new cases
    grid = run(ctx, "hotline_utf8.csv", source="grid")
    assert (grid.created, grid.repeats) == (0, 4) and count(ctx, ImportedWorkOrder) == 14


def test_changed_work_orders_show_the_difference_and_update_on_request(ctx, tmp_path):
    run(ctx, "hotline_basic.xlsx")
    rows = [list(r) for r in hotline_rows()]
    rows[0][8] = "工地夜间施工噪音依旧，已持续两周，要求尽快处理。"
    rows[0][3] = "13900001111"
    rows[1][7] = "路灯照明"
    path = xlsx(tmp_path / "changed.xlsx", rows)
    p = preview(ctx, path)
    changed = {r.work_order_no: r for r in p.rows if r.status == "changed"}
    assert p.counts.changed == 2 and p.counts.unchanged == 8
    first = changed["GD2026110300001"]
    assert [(c.field, c.new) for c in first.changes] == [("phone", "139****1111"), ("content", rows[0][8])]
    assert first.changes[0].old.startswith("161****") and first.case_no == "（2026）虎信字第001号"
    assert [(c.field, c.old, c.new) for c in changed["GD2026110300002"].changes] == [
        ("category", "劳动社保/拖欠工资", "路灯照明")]

    # not applied unless asked
    result = run(ctx, path)
    assert result.updated == 0 and cases(ctx)[0].content == hotline_rows()[0][8]
    result = run(ctx, path, apply_updates=True)
    assert result.updated == 2
    case1, case2 = cases(ctx)[:2]
    assert case1.content == rows[0][8] and case1.version == 2
    assert case2.category_id == category_id(ctx, "路灯照明")
    with ctx.uow(read_only=True) as uow:
        person = uow.session.scalar(select(Person).join(PetitionParty, PetitionParty.person_id == Person.id)
                                    .where(PetitionParty.petition_id == case1.id))
        assert person.phone == "13900001111"
        steps = [s.action for s in uow.session.scalars(select(PetitionStep).where(
            PetitionStep.petition_id == case1.id).order_by(PetitionStep.id))]
        assert steps == ["register", "edit"]
    events = audit.list_audit(ctx.uow(), where=audit.AuditFilter(text="intake.update"))
    assert len(events) == 2
    event = next(e for e in events if e.entity_id == str(case1.id))
    assert event.after["work_order_no"] == "GD2026110300001"
    assert event.after["before"]["content"] == hotline_rows()[0][8]
    assert event.after["after"] == {"phone": "139****1111", "content": rows[0][8]}  # phones masked in the log
    updates = audit.list_audit(ctx.uow(), where=audit.AuditFilter(entity="petition", text=str(case1.id)))
    assert any(e.operation == "update" and e.after.get("content") == rows[0][8] for e in updates)
    # the next import of the same file finds nothing changed
    assert preview(ctx, path).counts.unchanged == 10


def test_a_closed_case_is_not_rewritten(ctx, admin_ctx, tmp_path):
    staff = make_staff(admin_ctx)
    run(ctx, "hotline_basic.xlsx")
    first = cases(ctx)[0]
    advance(staff, first.id, "closed")
    rows = [list(r) for r in hotline_rows()]
    rows[0][8] = "补充内容"
    path = xlsx(tmp_path / "late.xlsx", rows)
    row = next(r for r in preview(ctx, path).rows if r.status == "changed")
    assert row.update_blocked == "closed"
    assert run(ctx, path, apply_updates=True).updated == 0
    assert cases(ctx)[0].content == hotline_rows()[0][8]


# ---------------------------------------------------------------- repeat detection

def _existing_case(ctx, name, phone, village, content, category="其他"):
    return pt.register_petition(ctx.uow(), source="visit", category_id=category_id(ctx, category), content=content,
                                petitioners=[PersonInput(name=name, phone=phone, village=village)])


def test_a_matter_in_progress_becomes_a_repeat_visit(ctx):
    row = hotline_rows()[0]
    case = _existing_case(ctx, "周华", row[3], row[5], "白洋湾社区附近工地夜间施工噪音很大，晚上十一点后还在作业")
    p = preview(ctx, "hotline_basic.xlsx")
    first = p.rows[0]
    assert (first.status, first.case_no, first.case_id) == ("repeat", case.case_no, case.id)
    assert first.similarity >= 40 and not first.final
    result = run(ctx, "hotline_basic.xlsx")
    assert (result.created, result.repeats) == (9, 1)
    view = pt.get_case(ctx.uow(), case_id=case.id)
    assert view.repeat_count == 1 and view.steps[-1].action == "repeat_visit"
    assert view.steps[-1].detail["work_order_no"] == row[0]
    with ctx.uow(read_only=True) as uow:
        key = uow.session.scalar(select(ImportedWorkOrder).where(ImportedWorkOrder.work_order_no == row[0]))
        assert (key.petition_id, key.linked_as) == (case.id, "repeat")
    repeat_audit = audit.list_audit(ctx.uow(), where=audit.AuditFilter(entity="petition", text=str(case.id)))
    assert any(e.operation == "update" and e.after.get("repeat_count") == 1 for e in repeat_audit)


def test_the_clerk_may_register_a_repeat_as_a_new_case(ctx):
    row = hotline_rows()[0]
    case = _existing_case(ctx, "周华", row[3], row[5], "白洋湾社区附近工地夜间施工噪音很大，晚上十一点后还在作业")
    p = preview(ctx, "hotline_basic.xlsx", register_as_new=[2])
    assert p.rows[0].status == "new" and p.rows[0].registered_as_new and case.case_no in p.rows[0].open_cases
    assert run(ctx, "hotline_basic.xlsx", register_as_new=[2]).created == 10


def test_same_caller_other_matter_is_new_but_noted(ctx):
    row = hotline_rows()[0]
    case = _existing_case(ctx, "周华", row[3], "", "申请办理残疾人证，咨询所需材料")
    first = preview(ctx, "hotline_basic.xlsx").rows[0]
    assert first.status == "new" and first.open_cases == (case.case_no,)


def test_repeats_within_one_file(ctx, tmp_path):
    rows = [list(r) for r in hotline_rows()[:2]]
    again = list(rows[0])
    again[0], again[8] = "GD2026110400001", rows[0][8] + "再次来电反映。"
    path = xlsx(tmp_path / "twice.xlsx", [rows[0], rows[1], again])
    p = preview(ctx, path)
    assert [(r.status, r.repeat_of_row) for r in p.rows] == [("new", None), ("new", None), ("repeat", 2)]
    result = run(ctx, path)
    assert (result.created, result.repeats) == (2, 1)
    with ctx.uow(read_only=True) as uow:
        keys = {k.work_order_no: (k.petition_id, k.linked_as) for k in uow.session.scalars(select(ImportedWorkOrder))}
    assert keys["GD2026110400001"] == (keys[rows[0][0]][0], "repeat")
    assert pt.get_case(ctx.uow(), case_id=keys[rows[0][0]][0]).repeat_count == 1


def test_a_matter_settled_by_recheck_is_not_accepted_again(ctx, admin_ctx, clock):
    staff = make_staff(admin_ctx)
    row = hotline_rows()[3]  # 路灯照明
    case = pt.register_petition(staff.clerk.uow(), source="visit", category_id=category_id(ctx, "路灯照明"),
                                content=row[8], petitioners=[PersonInput(name=row[2], phone=row[3], village=row[5])])
    advance(staff, case.id, "concluded")
    review = pt.request_review(staff.clerk.uow(), case_id=case.id, reason="对答复不服，申请复查")
    advance(staff, review.id, "concluded")
    recheck = pt.request_review(staff.clerk.uow(), case_id=review.id, reason="对复查意见不服，申请复核")
    advance(staff, recheck.id, "concluded")
    p = preview(ctx, "hotline_basic.xlsx", register_as_new=[5])
    row5 = next(r for r in p.rows if r.row_no == 5)
    assert (row5.status, row5.final) == ("repeat", True)  # even when the clerk asked for a new case
    assert row5.case_id in (case.id, review.id, recheck.id)


# ---------------------------------------------------------------- categories and synonyms

def test_synonyms_map_platform_names_and_unmatched_names_are_listed(ctx, admin_ctx, tmp_path):
    p = preview(ctx, "hotline_basic.xlsx")
    assert p.unmatched_categories == ("咨询", "噪声扰民")
    assert p.counts.other_category == 2
    first = p.rows[0]
    assert (first.category_text, first.category, first.category_matched) == ("噪声扰民", "其他", False)
    run(ctx, "hotline_basic.xlsx")
    assert [n.name for n in intake.unmatched_category_names(admin_ctx.uow())] == ["咨询", "噪声扰民"]

    syn = intake.save_synonym(admin_ctx.uow(), name="噪声 扰民", category_id=category_id(ctx, "噪音扰民"))
    assert (syn.name, syn.category, syn.domain) == ("噪声 扰民", "噪音扰民", "城市管理")
    assert [n.name for n in intake.unmatched_category_names(admin_ctx.uow())] == ["咨询"]
    rows = [list(r) for r in hotline_rows()]
    rows[0][0] = "GD-NEW-1"
    rows[0][7] = "环境保护-噪声扰民"  # a path whose last part is the synonym
    p = preview(ctx, xlsx(tmp_path / "syn.xlsx", rows[:1]))
    assert (p.rows[0].category, p.rows[0].category_matched) == ("噪音扰民", True)

    with pytest.raises(Exception) as caught:
        intake.save_synonym(admin_ctx.uow(), name="噪声扰民", category_id=category_id(ctx, "噪音扰民"))
    assert caught.value.facts["field"] == "synonym"  # the same name (after normalising) twice
    domain = next(c.id for c in center.list_categories(admin_ctx.uow()) if c.parent_id is None)
    with pytest.raises(Invalid):
        intake.save_synonym(admin_ctx.uow(), name="环境", category_id=domain)
    with pytest.raises(PermissionDenied):
        intake.save_synonym(make_staff(admin_ctx).clerk.uow(), name="咨询", category_id=category_id(ctx, "其他"))
    intake.delete_synonym(admin_ctx.uow(), synonym_id=syn.id)
    assert intake.list_synonyms(admin_ctx.uow()) == []
    assert audit.list_audit(ctx.uow(), where=audit.AuditFilter(entity="category_synonym"))[0].operation == "delete"


def test_without_a_category_named_other_unmatched_names_are_refused(ctx):
    with ctx.uow() as uow:
        other = uow.session.get(PetitionCategory, category_id(ctx, "其他"))
        other.name = "其他民生"
        uow.commit()
    with pytest.raises(intake.NoFallbackCategory) as caught:
        preview(ctx, "hotline_basic.xlsx")
    assert caught.value.facts == {"name": "其他"}


# ---------------------------------------------------------------- cancel, permissions, concurrency

def test_cancel_takes_back_everything(ctx, tmp_path):
    o = opened(ctx, big_file(tmp_path / "4500.csv", 4500))
    with pytest.raises(files.Cancelled) as caught:
        intake.import_work_orders(ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping, cancelled=lambda: True)
    assert caught.value.facts == {"stage": "check"}
    assert nothing_written(ctx)
    written = []  # cancel after the first batch of rows was committed: it is taken back
    with pytest.raises(files.Cancelled) as caught:
        intake.import_work_orders(ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping,
                                  progress=lambda stage, done, total: written.append(done) if stage == "write" else None,
                                  cancelled=lambda: bool(written))
    assert caught.value.facts == {"stage": "write"} and written == [intake.WRITE_BATCH]
    assert all(count(ctx, m) == 0 for m in (Petition, Person, ImportedWorkOrder, PetitionStep, IntakeLayout))
    assert [(b.state, b.rows_done) for b in intake.list_batches(ctx.uow())] == [(intake.FAILED, 0)]
    assert audit.list_audit(ctx.uow(), where=audit.AuditFilter(text="intake.discard"))


def test_who_may_import(ctx, admin_ctx):
    staff = make_staff(admin_ctx)
    with pytest.raises(PermissionDenied):
        opened(staff.mediator, "hotline_basic.xlsx")
    with pytest.raises(PermissionDenied):
        intake.import_work_orders(staff.mediator.uow(), source="12345", sheet=opened(ctx, "hotline_basic.xlsx").sheet,
                                  mapping=opened(ctx, "hotline_basic.xlsx").mapping)
    result = run(staff.clerk, "hotline_basic.xlsx")
    stored = cases(ctx)[0]
    assert stored.registered_by_id == staff.clerk.actor.user_id
    with ctx.uow(read_only=True) as uow:
        assert uow.session.get(ImportBatch, result.batch_id).actor_name == "王芳"
    assert run(admin_ctx, "grid_reports.xls", source="grid").created == 8  # the administrator holds the right


def test_two_clerks_importing_the_same_file_at_once(ctx, db_url, clock):
    sheet_of = opened(ctx, "hotline_basic.xlsx")
    results, errors = [], []
    start = threading.Barrier(2)

    def worker():
        db = Database(db_url)
        try:
            start.wait()
            results.append(intake.import_work_orders(UnitOfWork(db, clock=clock), source="12345",
                                                     sheet=sheet_of.sheet, mapping=sheet_of.mapping))
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    assert sorted((r.created, r.counts.unchanged) for r in results) == [(0, 10), (10, 0)]
    assert count(ctx, Petition) == 10 and count(ctx, ImportedWorkOrder) == 10


# ---------------------------------------------------------------- export back to the platform

def test_export_of_handling_results(ctx, admin_ctx, tmp_path, clock):
    staff = make_staff(admin_ctx)
    run(ctx, "hotline_basic.xlsx")
    stored = cases(ctx)
    advance(staff, stored[0].id, "closed")  # satisfied
    advance(staff, stored[1].id, "concluded")
    pt.refuse_petition(staff.clerk.uow(), case_id=stored[2].id, version=None, reason="不属于信访事项")
    out = intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 11, 1), out=tmp_path / "back.xlsx")
    assert out.rows == 3 and out.until == clock.now().date()
    ws = load_workbook(out.path).active
    table = [[c.value for c in row] for row in ws.iter_rows()]
    assert table[0] == ["工单编号", "办理结果", "办结时间", "满意度"]
    assert table[1] == ["GD2026110300001", "经核查，噪音属实；要求工厂夜间停工：支持，已责令整改",
                        clock.now().strftime("%Y-%m-%d %H:%M:%S"), "满意"]
    assert table[2][0] == "GD2026110300002" and table[2][3] in (None, "")  # answered, not yet followed up
    assert table[3][:2] == ["GD2026110300003", "不予受理：不属于信访事项"]
    assert audit.list_audit(ctx.uow(), where=audit.AuditFilter(text="intake.export"))[0].after["rows"] == 3
    # nothing concluded in this period; another source has none
    assert intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 12, 1),
                                 until=dt.date(2026, 12, 31), out=tmp_path / "none.csv").rows == 0
    assert intake.export_results(ctx.uow(), source="grid", since=dt.date(2026, 11, 1), out=tmp_path / "g.xlsx").rows == 0


def test_export_layout_is_configurable_and_checked(ctx, admin_ctx, tmp_path, clock):
    staff = make_staff(admin_ctx)
    run(ctx, "hotline_basic.xlsx")
    advance(staff, cases(ctx)[0].id, "closed")
    layout = intake.ExportLayout((intake.ExportColumn("case_no", "案件号"), intake.ExportColumn("work_order_no", "工单号"),
                                  intake.ExportColumn("satisfaction", "回访满意度"),
                                  intake.ExportColumn("on_time", "按期")), "%Y/%m/%d %H:%M")
    intake.save_export_layout(staff.clerk.uow(), source="12345", layout=layout)
    assert intake.get_export_layout(ctx.uow(), source="12345") == layout
    out = intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 11, 1), out=tmp_path / "back.csv")
    text = out.path.read_bytes().decode("utf-8-sig").splitlines()
    assert text == ['"案件号","工单号","回访满意度","按期"',  # text quoted (desktop.exports)
                    '"（2026）虎信字第001号","GD2026110300001","满意","否"']  # due 18 Nov
    for bad, reason in [((), "empty"), ((intake.ExportColumn("result", "结果"),), "work_order_no_required"),
                        ((intake.ExportColumn("work_order_no", "号"), intake.ExportColumn("result", "号")),
                         "duplicate_column"),
                        ((intake.ExportColumn("work_order_no", "  "),), "empty_header"),
                        ((intake.ExportColumn("password", "x"), intake.ExportColumn("work_order_no", "号")), "unknown")]:
        with pytest.raises(Invalid) as caught:
            intake.save_export_layout(ctx.uow(), source="12345", layout=intake.ExportLayout(bad, "%Y"))
        assert caught.value.facts["reason"] == reason
    with pytest.raises(Invalid) as caught:
        intake.export_results(ctx.uow(), source="12345", since=dt.date(2026, 11, 1), out=tmp_path / "x.pdf")
    assert caught.value.facts["reason"] == "suffix"


# ---------------------------------------------------------------- the command line

def test_command_line_import_and_export(ctx, db_url, tmp_path, capsys, monkeypatch):
    from desktop.__main__ import main
    from tests.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("ONESTOP_USER", "admin")  # import and export run as a signed-in user
    monkeypatch.setenv("ONESTOP_PASSWORD", ADMIN_PASSWORD)

    errors = tmp_path / "errors.xlsx"
    code = main(["import", "12345", str(FIX / "dates_and_phones.xlsx"), "--errors", str(errors), "--db", db_url])
    out = capsys.readouterr().out
    assert code == 3 and "created 8 cases" in out and "row     10" in out
    assert load_workbook(errors).active.cell(3, 1).value == 10
    assert main(["import", "12345", str(FIX / "dates_and_phones.xlsx"), "--strict", "--db", db_url]) == 1
    assert "strict mode: 2 of 10 rows are invalid" in capsys.readouterr().err
    assert main(["import", "grid", str(FIX / "encrypted.xlsx"), "--db", db_url]) == 1
    assert "protected by a password" in capsys.readouterr().err
    code = main(["import", "grid", str(FIX / "no_headers.xlsx"), "--header-row", "1", "--mapping",
                 "work_order_no=GD2026110300001", "--mapping", "caller_name=周华", "--mapping",
                 f"content={hotline_rows()[0][8]}", "--dry-run", "--db", db_url])
    assert code == 0 and "would create 4" in capsys.readouterr().out
    assert count(ctx, Petition) == 8
    assert main(["export", "12345", "--since", "2026-11-01", "--out", str(tmp_path / "b.xlsx"), "--db", db_url]) == 0
    assert "0 work orders" in capsys.readouterr().out


# ---------------------------------------------------------------- a 50,000-row file

@pytest.mark.slow
def test_a_50000_row_file_imports_in_batches(ctx, tmp_path):
    path = big_file(tmp_path / "50k.csv", 50_000)
    o = opened(ctx, path)
    stages = set()
    result = intake.import_work_orders(ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping,
                                       progress=lambda stage, done, total: stages.add(stage))
    assert stages >= {"check", "write", "done"}
    assert result.created + result.repeats == 50_000 and result.rejected_rows == ()
    assert count(ctx, Petition) == result.created and count(ctx, ImportedWorkOrder) == 50_000
    with ctx.uow(read_only=True) as uow:
        seqs = list(uow.session.scalars(select(Petition.case_seq).order_by(Petition.case_seq)))
        repeat_total = uow.session.scalar(select(func.sum(Petition.repeat_count)))
    assert seqs == list(range(1, result.created + 1))  # numbers without gaps
    assert [(b.state, b.rows_done) for b in intake.list_batches(ctx.uow())] == [(intake.COMPLETE, 50_000)]
    assert repeat_total == result.repeats
    again = intake.preview_import(ctx.uow(), source="12345", sheet=o.sheet, mapping=o.mapping)
    assert again.counts.unchanged == 50_000
