"""Alembic environment. The connection is handed in by desktop.migrations (never from alembic.ini)."""

from alembic import context

import desktop.models  # noqa: F401  (registers every table)
from desktop.migrations import include_name
from desktop.models.base import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
    include_name=include_name,  # engine-specific search tables and indexes stay out of autogenerate
)
with context.begin_transaction():
    context.run_migrations()
