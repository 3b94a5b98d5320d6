"""The tamper-evident audit log (issue 16, item 4) on both engines: every entry is chained to the one before by
SHA-256; ``onestop audit verify`` exits 0 on an intact log and names the first entry that was changed,
removed or inserted behind the application's back (with the append-only triggers of 0007 out of the way, as
an attacker holding the database would do); concurrent writers never fork the chain; the migration chains
the entries that existed before; each backup records the chain head."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from desktop import migrations
from desktop.db import Database, UnitOfWork
from desktop.models.audit import GENESIS, AuditEntry, entry_hash
from desktop.services import audit, backup
from desktop.services import audit_chain as chain
from desktop.services.admin import accounts
from desktop.services.errors import AuditLogReadOnly


def _events(ctx, n: int, prefix: str = "test.event") -> None:
    for i in range(n):
        with ctx.uow() as uow:
            audit.record_event(uow, action=f"{prefix}.{i}", entity="user", entity_id=str(i), detail={"i": i})
            uow.commit()


def _rows(ctx) -> list:
    with ctx.uow(read_only=True) as uow:
        return list(uow.session.execute(select(AuditEntry.__table__).order_by(AuditEntry.id)).mappings())


def _verify(ctx, **kw) -> chain.ChainReport:
    return chain.verify_chain(ctx.uow(read_only=True), **kw)


def _behind_the_app(db_url: str, *statements: str, params: dict | None = None) -> None:
    """Run SQL on the database directly, as someone holding the file or the owner's password: the
    append-only triggers are dropped (SQLite) or disabled (PostgreSQL) first."""
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                conn.execute(text("DROP TRIGGER IF EXISTS audit_entry_no_update"))
                conn.execute(text("DROP TRIGGER IF EXISTS audit_entry_no_delete"))
            else:
                conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER USER"))
            for sql in statements:
                conn.execute(text(sql), params or {})
    finally:
        engine.dispose()


def _cli(db_url: str, *extra: str) -> int:
    from desktop.__main__ import main

    return main(["audit", "verify", "--db", db_url, *extra])


# ---------------------------------------------------------------- an intact log

def test_an_intact_log_verifies_and_the_command_line_exits_0(ctx, db_url, capsys, monkeypatch):
    monkeypatch.delenv("ONESTOP_USER", raising=False)  # a read-only check: no sign-in
    monkeypatch.delenv("ONESTOP_PASSWORD", raising=False)
    accounts.add_user(ctx.uow(), username="clerk09", full_name="王芳", role="clerk", password="Window9pass",
                      window_no=9)
    _events(ctx, 5)
    rows = _rows(ctx)
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))  # every entry has its place, no gaps
    assert rows[0]["prev_hash"] == GENESIS
    assert all(b["prev_hash"] == a["hash"] for a, b in zip(rows, rows[1:], strict=False))
    report = _verify(ctx)
    assert report.ok and report.entries == len(rows)
    assert (report.head_seq, report.head_hash) == (rows[-1]["seq"], rows[-1]["hash"])
    assert _cli(db_url) == 0
    out = capsys.readouterr().out
    assert f"audit log intact: {len(rows)} entries" in out and rows[-1]["hash"] in out
    assert _cli(db_url, "--expect", f"{rows[3]['seq']}:{rows[3]['hash']}") == 0


def test_a_rolled_back_transaction_leaves_no_entry_and_no_gap(ctx):
    before = len(_rows(ctx))
    with ctx.uow() as uow:
        audit.record_event(uow, action="test.never", entity="user", entity_id="1")
        # leaving without commit rolls back
    _events(ctx, 1)
    rows = _rows(ctx)
    assert len(rows) == before + 1 and "test.never" not in {r["action"] for r in rows}
    assert _verify(ctx).ok


# ---------------------------------------------------------------- tampering behind the app's back

def test_an_edited_entry_is_named(ctx, db_url, capsys):
    _events(ctx, 6)
    victim = _rows(ctx)[-4]
    _behind_the_app(db_url, f"UPDATE audit_entry SET actor_name = 'nobody' WHERE id = {victim['id']}")
    report = _verify(ctx)
    assert not report.ok
    assert (report.problem.kind, report.problem.entry_id, report.problem.seq) == (chain.CHANGED, victim["id"],
                                                                                 victim["seq"])
    assert _cli(db_url) == 1
    assert f"entry #{victim['id']} (position {victim['seq']}" in capsys.readouterr().err


def test_an_edited_entry_with_its_hash_recomputed_is_named(ctx, db_url):
    _events(ctx, 6)
    victim = _rows(ctx)[-4]
    forged = {**victim, "after": {"i": 999}}
    _behind_the_app(db_url, "UPDATE audit_entry SET after = :after, hash = :hash WHERE id = :id",
                    params={"after": '{"i": 999}', "hash": entry_hash(victim["prev_hash"], forged), "id": victim["id"]})
    report = _verify(ctx)
    assert (report.problem.kind, report.problem.entry_id) == (chain.CHANGED, victim["id"])


def test_a_removed_entry_is_found(ctx, db_url, capsys):
    _events(ctx, 6)
    rows = _rows(ctx)
    victim, after = rows[-4], rows[-3]
    _behind_the_app(db_url, f"DELETE FROM audit_entry WHERE id = {victim['id']}")
    report = _verify(ctx)
    assert (report.problem.kind, report.problem.entry_id) == (chain.REMOVED, after["id"])
    assert (report.problem.missing_from, report.problem.missing_to) == (victim["seq"], victim["seq"])
    assert _cli(db_url) == 1
    assert f"the entry at position {victim['seq']} was removed" in capsys.readouterr().err


def test_removed_last_entries_are_found(ctx, db_url):
    _events(ctx, 4)
    rows = _rows(ctx)
    _behind_the_app(db_url, f"DELETE FROM audit_entry WHERE id >= {rows[-2]['id']}")
    report = _verify(ctx)
    assert (report.problem.kind, report.problem.entry_id, report.problem.after_id) == (chain.REMOVED, None,
                                                                                      rows[-3]["id"])
    assert (report.problem.missing_from, report.problem.missing_to) == (rows[-2]["seq"], rows[-1]["seq"])


def test_an_entry_inserted_without_the_app_is_named(ctx, db_url):
    _events(ctx, 3)
    _behind_the_app(db_url, "INSERT INTO audit_entry (at, actor_id, actor_name, action, operation, entity, entity_id) "
                            "VALUES ('2026-11-01 09:00:00', NULL, 'admin', 'user.add', 'insert', 'user_account', '99')")
    forged = _rows(ctx)[-1]
    report = _verify(ctx)
    assert (report.problem.kind, report.problem.entry_id) == (chain.INSERTED, forged["id"])


def test_an_entry_replayed_out_of_order_is_named(ctx, db_url):
    """A copy of an earlier entry, chain values and all, added at the end (the unique index on the
    position dropped first): its place in the chain was taken long ago."""
    _events(ctx, 4)
    original = _rows(ctx)[-3]
    _behind_the_app(
        db_url, "DROP INDEX ix_audit_entry_seq",
        "INSERT INTO audit_entry (at, actor_id, actor_name, action, operation, entity, entity_id, before, after, "
        "seq, prev_hash, hash) SELECT at, actor_id, actor_name, action, operation, entity, entity_id, before, after, "
        f"seq, prev_hash, hash FROM audit_entry WHERE id = {original['id']}")
    replay = _rows(ctx)[-1]
    assert replay["id"] != original["id"] and replay["seq"] == original["seq"]
    report = _verify(ctx)
    assert (report.problem.kind, report.problem.entry_id) == (chain.INSERTED, replay["id"])


def test_an_entry_appended_without_moving_the_head_is_named(ctx, db_url):
    _events(ctx, 2)
    last = _rows(ctx)[-1]
    entry = {**last, "seq": last["seq"] + 1, "action": "user.add", "entity_id": "99"}
    _behind_the_app(db_url, "INSERT INTO audit_entry (at, actor_id, actor_name, action, operation, entity, entity_id, "
                            "before, after, seq, prev_hash, hash) SELECT at, actor_id, actor_name, 'user.add', "
                            "operation, entity, '99', before, after, seq + 1, hash, :hash FROM audit_entry "
                            f"WHERE id = {last['id']}", params={"hash": entry_hash(last["hash"], entry)})
    report = _verify(ctx)
    assert report.problem.kind == chain.INSERTED and report.problem.seq == last["seq"] + 1


def test_a_rewritten_log_is_found_against_a_recorded_head(ctx, db_url, capsys):
    """Someone who knows the algorithm rewrites an entry and every hash after it, and the head: the chain is
    whole again, but a head recorded before (a backup's) no longer matches."""
    _events(ctx, 5)
    rows = _rows(ctx)
    recorded = (rows[-1]["seq"], rows[-1]["hash"])
    start = len(rows) - 3
    prev, updates = rows[start - 1]["hash"], []
    for i, row in enumerate(rows[start:]):
        entry = {**row, "actor_name": "nobody"} if i == 0 else dict(row)
        entry["prev_hash"], entry["hash"] = prev, entry_hash(prev, entry)
        prev = entry["hash"]
        updates.append(f"UPDATE audit_entry SET actor_name = '{entry['actor_name']}', prev_hash = '{entry['prev_hash']}', "
                       f"hash = '{entry['hash']}' WHERE id = {row['id']}")
    _behind_the_app(db_url, *updates, f"UPDATE audit_chain_head SET hash = '{prev}'")
    assert _verify(ctx).ok  # a consistent chain on its own
    report = _verify(ctx, expect=[recorded])
    assert (report.problem.kind, report.problem.entry_id) == (chain.REWRITTEN, rows[-1]["id"])
    assert _cli(db_url, "--expect", f"{recorded[0]}:{recorded[1]}") == 1
    assert "was rewritten" in capsys.readouterr().err


def test_the_app_still_may_not_change_entries(ctx):
    entry_id = _rows(ctx)[0]["id"]
    with pytest.raises(AuditLogReadOnly), ctx.uow() as uow:
        uow.session.execute(text(f"UPDATE audit_entry SET hash = 'x' WHERE id = {entry_id}"))


# ---------------------------------------------------------------- concurrency

def test_concurrent_writers_never_fork_the_chain(ctx, db_url, clock):
    before = len(_rows(ctx))
    workers, each = 6, 15
    start = threading.Barrier(workers)
    errors = []

    def worker(w: int) -> None:
        db = Database(db_url)
        try:
            start.wait()
            for i in range(each):
                with UnitOfWork(db, clock=clock) as uow:
                    audit.record_event(uow, action=f"test.w{w}", entity="user", entity_id=str(i))
                    audit.record_event(uow, action=f"test.w{w}", entity="user", entity_id=f"{i}b")
                    uow.commit()
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    rows = _rows(ctx)
    assert len(rows) == before + workers * each * 2
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert _verify(ctx).ok
    # a transaction's entries stay together in the chain
    by_tx = {}
    for r in rows[before:]:
        by_tx.setdefault((r["action"], r["entity_id"].rstrip("b")), []).append(r["seq"])
    assert all(b - a == 1 for a, b in by_tx.values())


def _writer(db_url: str, tag: str) -> None:
    """In a child process: write audit entries until killed (two per transaction)."""
    db = Database(db_url)
    for i in range(100_000):
        with UnitOfWork(db) as uow:
            audit.record_event(uow, action=f"test.killed.{tag}", entity="user", entity_id=str(i))
            audit.record_event(uow, action=f"test.killed.{tag}", entity="user", entity_id=f"{i}b")
            uow.commit()


def test_killing_writers_mid_commit_leaves_an_intact_chain(ctx, db_url):
    spawn = multiprocessing.get_context("spawn")
    for delay in (0.05, 0.3, 0.7, 1.1):
        before = len(_rows(ctx))
        procs = [spawn.Process(target=_writer, args=(db_url, f"{delay}.{n}")) for n in range(2)]
        for p in procs:
            p.start()
        deadline = time.monotonic() + 120
        while len(_rows(ctx)) < before + 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(delay)
        for p in procs:
            os.kill(p.pid, signal.SIGKILL)
            p.join(30)
        assert len(_rows(ctx)) > before
    rows = _rows(ctx)
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    pairs: dict[tuple, list[int]] = {}
    for r in rows:
        if r["action"].startswith("test.killed."):
            pairs.setdefault((r["action"], r["entity_id"].rstrip("b")), []).append(r["seq"])
    assert pairs and all(len(s) == 2 and s[1] == s[0] + 1 for s in pairs.values())  # whole transactions only
    report = _verify(ctx)
    assert report.ok and report.head_seq == len(rows)
    _events(ctx, 1)  # the app goes on appending after the kills
    assert _verify(ctx).ok


# ---------------------------------------------------------------- the migration

def test_the_migration_chains_the_entries_that_existed_before(ctx, db_url):
    from alembic import command

    _events(ctx, 3)
    written = [(r["id"], r["seq"], r["prev_hash"], r["hash"]) for r in _rows(ctx)]
    ctx.close()
    db = Database(db_url)
    try:
        with db.engine.begin() as conn:
            command.downgrade(migrations._config(conn), "0009_calendar_coverage")
        with db.engine.connect() as conn:
            assert "seq" not in {c["name"] for c in inspect(conn).get_columns("audit_entry")}
        migrations.upgrade(db)
        with db.engine.connect() as conn:
            again = [tuple(r) for r in conn.execute(text("SELECT id, seq, prev_hash, hash FROM audit_entry ORDER BY id"))]
            head = tuple(conn.execute(text("SELECT seq, hash FROM audit_chain_head")).one())
        assert again == written  # the same hashes the app computed when it wrote them
        assert head == (written[-1][1], written[-1][3])
        report = chain.verify_chain(UnitOfWork(db, read_only=True))
        assert report.ok and report.entries == len(written)
        with pytest.raises(AuditLogReadOnly), UnitOfWork(db) as uow:  # the triggers are back
            uow.session.execute(text("DELETE FROM audit_entry"))
    finally:
        db.dispose()


# ---------------------------------------------------------------- backups record the head

def test_the_backup_records_the_chain_head(ctx, db_url, tmp_path, capsys):
    if ctx.db_kind == "postgresql" and backup.find_pg_tool("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    _events(ctx, 2)
    head = chain.chain_head(ctx.uow(read_only=True))
    result = backup.backup_database(ctx, folder=tmp_path / "backups")
    assert result.audit_head == (head.seq, head.hash)
    seq, digest, _at = backup.recorded_audit_head(ctx.db)
    assert (seq, digest) == (head.seq, head.hash)
    _events(ctx, 1)
    assert _cli(db_url) == 0
    assert f"--expect {head.seq}:{head.hash}" in capsys.readouterr().out
    assert _cli(db_url, "--expect", f"{seq}:{digest}") == 0
    with ctx.uow(read_only=True) as uow:
        assert uow.session.scalar(select(func.count(AuditEntry.id))) == head.seq + 1
