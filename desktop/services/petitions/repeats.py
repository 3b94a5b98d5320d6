"""Repeat detection while registering: the same person's cases, similar matters, matters settled by 复核.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Person,
    Petition,
    PetitionCategory,
    PetitionParty,
)
from desktop.services.admin.settings import get_setting
from desktop.services.people import PersonInput, find_person_ids
from desktop.services.permissions import Permission, require
from desktop.services.petitions.access import (
    _case,
)
from desktop.services.petitions.dto import (
    RepeatCandidate,
)
from desktop.services.petitions.flow import (
    CLOSED,
    CONCLUDED,
    IN_PROGRESS,
    RECHECK,
    REVIEW,
    FinalDecision,
    PossibleRepeat,
)
from desktop.services.petitions.search import _text_condition
from desktop.services.similarity import NOT_TEXT, similarity

REPEAT_REASONS = ("person", "id_number", "phone", "name_village", "content")  # strongest first
CONTENT_CANDIDATES = 8  # similar matters of other people shown while registering


# ---------------------------------------------------------------- repeat detection

_NOT_TEXT = NOT_TEXT


def _chain_contents(uow, p: Petition) -> list[str]:
    """The contents of a case and the cases it reviews (a 复核 case's matter is its root petition's)."""
    out, current = [p.content], p
    while current.parent_id is not None:
        current = _case(uow, current.parent_id)
        out.append(current.content)
    return out


def _settled_by_recheck(uow, p: Petition) -> bool:
    """Whether the matter of ``p`` was settled by a concluded 复核 (on ``p`` itself or a case reviewing it)."""
    if p.kind == RECHECK:
        return p.status in (CONCLUDED, CLOSED)
    # Linked cases are few: fetch them by parent_id alone, so the planner always takes that index.
    linked = uow.session.execute(select(Petition.id, Petition.kind, Petition.status)
                                 .where(Petition.parent_id == p.id)).all()
    reviews = [i for i, kind, _ in linked if kind == REVIEW]
    if reviews:
        linked += uow.session.execute(select(Petition.id, Petition.kind, Petition.status)
                                      .where(Petition.parent_id.in_(reviews))).all()
    return any(kind == RECHECK and status in (CONCLUDED, CLOSED) for _, kind, status in linked)


def _cases_of(uow, person_ids) -> list[Petition]:
    if not person_ids:
        return []
    ids = select(PetitionParty.petition_id).where(PetitionParty.person_id.in_(list(person_ids)))
    return list(uow.session.scalars(select(Petition).where(Petition.id.in_(ids)).order_by(Petition.id.desc())
                                    .limit(200)))


def _refuse_repeats(uow, persons: Sequence[Person], category_id: int, content: str, reason: str) -> None:
    cases = _cases_of(uow, {p.id for p in persons})
    threshold = get_setting(uow, "petition_similarity_percent")
    for case in cases:
        if case.category_id == category_id and _settled_by_recheck(uow, case) and max(
                similarity(content, c) for c in _chain_contents(uow, case)) >= threshold:
            raise FinalDecision(case_no=case.case_no)
    in_progress = tuple(c.case_no for c in cases if c.status in IN_PROGRESS)
    if in_progress and not reason:
        raise PossibleRepeat(cases=in_progress)


def _similar_content_ids(uow, content: str, since: dt.datetime, limit: int = 200) -> list[int]:
    """Recent cases sharing a few four-character pieces of ``content`` (found through the search index)."""


    text = _NOT_TEXT.sub("", content or "")
    if len(text) < 4:
        return []
    step = max(1, (len(text) - 4) // 7)
    pieces = list(dict.fromkeys(text[i:i + 4] for i in range(0, len(text) - 3, step)))[:8]
    condition = _text_condition(uow, pieces, any_term=True)
    return list(uow.session.scalars(select(Petition.id).where(condition, Petition.received_at >= since)
                                    .order_by(Petition.id.desc()).limit(limit)))


def find_repeats(uow: UnitOfWork, *, petitioners: Sequence[PersonInput], content: str = "",
                 exclude_case_id: int | None = None) -> list[RepeatCandidate]:
    """While registering: cases of the same person (same ID number, phone, or name + village), then a few
    recent cases of other people with similar content (the same village first), each with why it matched.
    Cases still in progress come first."""
    with uow:
        require(uow, Permission.REGISTER_PETITION)
        matched = find_person_ids(uow, petitioners)
        reasons: dict[int, set[str]] = {}
        for pid, how in matched.items():
            for case in _cases_of(uow, {pid}):
                reasons.setdefault(case.id, set()).update(how)
        threshold = get_setting(uow, "petition_similarity_percent")
        since = uow.now() - dt.timedelta(days=get_setting(uow, "petition_repeat_lookback_days"))
        scores: dict[int, int] = {}
        if content.strip():
            for case_id in _similar_content_ids(uow, content, since):
                scores[case_id] = -1  # scored below
        ids = [i for i in set(reasons) | set(scores) if i != exclude_case_id]
        if not ids:
            return []
        villages = {(p.village or "").strip() for p in petitioners} - {""}
        by_person, by_content = [], []
        for case in uow.session.scalars(select(Petition).where(Petition.id.in_(ids))):
            score = similarity(content, case.content) if content.strip() else 0
            if case.id in reasons:
                by_person.append((case, score))
            elif score >= threshold:
                by_content.append((case, score))
        # someone else's similar matter: the same village first, the most similar, a handful
        by_content.sort(key=lambda x: (x[0].village not in villages, -x[1], -x[0].id))
        categories = {c.id: c.name for c in uow.session.scalars(select(PetitionCategory))}
        out = []
        for case, score in by_person + by_content[:CONTENT_CANDIDATES]:
            why = reasons.get(case.id, set()) | ({"content"} if score >= threshold else set())
            out.append(RepeatCandidate(case.id, case.case_no, case.kind, case.status, case.received_at,
                                       case.petitioner_names, categories.get(case.category_id, ""),
                                       case.content, tuple(r for r in REPEAT_REASONS if r in why), score,
                                       case.status in IN_PROGRESS, _settled_by_recheck(uow, case)))
        out.sort(key=lambda c: (c.reasons[0] == "content", not c.in_progress, -c.similarity, -c.id))
        return out


