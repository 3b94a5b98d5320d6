"""Search conditions over petitions (inside an open unit of work), shared by the lists and by repeat detection.

Search finds Chinese substrings of the case number, petitioner names, content and requests:

- terms of three characters or more go through the trigram index (PostgreSQL pg_trgm GIN index on
  PG_SEARCH_EXPRESSION; SQLite FTS5 ``petition_fts`` with the trigram tokenizer), both made by migration 0003;
- a search of only shorter terms (a two-character name such as 王芳) finds cases of people whose name starts
  with it, through the name index.
"""

from __future__ import annotations

from sqlalchemy import and_, literal_column, or_, select, text, true

from desktop.db import UnitOfWork
from desktop.models import Petition, PetitionParty
from desktop.services.people import people_named

PG_SEARCH_EXPRESSION = "(petition.case_no || ' ' || petition.petitioner_names || ' ' || petition.content || ' ' " \
                       "|| petition.requests)"
MIN_INDEXED_TERM = 3


def _like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _text_condition(uow: UnitOfWork, terms: list[str], *, any_term: bool = False):
    """Cases whose searchable text contains every term (or any, with ``any_term``), through the trigram
    index. Each term must have at least three characters."""
    if uow.kind == "sqlite":
        query = (" OR " if any_term else " AND ").join(_fts_phrase(t) for t in terms)
        return Petition.id.in_(text("SELECT rowid FROM petition_fts WHERE petition_fts MATCH :fts")
                               .bindparams(fts=query).columns(literal_column("rowid")))
    expression = literal_column(PG_SEARCH_EXPRESSION)
    parts = [expression.ilike(_like_pattern(t), escape="\\") for t in terms]
    return or_(*parts) if any_term else and_(*parts)


def _contains(term: str):
    pattern = _like_pattern(term)
    return or_(*[column.like(pattern, escape="\\") for column in
                 (Petition.case_no, Petition.petitioner_names, Petition.content, Petition.requests)])


def _search_condition(uow: UnitOfWork, query: str):
    """The search box: every whitespace-separated term must occur."""
    terms = query.split()
    if not terms:
        return true()
    long_terms = [t for t in terms if len(t) >= MIN_INDEXED_TERM]
    short_terms = [t for t in terms if len(t) < MIN_INDEXED_TERM]
    if long_terms:
        conditions = [_text_condition(uow, long_terms)]
    else:  # a short name: people whose name starts with it
        named = select(PetitionParty.petition_id).where(PetitionParty.person_id.in_(people_named(uow, short_terms[0])))
        conditions = [Petition.id.in_(named)]
        short_terms = short_terms[1:]
    conditions += [_contains(t) for t in short_terms]
    return and_(*conditions)

