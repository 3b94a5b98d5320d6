"""Personal data encrypted at rest (issue 16, item 7), on both engines: a copied database file, a backup and a
plain pg_dump hold no ID number or phone in clear; lookups and repeat detection still work on the keyed hashes;
a PC without the key, or with another database's key, is refused clearly; an older database's plain values are
encrypted in place by migration 0011 after the backup."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop import crypto, migrations
from desktop.db import Database
from desktop.models import Appointment, DisputeParty, ImportedWorkOrder, Mediator, Person
from desktop.services import backup, data_keys, intake, people, queue
from desktop.services import petitions as pt
from desktop.services.admin import center
from desktop.services.context import open_database
from desktop.services.errors import DataKeyMissing, WrongDataKey
from desktop.services.people import PersonInput
from tests.fixtures.intake.make_fixtures import hotline_rows
from tests.integration.test_petition_helpers import id_number, make_staff, petitioner
from tests.mediation_support import applicant, organisation, register, respondent, setup_mediation
from tests.mediation_support import id_number as party_id_number

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
ID = id_number(seq=417)
PHONE = "13912345678"
LANDLINE = "0512-65557788"
APPOINTMENT_PHONE = "13755550123"
REP_PHONE = "13666660987"
VOLUNTEER_PHONE = "13800001111"  # setup_mediation's volunteer mediator


def _fill(ctx) -> list[str]:
    """Personal data in every place it is kept; returns the plain values that must not be found."""
    people.save_person(ctx.uow(), data=PersonInput(name="张三", id_number=ID, phone=PHONE, village="虎丘村"))
    people.save_person(ctx.uow(), data=PersonInput(name="张三丰", phone=LANDLINE, village="新庄村"))
    s = setup_mediation(ctx)
    register(ctx, s, parties=[applicant("李明", n=501, phone="13511112222"), respondent("赵强", n=502),
                              organisation("虎丘建材厂", rep_name="吴建", rep_kind="agent", rep_phone=REP_PHONE)])
    service = center.list_services(ctx.uow())[0]
    queue.book_appointment(ctx.uow(), service_id=service.id, day=dt.date(2026, 11, 23), slot=dt.time(9, 0),
                           visitor_name="周敏", phone=APPOINTMENT_PHONE)
    opened = intake.open_work_order_file(ctx.uow(), source="12345", path=FIX / "hotline_basic.xlsx")
    result = intake.import_work_orders(ctx.uow(), source="12345", sheet=opened.sheet, mapping=opened.mapping)
    assert result.created == 10
    hotline_phones = [str(r[3]) for r in hotline_rows() if r[3]]
    return [ID, PHONE, LANDLINE.replace("-", ""), "65557788", APPOINTMENT_PHONE, REP_PHONE, VOLUNTEER_PHONE,
            party_id_number(501), party_id_number(502), "13511112222", *hotline_phones]


def _found(data: bytes, values: list[str]) -> list[str]:
    return [v for v in values if v.encode() in data or v.encode("utf-16-le") in data]


def _sqlite_bytes(path: str) -> bytes:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    out = Path(path).read_bytes()
    for side in ("-wal", "-journal"):
        if Path(path + side).exists():
            out += Path(path + side).read_bytes()
    return out


def _pg_plain_dump(url: str) -> bytes:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    tool = backup.find_pg_tool("pg_dump")
    env = {**os.environ, "PGPASSWORD": u.password or ""}
    return subprocess.run([str(tool), "--format=plain", "-h", u.host or "localhost", "-p", str(u.port or 5432),
                           "-U", u.username, u.database], capture_output=True, check=True, timeout=300,
                          env=env).stdout


def _pg_restore_text(archive: Path) -> bytes:
    tool = backup.find_pg_tool("pg_restore")
    return subprocess.run([str(tool), "-f", "-", str(archive)], capture_output=True, check=True,
                          timeout=300).stdout


def test_a_copied_database_and_its_backup_hold_no_id_number_or_phone_in_clear(ctx, db_url, tmp_path):
    values = _fill(ctx)
    result = backup.backup_database(ctx, folder=tmp_path / "backups")
    # what the services see is plain, found by the keyed hashes
    found = people.find_people(ctx.uow(), text=ID)
    assert [p.name for p in found] == ["张三"] and found[0].phone_masked == "139****5678"
    assert [p.name for p in people.find_people(ctx.uow(), text="139 1234 5678")] == ["张三"]
    assert [p.name for p in people.find_people(ctx.uow(), text="0512 6555 7788")] == ["张三丰"]
    with ctx.uow(read_only=True) as uow:
        assert uow.session.scalar(select(Person.phone).where(Person.id_number_hash == ID)) == PHONE
        raw = uow.session.execute(text("SELECT id_number, phone, id_number_hash FROM person WHERE name = '张三'")).one()
        assert raw[0].startswith("e1:") and raw[1].startswith("e1:") and len(raw[2]) == 64
        assert ID not in raw[2] and PHONE not in raw[1]
        assert uow.session.scalar(select(DisputeParty.rep_phone).where(DisputeParty.rep_phone != "")) == REP_PHONE
        assert uow.session.scalar(select(Appointment.phone)) == APPOINTMENT_PHONE
        assert uow.session.scalar(select(Mediator.phone).where(Mediator.name == "王德顺")) == VOLUNTEER_PHONE
        data = uow.session.scalar(select(ImportedWorkOrder.data).order_by(ImportedWorkOrder.id).limit(1))
        assert data["phone"] == str(hotline_rows()[0][3])
        stored = uow.session.execute(text("SELECT data FROM imported_work_order ORDER BY id LIMIT 1")).scalar()
        stored = json.loads(stored) if isinstance(stored, str) else stored
        assert set(stored) == {"e"}
    if ctx.db_kind == "sqlite":
        live = ctx.db.sqlite_path
        ctx.db.dispose()
        assert _found(_sqlite_bytes(live), values) == []
        assert _found(Path(result.backup.path).read_bytes(), values) == []
    else:
        assert _found(_pg_plain_dump(db_url), values) == []
        assert _found(_pg_restore_text(Path(result.backup.path)), values) == []


def test_repeat_petitions_are_still_found_by_id_number_and_phone(admin_ctx):
    staff = make_staff(admin_ctx)
    first = pt.register_petition(staff.clerk.uow(), source="visit", petitioners=[petitioner("张三")],
                                 category_id=staff.category, content="村东头工厂夜间噪音扰民", requests="停工")
    # the same ID number typed with spaces and a lower-case letter, under another spelling of the name
    typed = id_number()
    typed = f"{typed[:6]} {typed[6:14]} {typed[14:].lower()}"
    with staff.clerk.uow() as uow:
        assert list(people.find_person_ids(uow, [PersonInput(name="张叁", id_number=typed)]).values()) == [
            {"id_number"}]
    by_id = pt.find_repeats(staff.clerk.uow(), petitioners=[PersonInput(name="张叁", id_number=typed)])
    by_phone = pt.find_repeats(staff.clerk.uow(), petitioners=[PersonInput(name="张叁", phone="+86 138 1234 5678")])
    assert [(c.id, "id_number" in c.reasons) for c in by_id] == [(first.id, True)]
    assert [(c.id, "phone" in c.reasons) for c in by_phone] == [(first.id, True)]


def _fresh_key_file(monkeypatch, tmp_path) -> Path:
    """Another PC: a key file of its own, without this database's key."""
    path = tmp_path / "other-pc" / "datakey"
    monkeypatch.setenv(crypto.ENV_KEY_FILE, str(path))
    return path


