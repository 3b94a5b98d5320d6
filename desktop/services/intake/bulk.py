"""Inside an open unit of work: multi-row inserts with their audit entries, without building ORM objects
(by COPY on PostgreSQL)."""

from __future__ import annotations

import json

from sqlalchemy import insert, text
from sqlalchemy import inspect as sa_inspect

from desktop import crypto
from desktop.models.audit import _plain, audit_row, queue_entries


def _fast_plain(value, secret: bool):
    """desktop.models.audit._plain, without its checks for the common plain values."""
    if secret:
        return "***"
    if value is None or type(value) in (str, int, bool, float):
        return value
    return _plain(value)


def _columns(model) -> list[tuple[str, object, bool]]:
    return [(attr.key, attr.columns[0], attr.columns[0].info.get("audit") == "secret")
            for attr in sa_inspect(model).column_attrs]


def _bulk_insert(uow, model, rows: list[dict], *, key: tuple[str, ...] = ()) -> list[int]:
    """Inside an open unit of work: insert ``rows`` in bulk and return the new ids in the order of ``rows``.

    PostgreSQL: the ids come from the table's sequence in one query and the rows go in by COPY. SQLite:
    multi-row INSERT … RETURNING; SQLite cannot return ids in parameter order without one statement per
    row, so the ids are matched back through ``key``, the columns that tell rows apart (rows equal in them
    are interchangeable).

    Every column is given (defaults filled in), and an audited model gets the same audit entries the flush
    listener of desktop.models.audit writes for an ORM insert — without building ORM objects, which for
    50,000 cases would cost most of the import time."""
    if not rows:
        return []
    columns = _columns(model)
    table = model.__table__
    primary = [k for k, col, _ in columns if col.primary_key]
    generated = len(primary) == 1 and primary[0] not in rows[0]
    full = [_complete(model, columns, row, primary[0] if generated else None) for row in rows]
    audited = getattr(model, "__audited__", True)
    ids: list[int] = []
    if uow.kind == "postgresql":
        if generated and (key or audited):
            ids = _take_ids(uow, table, primary[0], full)
        _copy(uow, table, full)
    elif generated and key:
        ids = _insert_matched(uow, table, primary[0], key, full)
    else:
        if generated and audited:
            raise ValueError(f"audited bulk insert into {table.name} needs a key to match the new ids")
        uow.session.execute(insert(table), full)
    if audited:
        _audit_inserts(uow, table, columns, full, ids, primary, generated)
    return ids


def _complete(model, columns: list[tuple[str, object, bool]], row: dict, generated_key: str | None) -> dict:
    """Every column of ``row`` given: defaults filled in, the generated primary key left out."""
    values = {}
    for k, col, _ in columns:
        if k in row:
            values[k] = row[k]
        elif generated_key is not None and k == generated_key:
            continue
        elif col.default is not None and col.default.is_scalar:
            values[k] = col.default.arg
        else:
            values[k] = None
    return crypto.fill_lookup_hashes(model, values)  # the hash of an encrypted value, given plain


def _take_ids(uow, table, primary: str, full: list[dict]) -> list[int]:
    """PostgreSQL: the new ids from the table's sequence in one query, written into ``full``."""
    ids = list(uow.session.execute(
        text("SELECT nextval(pg_get_serial_sequence(:t, :c)) FROM generate_series(1, :n)"),
        {"t": table.name, "c": primary, "n": len(full)}).scalars())
    for new_id, values in zip(ids, full, strict=True):
        values[primary] = new_id
    return ids


def _insert_matched(uow, table, primary: str, key: tuple[str, ...], full: list[dict]) -> list[int]:
    """SQLite: one multi-row INSERT … RETURNING, the ids matched back to ``full`` through ``key``."""
    result = uow.session.execute(insert(table).returning(table.c[primary], *[table.c[k] for k in key]), full)
    pool: dict[tuple, list[int]] = {}
    for new_id, *values in result:
        pool.setdefault(tuple(values), []).append(new_id)
    for ids_of in pool.values():
        ids_of.reverse()
    return [pool[tuple(values[k] for k in key)].pop() for values in full]


def _audit_inserts(uow, table, columns, full: list[dict], ids: list[int], primary: list[str],
                   generated: bool) -> None:
    entries = []
    for i, values in enumerate(full):
        after = {k: _fast_plain(ids[i] if generated and k == primary[0] else values.get(k), secret)
                 for k, _col, secret in columns}
        entity_id = str(ids[i]) if generated else ",".join(str(_plain(values[k])) for k in primary)
        entries.append(audit_row(uow.session, operation="insert", entity=table.name, entity_id=entity_id,
                                 after=after))
    queue_entries(uow.session, entries)  # appended to the audit chain at commit (by COPY when many)


def _copy(uow, table, rows: list[dict]) -> None:
    """Inside an open unit of work on PostgreSQL: ``rows`` into ``table`` by COPY, in the session's
    transaction (a multi-row INSERT of 50,000 rows spends most of its time building statements)."""
    if not rows:
        return
    names = list(rows[0])
    json_columns = {c.name for c in table.columns if crypto.is_json(c)}
    connection = uow.session.connection()
    driver = connection.connection.driver_connection
    quoted = ", ".join(f'"{n}"' for n in names)
    # COPY skips SQLAlchemy's parameter processing: encrypted columns are encrypted (and hashed) here
    sealed = [n for n in names if isinstance(table.c[n].type, crypto.ENCRYPTED_TYPES)]
    with driver.cursor() as cur, cur.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            if sealed:
                row = {**row, **{n: crypto.bind_value(table.c[n], row[n], connection.dialect) for n in sealed}}
            copy.write_row([json.dumps(row[n], ensure_ascii=False) if n in json_columns and row[n] is not None
                            else row[n] for n in names])
