"""Alembic owns the schema: models and migrations agree, an older database is upgraded after a backup,
and a database from a newer OneStop is refused."""

import sqlite3

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, text

from desktop import migrations
from desktop.db import Database
from desktop.models.base import Base
from desktop.services.backup import copy_before_upgrade
from desktop.services.context import open_database
from desktop.services.errors import DatabaseTooNew, DatabaseUnavailable


def test_models_and_migrations_agree():
    assert migrations.drift() == []


def test_drift_is_reported_when_a_model_has_no_migration():
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    Table("not_migrated", changed, Column("id", Integer, primary_key=True))
    diffs = migrations.drift(changed)
    assert [d[0] for d in diffs] == ["add_table"]
    assert diffs[0][1].name == "not_migrated"


def test_migrated_database_matches_models_on_each_engine(db_url):
    db = Database(db_url)
    try:
        assert migrations.current_revision(db) == migrations.head_revision()
        assert migrations.drift_on(db) == []
    finally:
        db.dispose()


def test_older_sqlite_database_is_backed_up_then_upgraded(tmp_path):
    path = tmp_path / "old.db"
    db = Database(f"sqlite:///{path}")
    from alembic import command

    with db.engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0001")
        conn.execute(text("INSERT INTO center (name, case_abbr, address, phone, opens_at, closes_at, created_at) "
                          "VALUES ('旧中心', '旧', '', '', '08:30:00', '17:30:00', '2025-01-01 08:00:00')"))
    result = migrations.upgrade(db, copy_first=lambda p, rev: copy_before_upgrade(p, tmp_path, rev))
    db.dispose()
    assert result.from_revision == "0001" and result.to_revision == migrations.head_revision()
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT name FROM center").fetchall() == [("旧中心",)]
        assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT name FROM center").fetchall() == [("旧中心",)]


def test_database_from_newer_version_is_refused(db_url):
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseTooNew) as err:
        open_database(db_url)
    assert err.value.revision == "9999_future"
    engine = create_engine(db_url)
    with engine.connect() as conn:  # nothing was touched
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
    engine.dispose()


def test_unreachable_database_gives_a_clear_error():
    with pytest.raises(DatabaseUnavailable) as err:
        open_database("postgresql://onestop@127.0.0.1:1/onestop")
    assert "127.0.0.1" in err.value.url and err.value.detail
    with pytest.raises(DatabaseUnavailable):
        open_database("mysql+nodriver://x@y/z")
