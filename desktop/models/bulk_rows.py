"""Plain rows for raw bulk writers (sqlite3 executemany, PostgreSQL COPY; benchmarks/generate.py) as the
tables store them. Here rather than in desktop.crypto, which the models import: it needs every table."""

from __future__ import annotations

import desktop.models  # noqa: F401  (every table)
from desktop.crypto import LOOKUP_COLUMNS, DataKey, EncryptedString
from desktop.models.base import Base


def seal_rows(table_name: str, columns: list[str], rows: list[tuple], key: DataKey) -> tuple[list[str], list[tuple]]:
    """Plain rows for raw bulk writers (sqlite3 executemany, COPY; e.g. benchmarks/generate.py) as the table
    stores them: encrypted columns encrypted, and the lookup hash columns added."""
    table = Base.metadata.tables[table_name]
    sealed = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, EncryptedString)]
    hashes = [(h, columns.index(src)) for h, src in LOOKUP_COLUMNS.get(table_name, {}).items()
              if src in columns and h not in columns]
    if not sealed and not hashes:
        return columns, rows
    out = []
    for row in rows:
        values = list(row)
        extra = [key.lookup(values[i]) if values[i] else None for _h, i in hashes]
        for i in sealed:
            if values[i]:
                values[i] = key.encrypt(str(values[i]))
        out.append((*values, *extra))
    return [*columns, *(h for h, _i in hashes)], out
