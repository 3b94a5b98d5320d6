"""The platform's category names matched to our level-two categories: by name, by domain and name, and
through the synonym table, also part by part of a path such as "城市管理-市容环境-占道经营"."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.models import CategorySynonym, PetitionCategory
from desktop.services.intake._common import OTHER_CATEGORY
from desktop.services.intake.headers import norm


@dataclass
class _Categories:
    by_name: dict[str, int]  # normalised level-two name -> id
    by_path: dict[str, int]  # normalised domain + name -> id
    synonyms: dict[str, int]
    names: dict[int, str]
    other_id: int | None
    cache: dict[str, tuple[int | None, bool]] = field(default_factory=dict)

    def match(self, text: str) -> tuple[int | None, bool]:
        """(category id, matched); an unmatched name gives (the 其他 id, False)."""
        if text in self.cache:
            return self.cache[text]
        found = self._find(text)
        result = (found, True) if found is not None else (self.other_id, False)
        self.cache[text] = result
        return result

    def _find(self, text: str) -> int | None:
        key = norm(text)
        if not key:
            return None
        for table in (self.synonyms, self.by_name, self.by_path):
            if key in table:
                return table[key]
        parts = [norm(p) for p in _split_path(text)]
        parts = [p for p in parts if p]
        for i in range(len(parts) - 1, -1, -1):  # the most specific part first
            for table in (self.synonyms, self.by_name):
                if parts[i] in table:
                    return table[parts[i]]
            if i > 0 and parts[i - 1] + parts[i] in self.by_path:
                return self.by_path[parts[i - 1] + parts[i]]
        return None


def _split_path(text: str) -> list[str]:
    import re

    return re.split(r"\s*(?:->|>|＞|/|／|\\|-|—|－|\||｜|、|,|，|;|；)\s*", text)


def _load_categories(uow) -> _Categories:
    rows = list(uow.session.execute(select(PetitionCategory.id, PetitionCategory.parent_id, PetitionCategory.name,
                                           PetitionCategory.active).order_by(PetitionCategory.sort_order,
                                                                             PetitionCategory.id)))
    domains = {r.id: r.name for r in rows if r.parent_id is None}
    by_name: dict[str, int] = {}
    by_path: dict[str, int] = {}
    names: dict[int, str] = {}
    other_id = None
    for r in rows:
        if r.parent_id is None:
            continue
        names[r.id] = r.name
        if not r.active:
            continue
        by_name.setdefault(norm(r.name), r.id)
        by_path.setdefault(norm(domains.get(r.parent_id, "")) + norm(r.name), r.id)
        if r.name == OTHER_CATEGORY and other_id is None:
            other_id = r.id
    synonyms = {s.key: s.category_id for s in uow.session.execute(
        select(CategorySynonym.key, CategorySynonym.category_id))}
    return _Categories(by_name, by_path, synonyms, names, other_id)