def test_a_pc_without_the_key_or_with_another_key_is_refused_clearly(ctx, db_url, tmp_path, monkeypatch):
    people.save_person(ctx.uow(), data=PersonInput(name="张三", id_number=ID, phone=PHONE))
    sheet = data_keys.recovery_sheet(ctx.uow())
    ctx.close()
    _fresh_key_file(monkeypatch, tmp_path)
    with pytest.raises(DataKeyMissing) as err:
        open_database(db_url)
    assert err.value.facts["key_id"] == sheet.key_id
    # a database opened without open_database reads no garbage either
    db = Database(db_url)
    with pytest.raises(crypto.DataKeyMissing), db.session() as s:
        s.scalar(select(Person.phone))
    db.dispose()
    # the sheet of another database: refused, nothing kept
    other = crypto.DataKey.new()
    with pytest.raises(WrongDataKey) as wrong:
        data_keys.enter_key(db_url, crypto.recovery_text(other))
    assert (wrong.value.facts["key_id"], wrong.value.facts["given_id"]) == (sheet.key_id, other.key_id)
    # one character typed wrong: the checksum says so
    typed = " ".join(sheet.lines)
    typo = typed[:5] + ("A" if typed[5] != "A" else "B") + typed[6:]
    with pytest.raises(data_keys.InvalidDataKey) as bad:
        data_keys.enter_key(db_url, typo)
    assert bad.value.facts["reason"] == "checksum"
    with pytest.raises(DataKeyMissing):
        open_database(db_url)
    # the right sheet, typed in lower case with 0 for O and without spaces: kept, and the data reads again
    entered = data_keys.enter_key(db_url, typed.lower().replace(" ", "").replace("o", "0"))
    assert entered.key_id == sheet.key_id
    again = open_database(db_url)
    try:
        assert [p.name for p in people.find_people(again.uow(), text=PHONE)] == ["张三"]
    finally:
        again.close()
    # a damaged key on this PC under the database's key id: refused, not decrypting garbage
    path = crypto.key_file_path()
    stored = json.loads(path.read_text())
    stored["keys"][sheet.key_id] = base64.b64encode(other.master).decode()
    path.write_text(json.dumps(stored))
    with pytest.raises(WrongDataKey):
        open_database(db_url)


def test_comparing_an_encrypted_column_with_a_value_is_refused():
    with pytest.raises(crypto.EncryptedComparisonError):
        select(Person.id).where(Person.phone == PHONE)
    with pytest.raises(crypto.EncryptedComparisonError):
        select(Person.id).where(Person.id_number.in_([ID]))
    select(Person.id).where(Person.phone == "", Person.id_number.is_(None))  # "is it empty" is fine


