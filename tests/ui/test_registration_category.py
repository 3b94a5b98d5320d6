"""Registering a petition, the clerk chooses the category (issue 14): nothing is preselected (it used to open on
综治维稳／治安问题, which then got saved for matters that were nothing of the kind); registering without a choice
is refused with a word on what to choose; the seed offers the five domains of DOMAIN.md with their categories."""

from __future__ import annotations

import pytest

from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.ui.i18n import install_translations
from desktop.ui.petitions.registration import RegistrationDialog
from tests.integration.test_petition_helpers import id_number, make_staff

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
DOMAINS = ["综治维稳", "城市管理", "安全生产", "生态环保", "民生保障"]


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


@pytest.fixture
def chinese(qapp):
    install_translations(qapp, "zh_CN")
    yield
    install_translations(qapp, "en")


def _fill_person_and_matter(dialog) -> None:
    dialog.name.setText("周小梅")
    dialog.id_number.setText(id_number(seq=512))
    dialog.content.setPlainText("公司拖欠三个月工资，多次讨要未果")
    dialog.requests.setPlainText("要求结清工资")


def test_nothing_is_preselected_and_the_clerk_must_choose(qtbot, chinese, staff):
    dialog = RegistrationDialog(staff.clerk, None)
    qtbot.addWidget(dialog)
    assert dialog.domain.currentIndex() == -1 and dialog.domain.currentText() == ""
    assert dialog.category.currentIndex() == -1 and dialog.category.count() == 0
    assert dialog.domain.placeholderText() and dialog.category.placeholderText()
    assert [dialog.domain.itemText(i) for i in range(dialog.domain.count())] == DOMAINS
    _fill_person_and_matter(dialog)
    dialog.register()
    assert dialog.case is None and dialog.result() != dialog.DialogCode.Accepted
    assert "类别" in dialog.banner.text()
    dialog.domain.setCurrentIndex(dialog.domain.findText("民生保障"))
    assert dialog.category.currentIndex() == -1 and dialog.category.count() > 10  # still the clerk's choice
    dialog.register()
    assert dialog.case is None and "类别" in dialog.banner.text()
    dialog.category.setCurrentIndex(dialog.category.findText("拖欠工资"))
    dialog.register()
    assert dialog.case is not None
    view = pt.get_case(staff.clerk.uow(), case_id=dialog.case.id)
    assert (view.domain, view.category) == ("民生保障", "拖欠工资")


def test_the_seed_is_a_sensible_two_level_set(staff, admin_ctx):
    items = center.list_categories(admin_ctx.uow())
    domains = [c for c in items if c.parent_id is None]
    assert [d.name for d in domains] == DOMAINS
    leaves = [c for c in items if c.parent_id is not None]
    assert 40 <= len(leaves) <= 70  # "one county uses 56"
    assert len({c.name for c in leaves}) == len(leaves), "a category name under two domains"
    for d in domains:
        mine = [c.name for c in leaves if c.parent_id == d.id]
        assert len(mine) >= 5 and any(n.startswith("其他") for n in mine), (d.name, mine)


def test_the_director_opens_the_petitions_on_the_board_not_on_an_empty_list(qtbot, staff):
    from desktop.ui.petitions.area import PetitionsArea

    area = PetitionsArea(staff.director, None)
    qtbot.addWidget(area)
    assert area.pages.currentWidget() is area.board  # the director has no cases of their own
    clerk_area = PetitionsArea(staff.clerk, None)
    qtbot.addWidget(clerk_area)
    assert clerk_area.tabs.currentIndex() == 0 and clerk_area.pages.currentWidget() is clerk_area.list
    qtbot.waitUntil(lambda: "(" in area.tabs.tabText(area.views.index("overdue")) or
                    area.list.model.rowCount() == 0 and not area.list.runner.is_running("load"), timeout=20000)

