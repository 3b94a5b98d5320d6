"""People: petitioners now, mediation parties later.

Resident ID numbers (GB 11643) are checked with python-stdnum's ``stdnum.cn.ric`` for length, format and
the ISO 7064 MOD 11-2 check character, plus a birth date that must exist and lie between 1900 and today,
and a known province code. Gender and birth date are derived from the number. Phones must be Chinese
mobile numbers (1[3-9] + 9 digits) or landlines with an area code; they are stored normalised
(``13812345678``, ``0512-65551234``).

ID numbers and phones are sensitive personal information (个人信息保护法 Art. 28): every DTO here carries
them masked; ``reveal_person`` returns the full value only to a role holding REVEAL_PERSONAL_DATA and
writes an audit entry for each reveal. They are stored encrypted (desktop.crypto): lookups compare the keyed
hash columns (``Person.id_number_hash == number``), so a search is by the whole normalised value; there is
no search by part of a number.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from desktop.db import UnitOfWork
from desktop.models import Person
from desktop.services.audit import record_event
from desktop.services.errors import Conflict, Duplicate, Invalid, NotFound, PermissionDenied
from desktop.services.permissions import Permission, can, require

# Provinces (first two digits of the address code), including 71 Taiwan and 81/82/83 for the residence
# permits of Hong Kong, Macao and Taiwan residents.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
    "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
})
MOBILE = re.compile(r"1[3-9]\d{9}")
# 010 and 02x have three-digit area codes and eight-digit numbers; the others four digits and 7 or 8.
LANDLINE = re.compile(r"(010|02\d)(\d{8})|(0[3-9]\d{2})(\d{7,8})")
NAME_MAX = 40
# Services elsewhere that copy a person's name into their own rows ("module:function(uow, person_id)"),
# called after a rename in the same transaction; imported on use so this module stays generic.
RENAME_LISTENERS = ["desktop.services.petitions:refresh_petitioner_names",
                    "desktop.services.mediation:refresh_party_names"]


class InvalidIdNumber(Invalid):
    """facts: field ("id_number" or "petitioners[i].id_number"), reason: length / format / not_digits /
    checksum / birth_date / region; with not_digits: characters (the offending ones, e.g. Arabic-Indic digits)."""


class InvalidPhone(Invalid):
    """facts: field, reason "phone"."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: dt.date
    gender: str  # "M" or "F"


@dataclass(frozen=True)
class PersonInput:
    """A person as typed on a form. ``id_number``/``phone`` None means "keep what is stored" (the form
    showed them masked); an empty string clears the phone. ``person_id`` picks an existing person."""

    name: str
    id_number: str | None = None
    phone: str | None = None
    address: str = ""
    village: str = ""
    grid: str = ""
    organisation: str = ""
    person_id: int | None = None
    version: int | None = None  # the version the form was filled from (checked when given)


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    id_number_masked: str
    has_id_number: bool
    gender: str | None
    birth_date: dt.date | None
    phone_masked: str
    address: str
    village: str
    grid: str
    organisation: str
    version: int


# ---------------------------------------------------------------- validation and masking (pure)

def validate_id_number(value: str, *, today: dt.date, field: str = "id_number") -> IdNumber:
    """Check a resident ID number; returns it normalised with the derived birth date and gender.

    Typed the way people type it: full-width digits and Ｘ (a Chinese input method), a lower-case x and spaces
    anywhere (outside, or grouping 6-8-4) are normalised. Digits of other scripts (Arabic-Indic ٣, Devanagari)
    and other non-ASCII characters are refused as "not_digits", naming them, not as a wrong checksum."""
    number = "".join(unicodedata.normalize("NFKC", value or "").split()).upper()
    strange = [ch for ch in dict.fromkeys(number) if not ch.isascii()]
    if strange:
        raise InvalidIdNumber(field=field, reason="not_digits", characters="".join(strange))
    number = ric.compact(number)
    if len(number) != 18:
        raise InvalidIdNumber(field=field, reason="length", length=len(number))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber(field=field, reason="format")
    if number[17] != ric.calc_check_digit(number):
        raise InvalidIdNumber(field=field, reason="checksum")
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        raise InvalidIdNumber(field=field, reason="birth_date") from None
    if born.year < 1900 or born > today:
        raise InvalidIdNumber(field=field, reason="birth_date")
    if number[:2] not in PROVINCES:
        raise InvalidIdNumber(field=field, reason="region")
    return IdNumber(number, born, "M" if int(number[16]) % 2 else "F")


