"""Inside an open unit of work: the stored people who may be the callers of new rows, and their cases that
repeat detection looks at (in progress, or settled by 复核), loaded once per file."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, tuple_

from desktop.models import Person, Petition, PetitionParty
from desktop.services.intake._common import _chunks
from desktop.services.intake.headers import CALLER_NAME, PHONE, VILLAGE
from desktop.services.intake.rows import _Row
from desktop.services.petitions import CLOSED, CONCLUDED, IN_PROGRESS, RECHECK


def _settled_ids(uow) -> set[int]:
    """Cases whose matter was settled by a concluded 复核: the 复核 cases, the 复查 they review and the
    petitions those review (desktop.services.petitions._settled_by_recheck, for every case at once)."""
    review = Petition.__table__.alias("review")
    recheck = Petition.__table__.alias("recheck")
    out: set[int] = set()
    for rid, parent, grandparent in uow.session.execute(
            select(recheck.c.id, recheck.c.parent_id, review.c.parent_id)
            .select_from(recheck.outerjoin(review, review.c.id == recheck.c.parent_id))
            .where(recheck.c.kind == RECHECK, recheck.c.status.in_((CONCLUDED, CLOSED)))):
        out.update(i for i in (rid, parent, grandparent) if i is not None)
    return out


@dataclass
class _Case:
    id: int
    case_no: str
    status: str
    category_id: int
    contents: list[str]  # its content and the contents of the cases it reviews
    settled: bool


def _load_people_and_cases(uow, rows: list[_Row]):
    """People who may be the callers of ``rows`` (same phone, or same name and village), and their cases
    that repeat detection looks at: in progress, or settled by 复核."""
    people = _load_people(uow.session, rows)
    by_phone, by_name_village, reuse = _index_people(people)
    cases, cases_of, parents = _load_cases(uow, people)
    _add_reviewed_contents(uow.session, cases, parents)
    return by_phone, by_name_village, reuse, cases, cases_of


def _load_people(s, rows: list[_Row]) -> dict[int, tuple[str, str, str]]:
    """person id -> (name, phone, village) of the stored people with a phone, or a name and village, of
    ``rows``."""
    phones = sorted({r.values.get(PHONE) for r in rows if r.values.get(PHONE)})
    pairs = sorted({(r.values.get(CALLER_NAME, ""), r.values.get(VILLAGE, "")) for r in rows
                    if r.values.get(CALLER_NAME) and r.values.get(VILLAGE)})
    people: dict[int, tuple[str, str, str]] = {}
    for chunk in _chunks(phones):
        for pid, name, phone, village in s.execute(select(Person.id, Person.name, Person.phone, Person.village)
                                                   .where(Person.phone_hash.in_(chunk))):
            people[pid] = (name, phone, village)
    for chunk in _chunks(pairs):
        for pid, name, phone, village in s.execute(select(Person.id, Person.name, Person.phone, Person.village)
                                                   .where(tuple_(Person.name, Person.village).in_(chunk))):
            people[pid] = (name, phone, village)
    return people


def _index_people(people: dict[int, tuple[str, str, str]]):
    """The people by phone and by (name, village), and the one to reuse for a (name, phone)."""
    by_phone: dict[str, set[int]] = {}
    by_name_village: dict[tuple[str, str], set[int]] = {}
    reuse: dict[tuple[str, str], int] = {}
    for pid, (name, phone, village) in sorted(people.items()):
        if phone:
            by_phone.setdefault(phone, set()).add(pid)
            reuse.setdefault((name, phone), pid)
        if village:
            by_name_village.setdefault((name, village), set()).add(pid)
    return by_phone, by_name_village, reuse


def _load_cases(uow, people: dict[int, tuple[str, str, str]]):
    """The cases of ``people`` in progress or settled by 复核, the case ids of each person, and the case
    each settled 复查/复核 reviews."""
    s = uow.session
    settled = _settled_ids(uow)
    cases: dict[int, _Case] = {}
    cases_of: dict[int, list[int]] = {}
    wanted = tuple(IN_PROGRESS | {CLOSED})
    parents: dict[int, int] = {}
    for chunk in _chunks(sorted(people)):
        for person_id, cid, case_no, status, category_id, content, parent_id in s.execute(
                select(PetitionParty.person_id, Petition.id, Petition.case_no, Petition.status,
                       Petition.category_id, Petition.content, Petition.parent_id)
                .join(Petition, Petition.id == PetitionParty.petition_id)
                .where(PetitionParty.person_id.in_(chunk), Petition.status.in_(wanted))):
            is_settled = cid in settled
            if status not in IN_PROGRESS and not is_settled:
                continue
            cases.setdefault(cid, _Case(cid, case_no, status, category_id, [content], is_settled))
            cases_of.setdefault(person_id, []).append(cid)
            if parent_id is not None and is_settled:
                parents[cid] = parent_id
    return cases, cases_of, parents


def _add_reviewed_contents(s, cases: dict[int, _Case], parents: dict[int, int]) -> None:
    """A settled 复查/复核 case is compared with the matter it reviews too: the contents up its chain."""
    pending = dict(parents)
    while pending:
        ids = sorted(set(pending.values()))
        found = {}
        for chunk in _chunks(ids):
            for pid, content, parent_id in s.execute(select(Petition.id, Petition.content, Petition.parent_id)
                                                     .where(Petition.id.in_(chunk))):
                found[pid] = (content, parent_id)
        nxt = {}
        for cid, parent in pending.items():
            if parent in found:
                content, grand = found[parent]
                cases[cid].contents.append(content)
                if grand is not None:
                    nxt[cid] = grand
        pending = nxt
