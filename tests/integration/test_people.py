"""People on both databases: lookup by ID, phone or name; updates; masking everywhere; audited reveals."""

import pytest

from desktop.services import audit, people
from desktop.services import petitions as pt
from desktop.services.errors import Conflict, Duplicate, PermissionDenied
from desktop.services.people import PersonInput
from desktop.services.petitions import PetitionFilter, list_petitions
from tests.integration.test_petition_helpers import id_number, make_staff, petitioner, register


@pytest.fixture
def staff(admin_ctx):
    return make_staff(admin_ctx)


def test_lookup_by_id_number_phone_or_name_prefix(staff, admin_ctx):
    zhang = people.save_person(staff.clerk.uow(), data=petitioner("张三"))
    people.save_person(staff.clerk.uow(), data=PersonInput(name="张三丰", phone="0512-65551234", village="新庄村"))
    people.save_person(staff.clerk.uow(), data=PersonInput(name="李四", organisation="虎丘建材厂"))
    assert [p.id for p in people.find_people(staff.clerk.uow(), text=id_number())] == [zhang.id]
    assert [p.name for p in people.find_people(staff.clerk.uow(), text="138 1234 5678")] == ["张三"]
    assert [p.name for p in people.find_people(staff.clerk.uow(), text="051265551234")] == ["张三丰"]
    assert [p.name for p in people.find_people(staff.clerk.uow(), text="张三")] == ["张三", "张三丰"]
    assert [p.name for p in people.find_people(staff.clerk.uow(), text="张三 新庄村")] == ["张三丰"]
    assert people.find_people(staff.clerk.uow(), text="王") == []
    found = people.find_people(staff.clerk.uow(), text="张三")[0]
    assert (found.id_number_masked, found.phone_masked) == ("3205**********1239", "138****5678")
    assert (found.gender, str(found.birth_date)) == ("M", "1980-01-01")
    with pytest.raises(PermissionDenied):  # the administrator has no business with petitioners
        people.find_people(admin_ctx.uow(), text="张三")


def test_a_person_without_id_number_or_an_organisation_representative_can_exist(staff):
    rep = people.save_person(staff.clerk.uow(), data=PersonInput(name="王经理", organisation="虎丘建材厂"))
    assert (rep.has_id_number, rep.id_number_masked, rep.gender, rep.birth_date) == (False, "", None, None)
    other = people.save_person(staff.clerk.uow(), data=PersonInput(name="无证人员"))
    assert other.id != rep.id


def test_known_id_number_for_another_name_is_refused_and_updates_check_the_version(staff):
    zhang = people.save_person(staff.clerk.uow(), data=petitioner("张三"))
    with pytest.raises(Duplicate) as err:
        people.save_person(staff.clerk.uow(), data=PersonInput(name="张山", id_number=id_number()))
    assert err.value.value == "3205**********1239"  # even the error shows it masked
    updated = people.save_person(staff.clerk.uow(), data=PersonInput(
        name="张三", person_id=zhang.id, version=zhang.version, address="虎丘村2组", village="虎丘村"))
    assert updated.address == "虎丘村2组" and updated.phone_masked == "138****5678"  # phone None: kept
    with pytest.raises(Conflict):
        people.save_person(staff.clerk2.uow(), data=PersonInput(name="张三", person_id=zhang.id, version=zhang.version,
                                                           address="别处"))


def test_reveal_needs_the_permission_and_is_audited_and_the_audit_log_never_holds_the_number(staff):
    zhang = people.save_person(staff.clerk.uow(), data=petitioner("张三"))
    with pytest.raises(PermissionDenied):
        people.reveal_person(staff.clerk.uow(), person_id=zhang.id, field="id_number")
    assert people.reveal_person(staff.director.uow(), person_id=zhang.id, field="id_number") == id_number()
    assert people.reveal_person(staff.supervisor.uow(), person_id=zhang.id, field="phone") == "13812345678"
    entries = audit.list_audit(staff.director.uow(), where=audit.AuditFilter(entity="person"))
    reveals = [e for e in entries if e.action == "person.reveal"]
    assert [(e.actor_name, e.after["field"]) for e in reveals] == [("supervisor", "phone"), ("director", "id_number")]
    inserted = next(e for e in entries if e.operation == "insert")
    assert inserted.after["id_number"] == "***" and inserted.after["phone"] == "***"
    assert id_number() not in str([e.after for e in entries])


def test_a_rename_reaches_the_cases_and_their_search(staff):
    case = register(staff.clerk, staff)
    view = pt.get_case(staff.clerk.uow(), case_id=case.id)
    person = view.people[0]
    people.save_person(staff.clerk.uow(), data=PersonInput(name="张叁", person_id=person.id, version=person.version,
                                                      village="虎丘村"))
    assert pt.get_case(staff.clerk.uow(), case_id=case.id).people[0].name == "张叁"
    rows = list_petitions(staff.clerk.uow(), filters=PetitionFilter(text="张叁"))
    assert [(r.id, r.petitioner_names) for r in rows] == [(case.id, "张叁")]
    assert list_petitions(staff.clerk.uow(), filters=PetitionFilter(text="张三")) == []