# ---------------------------------------------------------------- migration 0011 of an older database

PLAIN_PEOPLE = [("王五", id_number(seq=611), "13300001111"), ("赵六", None, "0512-66668888"), ("钱七", None, "")]


def test_an_older_sqlite_database_is_backed_up_then_encrypted_in_place(tmp_path):
    from alembic import command

    path = tmp_path / "old.db"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:
        command.upgrade(migrations._config(conn), "0010_audit_chain")
        for name, number, phone in PLAIN_PEOPLE:
            conn.execute(text("INSERT INTO person (name, id_number, phone, address, village, grid, organisation, "
                              "created_at, updated_at, version) VALUES (:n, :i, :p, '', '虎丘村', '', '', "
                              "'2026-01-05 09:00:00', '2026-01-05 09:00:00', 1)"), {"n": name, "i": number, "p": phone})
        conn.execute(text("INSERT INTO mediator (kind, name, organisation, title, phone, active, created_at) "
                          "VALUES ('volunteer', '孙八', '', '', '13900009999', 1, '2026-01-05 09:00:00')"))
    plain = [PLAIN_PEOPLE[0][1], "13300001111", "66668888", "13900009999"]
    assert all(v.encode() in _sqlite_bytes(str(path)) for v in plain)  # the premise: in clear before
    db.dispose()

    ctx = open_database(f"sqlite:///{path}", backup_dir=tmp_path / "backups")
    try:
        # the backup taken before the upgrade is the old database, as it was
        before = list((tmp_path / "backups").glob("*.db"))
        assert len(before) == 1
        with sqlite3.connect(before[0]) as old:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0010_audit_chain",)
        assert migrations.current_revision(ctx.db) == migrations.head_revision()
        state = data_keys.key_state(f"sqlite:///{path}")
        assert state.key_id and state.on_this_pc  # the migration made the key and kept it on this PC
        with ctx.uow(read_only=True) as uow:
            rows = {p.name: (p.id_number, p.phone) for p in uow.session.scalars(select(Person))}
            assert rows == {n: (i, p) for n, i, p in PLAIN_PEOPLE}
            assert uow.session.scalar(select(Mediator.phone)) == "13900009999"
            assert uow.session.scalar(select(Person.name).where(Person.phone_hash == "0512-66668888")) == "赵六"
            assert uow.session.scalar(select(Person.name).where(Person.id_number_hash == PLAIN_PEOPLE[0][1])) == "王五"
            assert uow.session.execute(text("SELECT count(*) FROM person WHERE phone_hash IS NULL")).scalar() == 1
        # the unique ID number lives on the hash now
        with pytest.raises(Exception):  # noqa: B017 - the engine's IntegrityError, whatever its wrapper
            people.save_person(ctx.uow(), data=PersonInput(name="王五五", id_number=PLAIN_PEOPLE[0][1]))
    finally:
        ctx.close()
    assert _found(_sqlite_bytes(str(path)), plain) == []


def test_the_migration_runs_down_and_up_again_with_the_data_intact(ctx, db_url):
    """0011's downgrade decrypts in place; upgrading again encrypts under a new key; nothing is lost."""
    values = _fill(ctx)
    with ctx.uow(read_only=True) as uow:
        before = sorted((p.name, p.id_number, p.phone) for p in uow.session.scalars(select(Person)))
        reps = sorted(uow.session.scalars(select(DisputeParty.rep_phone)))
    ctx.close()
    db = Database(db_url)
    migrations.downgrade(db, "0010_audit_chain")
    with db.engine.connect() as conn:
        plain = sorted(tuple(r) for r in conn.execute(text("SELECT name, id_number, phone FROM person")))
        assert plain == before
    db.dispose()
    if db_url.startswith("sqlite"):
        assert ID.encode() in _sqlite_bytes(db_url.removeprefix("sqlite:///"))
    again = open_database(db_url)
    try:
        with again.uow(read_only=True) as uow:
            assert sorted((p.name, p.id_number, p.phone) for p in uow.session.scalars(select(Person))) == before
            assert sorted(uow.session.scalars(select(DisputeParty.rep_phone))) == reps
        # the re-imported work orders are recognised as unchanged (the keyed content hashes were recomputed)
        opened = intake.open_work_order_file(again.uow(), source="12345", path=FIX / "hotline_basic.xlsx")
        preview = intake.preview_import(again.uow(), source="12345", sheet=opened.sheet, mapping=opened.mapping)
        assert preview.counts.unchanged == 10
    finally:
        again.close()
    if db_url.startswith("sqlite"):
        assert _found(_sqlite_bytes(db_url.removeprefix("sqlite:///")), values) == []
    else:
        assert _found(_pg_plain_dump(db_url), values) == []


def test_the_audit_log_never_holds_the_plain_values(ctx):
    from desktop.models import AuditEntry

    values = _fill(ctx)
    with ctx.uow(read_only=True) as uow:
        log = json.dumps([(e.before, e.after) for e in uow.session.scalars(select(AuditEntry))], ensure_ascii=False)
    assert _found(log.encode(), values) == []
