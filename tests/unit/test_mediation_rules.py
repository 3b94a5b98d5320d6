"""The pure rules of mediation and scheduling, without a database: 第二十九条 completeness, month deadlines,
the organisation resource key, slot arithmetic, who is the same person, records as who said what, and the
short room names of the week calendar."""

import datetime as dt
from types import SimpleNamespace

from desktop.services.mediation import TermInput, add_months, missing_items, org_key, same_person, utterances
from desktop.services.mediation.slots import _ceil, _free, _merge

PARTIES = [{"side": "applicant", "kind": "person", "name": "李明", "address": "虎丘村", "has_id_number": True},
           {"side": "respondent", "kind": "organisation", "name": "虎丘物业", "address": "工业园", "org_legal_rep": "吴建"}]
DAY = dt.date(2026, 12, 1)


def test_a_complete_written_agreement_misses_nothing():
    terms = [TermInput("赔偿800元", "赵强", "现金", DAY)]
    assert missing_items("written", PARTIES, "事实", "争议", "责任", "", terms) == ()


def test_every_missing_item_is_named_in_order():
    terms = [TermInput("", "", "", None), TermInput("道歉", "", "当面", DAY)]
    parties = [dict(PARTIES[0], has_id_number=False, address=""), dict(PARTIES[1], org_legal_rep="")]
    assert missing_items("written", parties, " ", "争议", "", "", terms) == (
        "party_id_number:1", "party_address:1", "party_representative:2", "facts", "responsibilities",
        "term_content:1", "term_method:1", "term_deadline:1")
    assert missing_items("written", PARTIES[:1], "事实", "争议", "责任", "", terms[1:]) == ("parties",)
    assert missing_items("written", PARTIES, "事实", "争议", "责任", "", []) == ("terms",)


def test_an_oral_agreement_needs_its_content_and_deadlines_of_any_terms():
    assert missing_items("oral", PARTIES, "", "", "", "", []) == ("oral_content",)
    assert missing_items("oral", PARTIES, "", "", "", "各退一步", [TermInput("付款", "", "", None)]) == (
        "term_deadline:1",)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(dt.date(2026, 11, 20), 1) == dt.date(2026, 12, 20)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


def test_an_organisation_is_one_resource_however_it_is_spaced_or_cased():
    assert org_key("虎丘 物业 Co") == org_key("虎丘物业co") == "org:虎丘物业co"


def test_intervals_merge_and_touching_ones_are_free():
    a = dt.datetime(2026, 11, 23, 9)
    busy = _merge([(a, a + dt.timedelta(hours=1)), (a + dt.timedelta(minutes=30), a + dt.timedelta(hours=2)),
                   (a + dt.timedelta(hours=3), a + dt.timedelta(hours=4))])
    assert busy == [(a, a + dt.timedelta(hours=2)), (a + dt.timedelta(hours=3), a + dt.timedelta(hours=4))]
    assert _free(busy, a + dt.timedelta(hours=2), a + dt.timedelta(hours=3))  # touching both
    assert not _free(busy, a + dt.timedelta(minutes=119), a + dt.timedelta(hours=3))


def test_times_round_up_to_the_quarter_hour():
    step = dt.timedelta(minutes=15)
    assert _ceil(dt.datetime(2026, 11, 23, 10, 7), step) == dt.datetime(2026, 11, 23, 10, 15)
    assert _ceil(dt.datetime(2026, 11, 23, 10, 15), step) == dt.datetime(2026, 11, 23, 10, 15)


def test_same_person_by_record_or_by_name_and_phone():
    m = SimpleNamespace(person_id=None, phone="138 0000 1111", name="王德顺")
    p = SimpleNamespace(kind="person", person_id=7, name="王德顺")
    assert same_person(m, p, "13800001111")
    assert not same_person(m, p, "13900002222")  # a namesake
    assert not same_person(SimpleNamespace(person_id=None, phone="", name="王德顺"), p, "")  # no phone: unknown
    assert same_person(SimpleNamespace(person_id=7, phone="", name="别名"), p, None)
    assert not same_person(m, SimpleNamespace(kind="organisation", person_id=None, name="王德顺"), "13800001111")


def test_a_record_becomes_who_said_what():
    text = "双方到场。\n调解员：请陈述。\n申请人李明：院墙越界。\n有照片为证。\n被申请人赵强:不同意"
    assert [(u.speaker, u.text) for u in utterances(text)] == [
        ("记录", "双方到场。"), ("调解员", "请陈述。"), ("申请人李明", "院墙越界。\n有照片为证。"), ("被申请人赵强", "不同意")]


def test_week_columns_use_two_characters_per_room():
    from desktop.ui.schedule.calendar import short_room_name

    assert [short_room_name(n) for n in ("人民调解室一", "人民调解室二", "警民联调室", "领导接访室", "心理疏导室", "听证室")] == [
        "调一", "调二", "警民", "领导", "心理", "听证"]
