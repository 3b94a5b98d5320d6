"""Autogenerate Alembic operations from the models, on a scratch SQLite database (no server needed).

    python tools/new_migration.py ID "message"                  write a new revision file
    python tools/new_migration.py --print TABLE [TABLE ...]     print the upgrade ops for these tables only
                                                                 (to paste into an area's own revision)

Review what it writes (types, server defaults, data moves) before committing.
"""

import sys

from alembic import command
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

import desktop.models  # noqa: F401
from desktop.migrations import _config
from desktop.models.base import Base


def main() -> None:
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        cfg = _config(conn)
        command.upgrade(cfg, "head")
        if sys.argv[1] == "--print":
            tables = set(sys.argv[2:])

            def include(obj, name, type_, reflected, compare_to):
                table = obj if type_ == "table" else getattr(obj, "table", None)
                return table is None or table.name in tables

            ctx = MigrationContext.configure(conn, opts={"include_object": include, "render_as_batch": True,
                                                         "compare_type": True})
            print(render_python_code(produce_migrations(ctx, Base.metadata).upgrade_ops,
                                     render_as_batch=True))
            return
        command.revision(cfg, message=sys.argv[2], autogenerate=True, rev_id=sys.argv[1])


if __name__ == "__main__":
    main()