def normalize_phone(value: str, *, field: str = "phone") -> str:
    """A Chinese mobile or landline number in its stored form; "" stays "" (no phone)."""
    raw = (value or "").strip()
    if not raw:
        return ""
    digits = re.sub(r"[\s\-()（）]", "", raw)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if MOBILE.fullmatch(digits):
        return digits
    match = LANDLINE.fullmatch(digits)
    if match:
        area, number = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        return f"{area}-{number}"
    raise InvalidPhone(field=field, reason="phone")


def mask_id(number: str | None) -> str:
    """3205**********123X: the first four and the last four characters."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """138****5678 for a mobile; 0512-****1234 for a landline."""
    if not phone:
        return ""
    if "-" in phone:
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(len(number) - 4, 0)}{number[-4:]}"
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str | None) -> str:
    """张* — for anything shown in public (hall display, tickets)."""
    if not name:
        return ""
    return name if len(name) == 1 else name[0] + "*" * (len(name) - 1)


def person_info(p: Person) -> PersonInfo:
    return PersonInfo(p.id, p.name, mask_id(p.id_number), bool(p.id_number), p.gender, p.birth_date,
                      mask_phone(p.phone), p.address, p.village, p.grid, p.organisation, p.version)


# ---------------------------------------------------------------- inside an open unit of work

def _require_people_access(uow) -> None:
    """Looking people up is part of registering a petition or a dispute."""
    if uow.actor.role == "system":
        return
    if not (can(uow.actor.role, Permission.REGISTER_PETITION) or can(uow.actor.role, Permission.MANAGE_DISPUTES)):
        raise PermissionDenied(role=uow.actor.role, permission=Permission.REGISTER_PETITION.value)


def upsert_person(uow: UnitOfWork, data: PersonInput, *, field: str = "") -> Person:
    """Inside an open unit of work: the person ``data`` describes, created or updated.

    An existing person is found by ``person_id`` or by the ID number. A known ID number typed for a
    different name is refused (Duplicate): the clerk should look the person up instead of guessing.
    ``field`` prefixes error fields (e.g. "petitioners[1]") so a form can point at the right row.
    The caller checks permissions and commits.
    """
    prefix = f"{field}." if field else ""
    name = " ".join((data.name or "").split())
    if not name:
        raise Invalid(field=f"{prefix}name", reason="empty")
    if len(name) > NAME_MAX:
        raise Invalid(field=f"{prefix}name", reason="length", maximum=NAME_MAX)
    today = uow.now().date()
    id_info = validate_id_number(data.id_number, today=today, field=f"{prefix}id_number") \
        if data.id_number else None
    phone = None if data.phone is None else normalize_phone(data.phone, field=f"{prefix}phone")
    s = uow.session
    person = None
    if data.person_id is not None:
        person = s.get(Person, data.person_id)
        if person is None:
            raise NotFound(entity="person", key=data.person_id)
        if data.version is not None and data.version != person.version:
            raise Conflict(entity="person", key=person.id)
    if id_info is not None:
        holder = s.scalar(select(Person).where(Person.id_number_hash == id_info.number))
        if holder is not None and holder is not person:
            if person is not None or holder.name != name:
                raise Duplicate(entity="person", field=f"{prefix}id_number", value=mask_id(id_info.number))
            person = holder
    now = uow.now()
    if person is None:
        person = Person(name=name, created_at=now, updated_at=now, phone="", address="", village="", grid="",
                        organisation="")
        s.add(person)
    renamed = person.id is not None and person.name != name
    values = {"name": name, "address": (data.address or "").strip(), "village": (data.village or "").strip(),
              "grid": (data.grid or "").strip(), "organisation": (data.organisation or "").strip()}
    if id_info is not None:
        values.update(id_number=id_info.number, birth_date=id_info.birth_date, gender=id_info.gender)
    if phone is not None:
        values["phone"] = phone
    changed = {k: v for k, v in values.items() if getattr(person, k) != v}
    for key, value in changed.items():
        setattr(person, key, value)
    if changed and person.id is not None:
        person.updated_at = now
    s.flush()
    if renamed:
        for target in RENAME_LISTENERS:
            module, fn = target.split(":")
            getattr(importlib.import_module(module), fn)(uow, person.id)
    return person


def _name_prefix(uow, column, prefix: str):
    """A prefix condition that an ordinary index serves on both engines."""
    if uow.kind == "sqlite":  # binary collation: code-point order, so a range is exactly the prefix
        return (column >= prefix) & (column < prefix[:-1] + chr(ord(prefix[-1]) + 1))
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(escaped + "%", escape="\\")  # varchar_pattern_ops index on PostgreSQL


def people_named(uow: UnitOfWork, prefix: str):
    """Inside an open unit of work: a select of the ids of people whose name starts with ``prefix``."""
    return select(Person.id).where(_name_prefix(uow, Person.name, prefix))


def find_person_ids(uow: UnitOfWork, people: Iterable[PersonInput]) -> dict[int, set[str]]:
    """Inside an open unit of work: stored people that match the typed ones, each with how it matched
    ("person", "id_number", "phone", "name_village"). Values that do not validate are skipped."""
    today = uow.now().date()
    found: dict[int, set[str]] = {}
    s = uow.session
    for data in people:
        hits: list[tuple[str, object]] = []
        if data.person_id is not None:
            found.setdefault(data.person_id, set()).add("person")
        if data.id_number:
            try:
                number = validate_id_number(data.id_number, today=today).number
                hits.append(("id_number", Person.id_number_hash == number))
            except InvalidIdNumber:
                pass
        if data.phone:
            try:
                phone = normalize_phone(data.phone)
                hits.append(("phone", Person.phone_hash == phone))
            except InvalidPhone:
                pass
        name, village = " ".join((data.name or "").split()), (data.village or "").strip()
        if name and village:
            hits.append(("name_village", (Person.name == name) & (Person.village == village)))
        for reason, condition in hits:
            for pid in s.scalars(select(Person.id).where(condition).limit(50)):
                found.setdefault(pid, set()).add(reason)
    return found


# ---------------------------------------------------------------- services

def find_people(uow: UnitOfWork, *, text: str, limit: int = 20) -> list[PersonInfo]:
    """Look someone up while registering: an 18-character ID number, a phone number, or a name prefix
    (``name village`` narrows by village)."""
    with uow:
        _require_people_access(uow)
        text = (text or "").strip()
        if not text:
            return []
        q = select(Person)
        compact = re.sub(r"[\s\-()（）+]", "", text)
        if len(compact) == 18 and compact[:17].isdigit():
            try:
                q = q.where(Person.id_number_hash == validate_id_number(compact, today=uow.now().date()).number)
            except InvalidIdNumber:
                return []
        elif compact.isdigit():
            try:
                q = q.where(Person.phone_hash == normalize_phone(compact))
            except InvalidPhone:
                return []
        else:
            parts = text.split()
            q = q.where(_name_prefix(uow, Person.name, parts[0]))
            if len(parts) > 1:
                q = q.where(Person.village == parts[1])
        rows = uow.session.scalars(q.order_by(Person.name, Person.id).limit(limit))
        return [person_info(p) for p in rows]


def get_person(uow: UnitOfWork, *, person_id: int) -> PersonInfo:
    with uow:
        _require_people_access(uow)
        p = uow.session.get(Person, person_id)
        if p is None:
            raise NotFound(entity="person", key=person_id)
        return person_info(p)


def save_person(uow: UnitOfWork, *, data: PersonInput) -> PersonInfo:
    """Create a person, or update one (``data.person_id``; ``data.version`` guards against a concurrent
    edit). A rename is copied to the cases that show the name."""
    with uow:
        _require_people_access(uow)
        uow.action = "person.save"
        person = upsert_person(uow, data)
        info = person_info(person)
        uow.commit()
        return info


def reveal_person(uow: UnitOfWork, *, person_id: int, field: str) -> str:
    """The full ID number or phone of a person, for a role that may see it; every reveal is audited."""
    if field not in ("id_number", "phone"):
        raise Invalid(field="field", reason="unknown", value=field)
    with uow:
        require(uow, Permission.REVEAL_PERSONAL_DATA)
        p = uow.session.get(Person, person_id)
        if p is None:
            raise NotFound(entity="person", key=person_id)
        value = getattr(p, field) or ""
        record_event(uow, action="person.reveal", entity="person", entity_id=str(person_id),
                     detail={"field": field, "masked": mask_id(value) if field == "id_number" else mask_phone(value)})
        uow.commit()
        return value
