"""Inside one batch's transaction of an import: the rows written with multi-row inserts — callers, cases
(their numbers and receipt query codes taken for the batch), parties, register steps and work-order keys.
``_Writing`` carries what one batch hands on to the next (the callers and cases made so far)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.models import (
    Center,
    ImportedWorkOrder,
    Person,
    Petition,
    PetitionParty,
    PetitionStep,
)
from desktop.services.case_numbers import PETITION as PETITION_NUMBERS
from desktop.services.case_numbers import format_case_number, take_serials
from desktop.services.deadlines import DUE_ACCEPT
from desktop.services.intake._common import NEW, PERSON_KEY, _chunks, _json, content_hash
from desktop.services.intake.bulk import _bulk_insert
from desktop.services.intake.headers import ADDRESS, CALLER_NAME, CONTENT, GRID, PHONE, VILLAGE, WORK_ORDER_NO
from desktop.services.intake.matter_rows import insert_matters
from desktop.services.intake.rows import _Row
from desktop.services.petitions import PETITION, QUERY_CODE_ALPHABET, REGISTERED, actor_name


def _take_case_numbers(uow, year: int, count: int) -> list[tuple[int, str]]:
    """``count`` consecutive petition numbers for ``year`` in one counter update."""
    serials = take_serials(uow, kind=PETITION_NUMBERS, year=year, count=count)
    abbr = uow.session.scalar(select(Center.case_abbr).limit(1)) or ""
    return [(seq, format_case_number(abbr=abbr, kind=PETITION_NUMBERS, year=year, seq=seq)) for seq in serials]


def _query_codes(uow, count: int) -> list[str]:
    """``count`` distinct receipt query codes that no stored case has."""
    codes: list[str] = []
    taken: set[str] = set()
    while len(codes) < count:
        batch = []
        while len(batch) < count - len(codes):
            code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))
            if code not in taken:
                taken.add(code)
                batch.append(code)
        clash = set()
        for chunk in _chunks(batch):
            clash.update(uow.session.scalars(select(Petition.query_code).where(Petition.query_code.in_(chunk))))
        codes.extend(c for c in batch if c not in clash)
    return codes


@dataclass
class _Writing:
    """What writing the new and repeat rows carries from one batch to the next."""

    uow: object
    source: str
    now: dt.datetime  # the import's time, the same on every row
    batch_id: int
    accept_due: dt.date
    people: dict[object, int]  # (name, phone) -> person id, stored or new
    step_base: dict
    resumed: bool = False  # an interrupted import of the file taken over
    numbers: Iterator[tuple[int, str]] = field(default_factory=lambda: iter(()))  # this batch's case numbers
    codes: Iterator[str] = field(default_factory=lambda: iter(()))  # their receipt query codes
    matters: Iterator[int] = field(default_factory=lambda: iter(()))  # their matters (一案一码)
    case_of_row: dict[int, int] = field(default_factory=dict)
    case_no_of_row: dict[int, str] = field(default_factory=dict)
    repeat_counts: dict[int, int] = field(default_factory=dict)


def _write_chunk(w: _Writing, chunk: list[_Row]) -> None:
    """One round of multi-row inserts: callers first (their ids go into the party rows), the cases (their
    numbers taken now, in this transaction), then the parties, register steps and work-order keys."""
    new = sum(r.status == NEW for r in chunk)
    w.numbers = iter(_take_case_numbers(w.uow, w.now.year, new))
    w.codes = iter(_query_codes(w.uow, new))
    person_key = _insert_callers(w, chunk)
    w.matters = iter(insert_matters(w.uow, [(r, w.people[person_key[r.row_no]]) for r in chunk if r.status == NEW],
                                    now=w.now, accept_due=w.accept_due))
    petitions = _insert_cases(w, chunk)
    case_ids = iter(petitions)
    parties, steps, keys = [], [], []
    for r in chunk:
        if r.status == NEW:
            case_id, case_no = next(case_ids)
            w.case_of_row[r.row_no], w.case_no_of_row[r.row_no] = case_id, case_no
            parties.append({"petition_id": case_id, "person_id": w.people[person_key[r.row_no]], "position": 0})
            steps.append(_register_step(w, r, case_id))
            linked_as = "new"
        else:
            case_id = r.case_id if r.case_id is not None else w.case_of_row[r.repeat_of_row]
            r.case_id = case_id
            r.case_no = r.case_no or w.case_no_of_row.get(r.repeat_of_row, "")
            w.repeat_counts[case_id] = w.repeat_counts.get(case_id, 0) + 1
            linked_as = "repeat"
        v = r.values
        keys.append({"source": w.source, "work_order_no": v[WORK_ORDER_NO], "petition_id": case_id,
                     "linked_as": linked_as, "content_hash": content_hash(w.uow, v), "data": v,
                     "received_at": r.received_at, "requested_due_on": r.requested_due_on,
                     "batch_id": w.batch_id, "updated_batch_id": None, "imported_at": w.now, "updated_at": None})
    _bulk_insert(w.uow, PetitionParty, parties)
    _bulk_insert(w.uow, PetitionStep, steps)
    _bulk_insert(w.uow, ImportedWorkOrder, keys)


def _insert_callers(w: _Writing, chunk: list[_Row]) -> dict[int, object]:
    """The callers of the new rows not stored yet (the same name and phone is one person); returns each
    new row's caller key."""
    new_people: dict[object, dict] = {}
    person_key: dict[int, object] = {}
    for r in chunk:
        if r.status != NEW:
            continue
        v = r.values
        key = (v[CALLER_NAME], v.get(PHONE, "")) if v.get(PHONE) else ("row", r.row_no)
        person_key[r.row_no] = key
        if key not in w.people and key not in new_people:
            new_people[key] = {"name": v[CALLER_NAME], "phone": v.get(PHONE, ""), "address": v.get(ADDRESS, ""),
                               "village": v.get(VILLAGE, ""), "grid": v.get(GRID, ""), "organisation": "",
                               "created_at": w.now, "updated_at": w.now, "version": 1}
    ids = _bulk_insert(w.uow, Person, list(new_people.values()), key=PERSON_KEY)
    w.people.update(zip(new_people, ids, strict=True))
    return person_key


