"""The matter register on both engines: every petition, dispute and imported work order gets one code; a
复查 / 复核 case and a dispute from a window matter keep the code they continue; the migration gives stored
cases their codes."""

import datetime as dt

import pytest
from sqlalchemy import select

from desktop import migrations
from desktop.db import Database
from desktop.models import Dispute, Matter, MatterStep, Petition
from desktop.services import matters
from desktop.services import petitions as pt
from desktop.services.context import open_database
from desktop.services.errors import Invalid
from desktop.services.people import PersonInput
from tests import mediation_support as ms
from tests.integration.test_petition_helpers import advance, make_staff, real_ticket, register


def _codes(ctx, model) -> dict[int, str]:
    with ctx.uow(read_only=True) as uow:
        return {i: c for i, c in uow.session.execute(select(model.id, Matter.code).join(Matter, Matter.id == model.matter_id))}


def test_each_petition_opens_a_matter_and_review_keeps_its_code(admin_ctx, clock):
    staff = make_staff(admin_ctx)
    a = register(staff.clerk, staff)
    b = register(staff.clerk, staff, people=[PersonInput(name="李四")], content="道路破损无人修")
    codes = _codes(admin_ctx, Petition)
    assert (codes[a.id], codes[b.id]) == ("HS-2026-000001", "HS-2026-000002")
    advance(staff, a.id, "concluded")
    review = pt.request_review(staff.clerk.uow(), case_id=a.id, reason="对答复不服，申请复查")
    assert _codes(admin_ctx, Petition)[review.id] == "HS-2026-000001"
    m = matters.get_matter(staff.clerk.uow(), code="hs-2026-000001")
    assert [s.name for s in m.steps] == ["信访受理", "信访答复", "复查"]  # the reply is a step of its own
    assert m.steps[1].left_at is not None and m.steps[2].left_at is None
    assert m.steps[2].reason == "对答复不服，申请复查"
    assert [c.case_no for c in m.cases] == [a.case_no, review.case_no]
    assert m.person_name == "张三"


def test_a_window_matter_goes_on_as_a_dispute_under_its_code(ctx):
    s = ms.setup_mediation(ctx)
    ticket = real_ticket(ctx)
    matter_id, code = matters.register_window_matter(
        ctx.uow(), service="法律咨询", summary="邻居砌墙占了宅基地，想调解", ticket_id=ticket,
        person=PersonInput(name="李明", phone="13812345678"))
    d = ms.register(ctx, s, ticket_id=ticket)
    with ctx.uow(read_only=True) as uow:
        assert uow.session.get(Dispute, d.id).matter_id == matter_id
    m = matters.get_matter(ctx.uow(), code=code)
    assert m.kind == "dispute" and [s.route for s in m.steps] == ["window", "mediation"]
    assert m.steps[1].reason == "窗口登记为矛盾纠纷"
    # a second dispute from the same visit opens its own matter: the window matter is taken
    other = ms.register(ctx, s, [ms.applicant("王五"), ms.respondent("赵六")], ticket_id=ticket, title="噪音纠纷")
    assert _codes(ctx, Dispute)[other.id] == "HS-2026-000002"


def test_a_closed_matter_cannot_be_continued_and_nothing_is_stored(ctx):
    s = ms.setup_mediation(ctx)
    matter_id, code = matters.register_window_matter(ctx.uow(), service="法律咨询", summary="咨询离婚财产分割",
                                                     done=True, outcome="当场解答")
    with pytest.raises(Invalid):
        ms.register(ctx, s, matter_id=matter_id)
    with ctx.uow(read_only=True) as uow:
        assert uow.session.scalar(select(Dispute.id)) is None
        assert uow.session.scalars(select(Matter.code)).all() == [code]  # the refused dispute took no code
    m = matters.get_matter(ctx.uow(), code=code)
    assert (m.state, m.outcome, m.steps[0].left_at is not None) == ("closed", "当场解答", True)


def test_the_migration_gives_stored_cases_their_codes_in_registration_order(ctx, db_url, clock):
    ms_setup = ms.setup_mediation(ctx)
    clock.at = dt.datetime(2026, 3, 2, 9, 0)
    first = ms.register(ctx, ms_setup)
    clock.at = dt.datetime(2026, 3, 3, 9, 0)
    second = ms.register(ctx, ms_setup, [ms.applicant("王五"), ms.respondent("赵六")], title="噪音纠纷")
    ctx.close()
    db = Database(db_url)
    migrations.downgrade(db, "0014_import_batch_state")
    db.dispose()
    ctx = open_database(db_url, clock=clock)
    try:
        assert _codes(ctx, Dispute) == {first.id: "HS-2026-000001", second.id: "HS-2026-000002"}
        with ctx.uow(read_only=True) as uow:
            steps = uow.session.execute(select(MatterStep.name, MatterStep.entered_at).order_by(MatterStep.id)).all()
        assert steps == [("人民调解", dt.datetime(2026, 3, 2, 9, 0)), ("人民调解", dt.datetime(2026, 3, 3, 9, 0))]
        clock.at = dt.datetime(2026, 3, 4, 9, 0)
        third = ms.register(ctx, ms_setup, [ms.applicant("孙七"), ms.respondent("周八")], title="债务纠纷")
        assert _codes(ctx, Dispute)[third.id] == "HS-2026-000003"  # the counter continues after the stored ones
    finally:
        ctx.close()
