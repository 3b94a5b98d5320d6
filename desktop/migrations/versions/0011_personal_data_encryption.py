"""personal data encryption: ID numbers and phones stored encrypted, with keyed hashes for lookups

- data_key: the database's key check (desktop.crypto). The key is made here when the database has none and
  kept on this PC (system keyring, or the 0600 key file outside the data folder); the administrator prints
  its recovery sheet with ``onestop key recovery-sheet``.
- person.id_number, person.phone, dispute_party.rep_phone, mediator.phone, queue_appointment.phone: AES-GCM
  ciphertexts (longer columns); person.id_number_hash (unique, instead of id_number) and person.phone_hash
  (indexed, instead of phone): HMAC-SHA256 of the plain value.
- imported_work_order.data (the values of a 12345 or grid work order, with the caller's phone) encrypted as
  a whole; its content_hash becomes keyed (a plain SHA-256 over otherwise known values would give the
  phone away to anyone who tries every number).

The existing values are encrypted in place, in this migration's transaction (desktop.migrations takes the
verified backup of a SQLite file first, and on SQLite turns foreign keys off for the table copies and
overwrites freed pages: PRAGMA secure_delete).

Revision ID: 0011_personal_data_encryption
Revises: 0010_audit_chain
Create Date: 2026-12-08
"""
import datetime as dt

import sqlalchemy as sa
from alembic import context, op

from desktop import crypto

revision = '0011_personal_data_encryption'
down_revision = '0010_audit_chain'
branch_labels = None
depends_on = None

BATCH = 2000
ID_LEN, PHONE_LEN = 137, 147  # crypto.stored_length(18), crypto.stored_length(20)
# (table, encrypted text columns, {hash column: the column it hashes})
TEXT_COLUMNS = (
    ("person", ("id_number", "phone"), {"id_number_hash": "id_number", "phone_hash": "phone"}),
    ("dispute_party", ("rep_phone",), {}),
    ("mediator", ("phone",), {}),
    ("queue_appointment", ("phone",), {}),
)


def _key(conn, *, create: bool) -> crypto.DataKey:
    """The database's key: the one this migration made or found; a new one (kept on this PC) when the
    database has none."""
    record = crypto.read_record(conn)
    if record is not None:
        key = crypto.attached(conn.dialect) or crypto.find_key(record.key_id)
        if key is None:
            raise crypto.DataKeyMissing(record.key_id)
        return crypto.verify(record, key)
    if not create:
        raise crypto.DataKeyMissing(None)
    key = crypto.DataKey.new()
    if not context.config.attributes.get("ephemeral_data_key"):  # a scratch database (drift check) keeps none
        crypto.save_key(key)
    return key


