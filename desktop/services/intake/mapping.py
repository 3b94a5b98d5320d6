"""The column mapping: our field -> the file's header label. Proposed from the mapping remembered for
the source and the headers' names, checked before a preview or import, remembered by the import."""

from __future__ import annotations

from desktop.models import IntakeLayout
from desktop.services.errors import Invalid
from desktop.services.intake._common import _require_import, source_code
from desktop.services.intake.errors import MappingIncomplete
from desktop.services.intake.headers import FIELDS, REQUIRED, detect_mapping
from desktop.services.intake.sheet import SheetData
from desktop.services.petitions import actor_name


def _remembered(uow, source: str) -> dict[str, str]:
    row = uow.session.get(IntakeLayout, (source, "import"))
    mapping = (row.layout or {}).get("mapping", {}) if row is not None else {}
    return {k: v for k, v in mapping.items() if k in FIELDS and isinstance(v, str) and v}


def propose_mapping(sheet: SheetData, remembered: dict[str, str]) -> tuple[dict[str, str], str]:
    """The remembered mapping where the file has those headers, detection by name for the rest."""
    headers = set(sheet.headers)
    kept = {f: h for f, h in remembered.items() if h in headers}
    detected = detect_mapping(sheet.headers)
    mapping = dict(kept)
    used = set(kept.values())
    for f, h in detected.items():
        if f not in mapping and h not in used:
            mapping[f] = h
            used.add(h)
    if remembered and kept == remembered:
        origin = "remembered"
    elif kept:
        origin = "mixed"
    else:
        origin = "detected"
    return {f: mapping[f] for f in FIELDS if f in mapping}, origin


def check_mapping(sheet: SheetData, mapping: dict[str, str]) -> dict[str, int]:
    """The column of each mapped field; refuses a mapping that lacks a required field, names a header the
    file does not have, or uses one header for two fields."""
    clean = {f: h for f, h in mapping.items() if h}
    unknown = [f for f in clean if f not in FIELDS]
    if unknown:
        raise Invalid(field="mapping", reason="unknown_field", value=unknown[0])
    missing = tuple(f for f in REQUIRED if f not in clean)
    if missing:
        raise MappingIncomplete(missing=missing)
    seen: dict[str, str] = {}
    columns = {}
    for f, h in clean.items():
        if h in seen:
            raise Invalid(field="mapping", reason="duplicate_header", value=h)
        seen[h] = f
        i = sheet.column(h)
        if i is None:
            raise Invalid(field="mapping", reason="unknown_header", value=h)
        columns[f] = i
    return columns


def _remember(uow, source: str, mapping: dict[str, str]) -> None:
    clean = {f: h for f, h in mapping.items() if f in FIELDS and h}
    row = uow.session.get(IntakeLayout, (source, "import"))
    if row is None:
        uow.session.add(IntakeLayout(source=source, purpose="import", layout={"mapping": clean},
                                     updated_at=uow.now(), updated_by_name=actor_name(uow)[:40]))
    elif (row.layout or {}).get("mapping") != clean:
        row.layout = {**(row.layout or {}), "mapping": clean}
        row.updated_at, row.updated_by_name = uow.now(), actor_name(uow)[:40]


def remembered_mapping(uow, *, source: str) -> dict[str, str]:
    source = source_code(source)
    with uow:
        _require_import(uow)
        return _remembered(uow, source)
