"""Repeats across modules: while a clerk registers a window matter, the same person's open matters of any kind
(window, petition, dispute, work order) whose summary is like the new one, each with the reason in words
(「同一人有未办结事项 HS-2026-000123（信访，相似度 63%）」). The clerk is warned; they may still register.

The likeness is the one petitions use for repeats (desktop.services.similarity, setting
``petition_similarity_percent``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import Matter
from desktop.models.matters import OPEN
from desktop.services.admin.settings import get_setting
from desktop.services.matters.lookup import KIND_NAMES
from desktop.services.people import PersonInput, find_person_ids
from desktop.services.permissions import Permission, require
from desktop.services.similarity import similarity

# how a typed person counts as the same person (a name and village alone do not)
SAME_PERSON = {"person", "id_number", "phone"}


@dataclass(frozen=True)
class SimilarMatter:
    matter_id: int
    code: str
    kind: str
    summary: str
    similarity: int  # percent
    reason: str  # 「同一人有未办结事项 HS-…（信访，相似度 63%）」


def _person_ids(uow: UnitOfWork, person_id: int | None, person: PersonInput | None) -> set[int]:
    ids = {person_id} if person_id is not None else set()
    if person is not None:
        ids |= {pid for pid, how in find_person_ids(uow, [person]).items() if how & SAME_PERSON}
    return ids


def similar_open_matters(uow: UnitOfWork, *, person_id: int | None, summary: str,
                         person: PersonInput | None = None) -> list[SimilarMatter]:
    """Open matters of the person (``person_id``, or the stored person a typed ``person`` names by ID number or
    phone) whose summary is at least ``petition_similarity_percent`` alike ``summary``; the most alike first."""
    with uow:
        require(uow, Permission.REGISTER_MATTER)
        ids = _person_ids(uow, person_id, person)
        if not ids or not (summary or "").strip():
            return []
        threshold = get_setting(uow, "petition_similarity_percent")
        rows = uow.session.scalars(select(Matter).where(Matter.person_id.in_(sorted(ids)), Matter.state == OPEN)
                                   .order_by(Matter.id.desc()).limit(200))
        out = []
        for m in rows:
            score = similarity(summary, m.summary)
            if score >= threshold:
                words = KIND_NAMES.get(m.kind, m.kind)
                out.append(SimilarMatter(m.id, m.code, m.kind, m.summary[:120], score,
                                         f"同一人有未办结事项 {m.code}（{words}，相似度 {score}%）"))
        out.sort(key=lambda s: (-s.similarity, -s.matter_id))
        return out