def _rows(conn, table, columns):
    last = 0
    while True:
        rows = conn.execute(sa.select(table.c.id, *[table.c[c] for c in columns]).where(table.c.id > last)
                            .order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _encrypt_all(conn, key):
    def seal(value):
        return value if value in (None, "") or value.startswith(crypto.PREFIX) else key.encrypt(value)

    for name, columns, hashes in TEXT_COLUMNS:
        table = sa.table(name, sa.column("id", sa.Integer), *[sa.column(c, sa.String) for c in (*columns, *hashes)])
        values = {c: sa.bindparam(f"v_{c}") for c in (*columns, *hashes)}
        stmt = sa.update(table).where(table.c.id == sa.bindparam("v_id")).values(**values)
        for rows in _rows(conn, table, columns):
            changes = []
            for row in rows:
                plain = dict(zip(columns, row[1:], strict=True))
                out = {"v_id": row[0], **{f"v_{c}": seal(plain[c]) for c in columns}}
                for h, source in hashes.items():
                    out[f"v_{h}"] = key.lookup(plain[source]) if plain[source] else None
                changes.append(out)
            conn.execute(stmt, changes)
    orders = sa.table("imported_work_order", sa.column("id", sa.Integer), sa.column("data", sa.JSON),
                      sa.column("content_hash", sa.String))
    stmt = (sa.update(orders).where(orders.c.id == sa.bindparam("v_id"))
            .values(data=sa.bindparam("v_data", type_=sa.JSON), content_hash=sa.bindparam("v_hash")))
    for rows in _rows(conn, orders, ("data", "content_hash")):
        changes = []
        for row_id, data, content_hash in rows:
            if isinstance(data, dict) and set(data) == {"e"}:
                continue
            changes.append({"v_id": row_id, "v_data": crypto.EncryptedJSON().process_bind_param(
                data, _Bound(key)), "v_hash": key.digest(content_hash.encode("ascii"))})
        if changes:
            conn.execute(stmt, changes)


class _Bound:
    """A stand-in dialect carrying the key, for the column types' own encoding."""

    def __init__(self, key):
        setattr(self, crypto.DIALECT_KEY, key)


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # the old pages of the copied tables are overwritten with zeros, not left readable in the file
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
    op.create_table(
        "data_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_check", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_key")),
    )
    key = _key(conn, create=True)
    conn.execute(sa.text("INSERT INTO data_key (key_check, created_at) VALUES (:c, :t)"),
                 {"c": key.check, "t": dt.datetime.now().replace(microsecond=0)})

    with op.batch_alter_table("person", recreate="always" if sqlite else "auto") as b:
        b.drop_index("ix_person_phone")
        b.drop_constraint("uq_person_id_number", type_="unique")
        b.alter_column("id_number", existing_type=sa.String(18), type_=sa.String(ID_LEN), existing_nullable=True)
        b.alter_column("phone", existing_type=sa.String(20), type_=sa.String(PHONE_LEN), existing_nullable=False)
        b.add_column(sa.Column("id_number_hash", sa.String(length=64), nullable=True))
        b.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
    for name, column in (("dispute_party", "rep_phone"), ("mediator", "phone"), ("queue_appointment", "phone")):
        with op.batch_alter_table(name, recreate="always" if sqlite else "auto") as b:
            b.alter_column(column, existing_type=sa.String(20), type_=sa.String(PHONE_LEN), existing_nullable=False)

    _encrypt_all(conn, key)
    with op.batch_alter_table("person") as b:
        b.create_unique_constraint(op.f("uq_person_id_number_hash"), ["id_number_hash"])
        b.create_index("ix_person_phone_hash", ["phone_hash"], unique=False)
    crypto.attach(conn.dialect, key)  # the app goes on with this key


def _decrypt_all(conn, key):
    def open_(value):
        return key.decrypt(value) if value and value.startswith(crypto.PREFIX) else value

    for name, columns, _hashes in TEXT_COLUMNS:
        table = sa.table(name, sa.column("id", sa.Integer), *[sa.column(c, sa.String) for c in columns])
        stmt = (sa.update(table).where(table.c.id == sa.bindparam("v_id"))
                .values(**{c: sa.bindparam(f"v_{c}") for c in columns}))
        for rows in _rows(conn, table, columns):
            conn.execute(stmt, [{"v_id": row[0], **{f"v_{c}": open_(v) for c, v in zip(columns, row[1:], strict=True)}}
                                for row in rows])
    orders = sa.table("imported_work_order", sa.column("id", sa.Integer), sa.column("data", sa.JSON),
                      sa.column("content_hash", sa.String))
    stmt = (sa.update(orders).where(orders.c.id == sa.bindparam("v_id"))
            .values(data=sa.bindparam("v_data", type_=sa.JSON), content_hash=sa.bindparam("v_hash")))
    import hashlib
    import json

    for rows in _rows(conn, orders, ("data",)):
        changes = []
        for row_id, data in rows:
            if not (isinstance(data, dict) and set(data) == {"e"}):
                continue
            plain = crypto.EncryptedJSON().process_result_value(data, _Bound(key))
            changes.append({"v_id": row_id, "v_data": plain, "v_hash": hashlib.sha256(
                json.dumps(plain, sort_keys=True, ensure_ascii=False).encode()).hexdigest()})
        if changes:
            conn.execute(stmt, changes)


def downgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    key = _key(conn, create=False)
    with op.batch_alter_table("person") as b:
        b.drop_index("ix_person_phone_hash")
        b.drop_constraint(op.f("uq_person_id_number_hash"), type_="unique")
    _decrypt_all(conn, key)
    with op.batch_alter_table("person", recreate="always" if sqlite else "auto") as b:
        b.drop_column("phone_hash")
        b.drop_column("id_number_hash")
        b.alter_column("phone", existing_type=sa.String(PHONE_LEN), type_=sa.String(20), existing_nullable=False)
        b.alter_column("id_number", existing_type=sa.String(ID_LEN), type_=sa.String(18), existing_nullable=True)
        b.create_unique_constraint(op.f("uq_person_id_number"), ["id_number"])
        b.create_index("ix_person_phone", ["phone"], unique=False)
    for name, column in (("dispute_party", "rep_phone"), ("mediator", "phone"), ("queue_appointment", "phone")):
        with op.batch_alter_table(name, recreate="always" if sqlite else "auto") as b:
            b.alter_column(column, existing_type=sa.String(PHONE_LEN), type_=sa.String(20), existing_nullable=False)
    op.drop_table("data_key")
    crypto.attach(conn.dialect, None)