def _insert_cases(w: _Writing, chunk: list[_Row]) -> list[tuple[int, str]]:
    """The cases of the new rows; returns (id, case number) of each, in the order of the rows."""
    uow, now = w.uow, w.now
    petitions = []
    for r in chunk:
        if r.status != NEW:
            continue
        v = r.values
        seq, case_no = next(w.numbers)
        petitions.append({
            "case_no": case_no, "case_year": now.year, "case_seq": seq, "kind": PETITION, "source": w.source,
            "category_id": r.category_id, "content": v[CONTENT], "requests": "",
            "petitioner_names": v[CALLER_NAME], "village": v.get(VILLAGE, ""), "grid": v.get(GRID, ""),
            "status": REGISTERED, "received_at": r.received_at or now, "query_code": next(w.codes),
            "registered_by_id": uow.actor.user_id, "handler_id": uow.actor.user_id,
            "accept_due_on": w.accept_due, "extended_days": 0, "hearing_days": 0, "dissatisfied": False,
            "repeat_count": 0, "new_case_reason": "", "due_on": w.accept_due, "due_kind": DUE_ACCEPT,
            "updated_at": now, "version": 1, "matter_id": next(w.matters)})
    ids = _bulk_insert(uow, Petition, petitions, key=("case_no",))
    return list(zip(ids, (p["case_no"] for p in petitions), strict=True))


def _register_step(w: _Writing, r: _Row, case_id: int) -> dict:
    uow = w.uow
    return {"petition_id": case_id, "action": "register", "at": w.now, "actor_id": uow.actor.user_id,
            "actor_name": actor_name(uow), "from_status": "", "to_status": REGISTERED, "note": "",
            "detail": {**w.step_base, "work_order_no": r.values[WORK_ORDER_NO], "ticket_id": None,
                       "attachments": 0, "accept_due_on": w.accept_due.isoformat(),
                       "requested_due_on": _json(r.requested_due_on), "open_cases": list(r.open_cases)}}
