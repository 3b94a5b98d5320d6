"""The synonym table an administrator edits: the platform's category names that mean one of ours, and the
names that went to 其他 lately and still match nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.models import CategorySynonym, ImportBatch, PetitionCategory
from desktop.services.errors import Duplicate, Invalid, NotFound, PermissionDenied
from desktop.services.intake.categories import _load_categories
from desktop.services.intake.dto import SynonymInfo, UnmatchedName
from desktop.services.intake.headers import norm
from desktop.services.permissions import Permission, can, require
from desktop.services.petitions import actor_name


def _require_configure(uow) -> None:
    require(uow, Permission.CONFIGURE_CENTER)


def _may_read_synonyms(uow) -> None:
    if uow.actor.role == "system":
        return
    if not (can(uow.actor.role, Permission.CONFIGURE_CENTER) or can(uow.actor.role, Permission.IMPORT_WORK_ORDERS)):
        raise PermissionDenied(role=uow.actor.role, permission=Permission.CONFIGURE_CENTER.value)


def list_synonyms(uow) -> list[SynonymInfo]:
    with uow:
        _may_read_synonyms(uow)
        categories = {c.id: (c.name, c.parent_id) for c in uow.session.scalars(select(PetitionCategory))}
        out = []
        for syn in uow.session.scalars(select(CategorySynonym).order_by(CategorySynonym.name)):
            name, parent = categories.get(syn.category_id, ("", None))
            out.append(SynonymInfo(syn.id, syn.name, syn.category_id, name,
                                   categories.get(parent, ("", None))[0] if parent else ""))
        return out


def save_synonym(uow, *, name: str, category_id: int, synonym_id: int | None = None) -> SynonymInfo:
    """Add or change a synonym: the platform's category ``name`` means our level-two category."""
    with uow:
        _require_configure(uow)
        uow.action = "intake.synonym"
        name = " ".join((name or "").split())
        key = norm(name)
        if not key:
            raise Invalid(field="synonym", reason="empty")
        if len(name) > 60:
            raise Invalid(field="synonym", reason="length", maximum=60)
        category = uow.session.get(PetitionCategory, category_id)
        if category is None:
            raise NotFound(entity="petition_category", key=category_id)
        if category.parent_id is None:
            raise Invalid(field="category_id", reason="level_two")
        clash = uow.session.scalar(select(CategorySynonym).where(CategorySynonym.key == key))
        if clash is not None and clash.id != synonym_id:
            raise Duplicate(entity="category_synonym", field="synonym", value=clash.name)
        if synonym_id is None:
            syn = CategorySynonym(name=name, key=key, category_id=category_id, created_at=uow.now(),
                                  created_by_name=actor_name(uow)[:40])
            uow.session.add(syn)
        else:
            syn = uow.session.get(CategorySynonym, synonym_id)
            if syn is None:
                raise NotFound(entity="category_synonym", key=synonym_id)
            syn.name, syn.key, syn.category_id = name, key, category_id
        uow.session.flush()
        domain = uow.session.get(PetitionCategory, category.parent_id)
        info = SynonymInfo(syn.id, syn.name, category.id, category.name, domain.name if domain else "")
        uow.commit()
        return info


def delete_synonym(uow, *, synonym_id: int) -> None:
    with uow:
        _require_configure(uow)
        uow.action = "intake.synonym"
        syn = uow.session.get(CategorySynonym, synonym_id)
        if syn is None:
            raise NotFound(entity="category_synonym", key=synonym_id)
        uow.session.delete(syn)
        uow.commit()


def unmatched_category_names(uow, *, batches: int = 50) -> list[UnmatchedName]:
    """Platform category names that went to 其他 in the latest imports and still match nothing: what the
    administrator should add to the synonym table."""
    with uow:
        _may_read_synonyms(uow)
        categories = _load_categories(uow)
        seen: dict[str, tuple[int, dt.datetime]] = {}
        for names, at in uow.session.execute(select(ImportBatch.unmatched_categories, ImportBatch.imported_at)
                                             .order_by(ImportBatch.id.desc()).limit(batches)):
            for name in names or ():
                if not name or categories.match(name)[1]:
                    continue
                rows, last = seen.get(name, (0, at))
                seen[name] = (rows + 1, max(last, at))
        return [UnmatchedName(n, rows, last) for n, (rows, last) in
                sorted(seen.items(), key=lambda kv: (-kv[1][0], kv[0]))]
